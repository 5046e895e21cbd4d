// Offline sessions synced later (docs/offline.md), in Debian's Chromium with a
// persistent profile, over HTTPS on a non-localhost loopback address (a
// self-signed certificate made here with openssl and trusted by its public
// key, so service workers run) through a small reverse proxy in front of a
// real `sos serve`:
// first visits online; then the browser offline and the endpoint stopped;
// two respondents answer with comments, and a third answers a wave in its
// grace period; reloads and a browser restart; the profile folder holds no
// comment text and no answer JSON; the endpoint back, each contribution and
// comment counted exactly once in the store, and the contribution that
// arrives after the grace period refused and shown as such.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { chromiumPath } from './browser.mjs';
import { dist, root } from './harness.mjs';
import { sosPath, startSosServe } from './sos-serve.mjs';

const host = '127.0.0.2';
const comments = { north: 'Offline note zebra-4711 from north', south: 'Offline note okapi-0815 from south' };

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-offline-'));
const store = path.join(work, 'store');
const profile = path.join(work, 'profile');
const www = path.join(work, 'www');
/** @param {string[]} args */
const sos = (args) => execFileSync(sosPath, [...args, '--store', store], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** @type {Awaited<ReturnType<typeof startSosServe>> | null} */
let endpoint = null;
/** @type {https.Server} */
let proxy;
let origin = '';
/** @type {Record<string, string>} group or wave -> invite token */
const tokens = {};

async function startEndpoint() {
  endpoint = await startSosServe(['--store', store, '--www', www, '--close-check', '3600']);
}

async function stopEndpoint() {
  const running = endpoint;
  endpoint = null;
  await running?.stop();
}

/** TLS on 127.0.0.2 in front of the endpoint on 127.0.0.1; 502 while it is stopped. */
async function startProxy() {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem'), '-days', '2', '-subj', `/CN=${host}`,
    '-addext', `subjectAltName=IP:${host}`], { stdio: 'ignore' });
  proxy = https.createServer({ key: fs.readFileSync(path.join(work, 'key.pem')), cert: fs.readFileSync(path.join(work, 'cert.pem')) },
    (req, res) => {
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
  await new Promise((resolve) => proxy.listen(0, host, () => resolve(undefined)));
  origin = `https://${host}:${/** @type {import('node:net').AddressInfo} */ (proxy.address()).port}`;
}

/** The certificate's public key hash, which Chromium then trusts as a valid certificate. */
function spkiHash() {
  const der = execFileSync('sh', ['-c', `openssl x509 -pubkey -noout -in "${path.join(work, 'cert.pem')}" | openssl pkey -pubin -outform der`]);
  return execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString('base64');
}

async function launch() {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    locale: 'en-GB',
    viewport: { width: 400, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', `--ignore-certificate-errors-spki-list=${spkiHash()}`],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * Polls an async condition in the page (evaluate awaits it; waitForFunction
 * would take the promise itself as true).
 * @param {import('playwright-core').Page} page @param {() => Promise<boolean>} condition
 */
async function until(page, condition, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!(await page.evaluate(condition))) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** @param {import('playwright-core').Page} page */
const heading = (page) => page.locator('main h1').innerText();

/**
 * Answers the fixture survey as a seller, with a comment when given.
 * @param {import('playwright-core').Page} page @param {string} [comment]
 */
async function respond(page, comment) {
  await page.getByRole('radio', { name: 'Seller' }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  for (const id of ['goals_clear', 'goals_followed', 'pay_fair']) await page.locator(`#in-${id}-4`).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Calls' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('#in-visits_planned-3').check();
  await page.getByRole('button', { name: 'Next' }).click();
  if (comment) await page.locator('#in-free_words-value').fill(comment);
  await page.getByRole('button', { name: 'Review answers' }).click();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
}

/**
 * Opens a link as a fresh page load (the app reloads on a new hash anyway).
 * @param {import('playwright-core').Page} page @param {string} token
 */
async function open(page, token) {
  await page.goto('about:blank');
  await page.goto(`${origin}/#/i/${token}`);
  await page.locator('main h1').waitFor();
}

/**
 * Every file under `folder` that holds `needle`, as UTF-8 or UTF-16, plain or
 * escaped inside a JSON string.
 * @param {string} folder @param {string} needle
 */
function filesHolding(folder, needle) {
  const texts = [needle, needle.replaceAll('"', '\\"')];
  const forms = texts.flatMap((text) => [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')]);
  const found = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    let bytes;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    if (forms.some((form) => bytes.includes(form))) found.push(path.relative(folder, file));
  }
  return found;
}

/** The organisation's stored aggregates and comments, through `sos org export`. */
function exported() {
  return JSON.parse(sos(['org', 'export', 'acme']));
}

before(async () => {
  if (!fs.existsSync(path.join(dist, 'sw.js'))) throw new Error(`${dist} has no sw.js: run npm run build:www`);
  if (!fs.existsSync(sosPath)) throw new Error(`no sos at ${sosPath} (build it, or set SOS_TOOL)`);
  // The built app as a deployment serves it: invites resolved through the API.
  fs.cpSync(dist, www, { recursive: true });
  const index = path.join(www, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/(<meta name="sos-invite-source" content=")[^"]*"/, '$1api"'));
  const csv = path.join(work, 'groups.csv');
  fs.writeFileSync(csv, 'id,parent,name,headcount,performance_pay,selling,field_visits\n' +
    'acme,,Acme,0,true,volume,true\nnorth,acme,North,20,true,volume,true\nsouth,acme,South,20,true,volume,true\n');
  const survey = path.join(root, 'tests/fixtures/surveys/basic.json');
  sos(['org', 'create', 'acme', '--name', 'Acme (offline test)', '--k', '3', '--comment-k', '3']);
  sos(['group', 'import', 'acme', csv]);
  sos(['wave', 'create', 'acme', 'w1', '--survey', survey, '--closes', '2099-01-01', '--grace', '7d']);
  // A wave already closed and in its grace period: answers made offline still count, until the grace ends.
  sos(['wave', 'create', 'acme', 'w2', '--survey', survey, '--opens', '2020-01-01', '--closes', '2021-01-01', '--grace', '36500d']);
  for (const [wave, groups] of [['w1', ['north', 'south']], ['w2', ['north']]]) {
    for (const group of groups) {
      const line = sos(['invite', 'issue', 'acme', wave, '--group', group]);
      tokens[wave === 'w1' ? group : 'late'] = line.trim().split('/#/i/')[1];
    }
  }
  await startEndpoint();
  await startProxy();
});

after(async () => {
  await stopEndpoint();
  await new Promise((resolve) => proxy?.close(() => resolve(undefined)) ?? resolve(undefined));
  fs.rmSync(work, { recursive: true, force: true });
});

test('answered offline, kept sealed through reloads and a restart, counted once when the endpoint is back', async () => {
  // First visits, online: the service worker keeps the app, the module and
  // each invite's survey; the app keeps each invite lookup.
  let { context, page } = await launch();
  const problems = [];
  const watch = (/** @type {import('playwright-core').Page} */ p) => p.on('pageerror', (e) => problems.push(e.message));
  watch(page);
  // Each first visit lasts until the worker holds its survey (on the very
  // first one, the worker installs meanwhile and then fetches it).
  for (const [i, token] of [tokens.north, tokens.south, tokens.late].entries()) {
    await open(page, token);
    assert.equal(await heading(page), 'Before you start');
    await until(page, new Function(`return (async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const surveys = await (await caches.open('sos-surveys-1')).keys();
      return registration?.active?.state === 'activated' && surveys.length === ${i + 1};
    })()`));
  }

  // The network is gone: the browser is offline and the endpoint stopped.
  await stopEndpoint();
  await context.setOffline(true);
  await open(page, tokens.north);
  if ((await heading(page)) !== 'Before you start') {
    const state = await page.evaluate(async () => ({
      controlled: Boolean(navigator.serviceWorker.controller),
      surveys: (await (await caches.open('sos-surveys-1')).keys()).map((r) => r.url),
      caches: await caches.keys(),
      invites: await new Promise((resolve) => {
        const r = indexedDB.open('sos');
        r.onsuccess = () => { const g = r.result.transaction('invites').objectStore('invites').getAllKeys(); g.onsuccess = () => resolve(g.result); };
      }),
    }));
    assert.fail(`the app does not open offline: ${await page.locator('main').innerText()} ${JSON.stringify(state)}`);
  }
  await respond(page, comments.north);
  await page.getByText('waiting to be sent').waitFor();
  await page.reload();
  await page.getByText('waiting to be sent').waitFor();

  await open(page, tokens.south);
  await respond(page, comments.south);
  await open(page, tokens.late);
  await respond(page);
  await page.getByText('waiting to be sent').waitFor();

  // The browser is closed and started again on the same profile, still offline.
  await context.close();
  // Answers as the saved session holds them, a contribution's and a
  // comment's JSON: none of it readable anywhere in the profile (the app's
  // files and the cached survey hold question ids, never answers).
  const needles = [[comments.north, 'a comment'], [comments.south, 'a comment'], ['"goals_clear":4', 'an answer'],
    ['"answers":{', 'a saved session'], ['"role":"seller"', 'a contribution'], ['"submission":"', 'a contribution'],
    ['"question":"free_words"', 'a comment']];
  for (const [text, what] of needles) {
    assert.deepEqual(filesHolding(dist, text), [], `${text} is in the app's own files: the search would prove nothing`);
    assert.deepEqual(filesHolding(profile, text), [], `the profile holds ${what} in readable form (${text})`);
  }
  ({ context, page } = await launch());
  watch(page);
  await context.setOffline(true);
  await open(page, tokens.north);
  await page.getByText('waiting to be sent').waitFor();
  const waiting = await page.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.open('sos');
    request.onsuccess = () => {
      const all = request.result.transaction('outbox').objectStore('outbox').getAll();
      all.onsuccess = () => resolve(all.result.map((e) => ({ kind: e.kind, format: JSON.parse(e.body).format })));
    };
  }));
  assert.deepEqual(waiting.map((e) => e.kind).sort(), ['comment', 'comment', 'contribution', 'contribution', 'contribution']);
  assert.ok(waiting.every((e) => e.format === 'sos-sealed/1'));

  // Meanwhile the grace period of w2 ends.
  sos(['wave', 'schedule', 'acme', 'w2', '--grace', '0']);

  // The endpoint and the network come back: the outbox goes out by itself.
  await startEndpoint();
  await context.setOffline(false);
  await page.getByText('Your answers have been sent.').waitFor({ timeout: 60000 });
  await open(page, tokens.late);
  await page.getByText('Your answers arrived after the survey had closed and could not be counted.').waitFor({ timeout: 60000 });
  await until(page, () => new Promise((resolve) => {
    const request = indexedDB.open('sos');
    request.onsuccess = () => {
      const count = request.result.transaction('outbox').objectStore('outbox').count();
      count.onsuccess = () => resolve(count.result === 0);
    };
  }), 60000);

  // Once sent, the links open afresh (the refusal stays on show for its link).
  await open(page, tokens.south);
  assert.equal(await heading(page), 'Before you start');
  const data = exported();
  const wave = (/** @type {string} */ id) => data.waves.find((/** @type {any} */ w) => w.id === id);
  const respondents = (/** @type {any} */ w, /** @type {string} */ group) =>
    w.aggregates.filter((/** @type {any} */ a) => a.group === group && a.cell === 'respondents').reduce((n, /** @type {any} */ a) => n + a.n, 0);
  assert.equal(respondents(wave('w1'), 'north'), 1, JSON.stringify(wave('w1').aggregates).slice(0, 400));
  assert.equal(respondents(wave('w1'), 'south'), 1);
  assert.equal(respondents(wave('w2'), 'north'), 0, 'after the grace period nothing is counted');
  assert.deepEqual(wave('w1').comments.map((/** @type {any} */ c) => c.text).sort(), [comments.north, comments.south].sort());
  assert.deepEqual(problems, []);
  await context.close();
});
