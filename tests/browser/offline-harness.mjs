// What the offline browser tests share (docs/offline.md): a real `sos serve`
// with a store of its own, behind a small TLS proxy on a non-localhost
// loopback address (a self-signed certificate made here with openssl and
// trusted by its public key, so service workers run), Debian's Chromium with
// a persistent profile, and the steps of answering the fixture survey.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { chromiumPath } from './browser.mjs';
import { dist } from './harness.mjs';
import { sosPath, startSosServe } from './sos-serve.mjs';

export const host = '127.0.0.2';

/**
 * A work folder with the store, the served web files (`www`, a copy of the
 * build whose invites resolve through the API) and the browser profile.
 * @param {string} name
 */
export function createOfflineSetup(name) {
  if (!fs.existsSync(path.join(dist, 'sw.js'))) throw new Error(`${dist} has no sw.js: run npm run build:www`);
  if (!fs.existsSync(sosPath)) throw new Error(`no sos at ${sosPath} (build it, or set SOS_TOOL)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `sos-${name}-`));
  const store = path.join(work, 'store');
  const profile = path.join(work, 'profile');
  const www = path.join(work, 'www');
  /** @type {Awaited<ReturnType<typeof startSosServe>> | null} */
  let endpoint = null;
  /** @type {https.Server | null} */
  let proxy = null;
  /** Every request through the proxy: "METHOD /path". */
  const requests = /** @type {string[]} */ ([]);
  /** Browsers still open, closed by close() when a test failed midway. */
  const contexts = new Set(/** @type {import('playwright-core').BrowserContext[]} */ ([]));

  const setup = {
    work, store, profile, www, requests,
    origin: '',
    /** @param {string[]} args */
    sos: (args) => execFileSync(sosPath, [...args, '--store', store], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),

    /**
     * Puts a web build in place as the deployment serves it: invites
     * resolved through the API. A later call replaces the files (a new
     * version deployed) while the endpoint runs.
     * @param {string} [from]
     */
    deploy(from = dist) {
      fs.rmSync(www, { recursive: true, force: true });
      fs.cpSync(from, www, { recursive: true });
      const index = path.join(www, 'index.html');
      fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/(<meta name="sos-invite-source" content=")[^"]*"/, '$1api"'));
    },

    /** Organisation acme with groups north and south. */
    createOrganisation() {
      const csv = path.join(work, 'groups.csv');
      fs.writeFileSync(csv, 'id,parent,name,headcount,performance_pay,selling,field_visits\n' +
        'acme,,Acme,0,true,volume,true\nnorth,acme,North,20,true,volume,true\nsouth,acme,South,20,true,volume,true\n');
      setup.sos(['org', 'create', 'acme', '--name', 'Acme (offline test)', '--k', '3', '--comment-k', '3']);
      setup.sos(['group', 'import', 'acme', csv]);
    },

    /** @param {string} wave @param {string} group @returns {string} the token */
    issue(wave, group) {
      return setup.sos(['invite', 'issue', 'acme', wave, '--group', group]).trim().split('/#/i/')[1];
    },

    async startEndpoint() {
      endpoint = await startSosServe(['--store', store, '--www', www, '--close-check', '3600']);
    },

    async stopEndpoint() {
      const running = endpoint;
      endpoint = null;
      await running?.stop();
    },

    /** TLS on 127.0.0.2 in front of the endpoint on 127.0.0.1; 502 while it is stopped. */
    async startProxy() {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem'), '-days', '2', '-subj', `/CN=${host}`,
        '-addext', `subjectAltName=IP:${host}`], { stdio: 'ignore' });
      proxy = https.createServer({ key: fs.readFileSync(path.join(work, 'key.pem')), cert: fs.readFileSync(path.join(work, 'cert.pem')) },
        (req, res) => {
          requests.push(`${req.method} ${req.url}`);
          if (!endpoint) {
            res.writeHead(502, { 'content-type': 'text/plain' });
            return res.end('the endpoint is stopped');
          }
          const upstream = http.request({ host: '127.0.0.1', port: endpoint.port, method: req.method, path: req.url, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            });
          upstream.on('error', () => {
            res.writeHead(502);
            res.end();
          });
          req.pipe(upstream);
        });
      const server = proxy;
      await new Promise((resolve) => server.listen(0, host, () => resolve(undefined)));
      setup.origin = `https://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
    },

    /**
     * Chromium on the test's profile, trusting the certificate.
     * @param {Omit<import('playwright-core').BrowserContextOptions, 'executablePath'>} [options]
     */
    async launch(options = {}) {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        locale: 'en-GB',
        viewport: { width: 400, height: 800 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', `--ignore-certificate-errors-spki-list=${spkiHash(work)}`],
        ...options,
      });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      const page = context.pages()[0] ?? (await context.newPage());
      return { context, page };
    },

    /**
     * Opens a link as a fresh page load (the app reloads on a new hash anyway).
     * @param {import('playwright-core').Page} page @param {string} token
     */
    async open(page, token) {
      await page.goto('about:blank');
      await page.goto(`${setup.origin}/#/i/${token}`);
      await page.locator('main h1').waitFor();
    },

    /** The organisation's stored aggregates and comments, through `sos org export`. */
    exported: () => JSON.parse(setup.sos(['org', 'export', 'acme'])),

    /**
     * Respondents counted in the store for a wave and group.
     * @param {string} waveId @param {string} group
     */
    respondents(waveId, group) {
      const wave = setup.exported().waves.find((/** @type {any} */ w) => w.id === waveId);
      return wave.aggregates.filter((/** @type {any} */ a) => a.group === group && a.cell === 'respondents')
        .reduce((n, /** @type {any} */ a) => n + a.n, 0);
    },

    async close() {
      for (const context of [...contexts]) await context.close().catch(() => {});
      await setup.stopEndpoint();
      const server = proxy;
      if (server) await new Promise((resolve) => server.close(() => resolve(undefined)));
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
  return setup;
}

/** The certificate's public key hash, which Chromium then trusts as a valid certificate. @param {string} work */
function spkiHash(work) {
  const der = execFileSync('sh', ['-c', `openssl x509 -pubkey -noout -in "${path.join(work, 'cert.pem')}" | openssl pkey -pubin -outform der`]);
  return execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString('base64');
}

/**
 * Polls an async condition in the page (evaluate awaits it; waitForFunction
 * would take the promise itself as true).
 * @param {import('playwright-core').Page} page @param {() => Promise<boolean>} condition
 */
export async function until(page, condition, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!(await page.evaluate(condition))) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Polls an async condition in the test.
 * @param {() => Promise<boolean> | boolean} condition @param {string} what
 */
export async function eventually(condition, what, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** @param {import('playwright-core').Page} page */
export const heading = (page) => page.locator('main h1').innerText();

/**
 * The fixture survey's steps as a seller, from the role question to the
 * last page; `respond` runs them all and submits.
 */
export const steps = {
  /** @param {import('playwright-core').Page} page */
  async role(page) {
    await page.getByRole('radio', { name: 'Seller' }).check();
    await page.getByRole('button', { name: 'Start' }).click();
  },
  /** @param {import('playwright-core').Page} page */
  async page1(page) {
    for (const id of ['goals_clear', 'goals_followed', 'pay_fair']) await page.locator(`#in-${id}-4`).check();
    await page.getByRole('button', { name: 'Next' }).click();
  },
  /** @param {import('playwright-core').Page} page */
  async page2(page) {
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Calls' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
  },
  /** @param {import('playwright-core').Page} page */
  async page3(page) {
    await page.locator('#in-visits_planned-3').check();
    await page.getByRole('button', { name: 'Next' }).click();
  },
  /** @param {import('playwright-core').Page} page @param {string} [comment] */
  async submit(page, comment) {
    if (comment) await page.locator('#in-free_words-value').fill(comment);
    await page.getByRole('button', { name: 'Review answers' }).click();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
  },
};

/**
 * Answers the fixture survey as a seller, with a comment when given.
 * @param {import('playwright-core').Page} page @param {string} [comment]
 */
export async function respond(page, comment) {
  await steps.role(page);
  await steps.page1(page);
  await steps.page2(page);
  await steps.page3(page);
  await steps.submit(page, comment);
}

/**
 * The outbox as the page's IndexedDB holds it: each entry's kind and its
 * body's format.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{kind: string, format: string}[]>}
 */
export const outboxEntries = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const request = indexedDB.open('sos');
  request.onerror = () => reject(request.error);
  request.onsuccess = () => {
    const all = request.result.transaction('outbox').objectStore('outbox').getAll();
    all.onsuccess = () => {
      resolve(all.result.map((e) => ({ kind: e.kind, format: JSON.parse(e.body).format })));
      request.result.close();
    };
  };
}));
