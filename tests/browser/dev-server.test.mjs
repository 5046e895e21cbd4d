// `npm run dev:www` (www/vite.dev.config.mjs): Vite's dev server in front of a
// real `sos serve`, as a developer runs it next to tools/dev/run-demo. A link
// issued by the tool opens on the dev server, its invite carries the
// endpoint's sealing key, and the submission is validated and counted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createServer } from 'vite';

import { launchChromium } from './browser.mjs';
import { root } from './harness.mjs';
import { respond } from './offline-harness.mjs';
import { sosPath, startSosServe } from './sos-serve.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-dev-server-'));
const store = path.join(work, 'store');
/** @param {string[]} args */
const sos = (args) => execFileSync(sosPath, [...args, '--store', store], { encoding: 'utf8' });
/** @type {Awaited<ReturnType<typeof startSosServe>>} */
let endpoint;
/** @type {import('vite').ViteDevServer} */
let vite;
let token = '';

before(async () => {
  const csv = path.join(work, 'groups.csv');
  fs.writeFileSync(csv, 'id,parent,name,headcount,performance_pay,selling,field_visits\nacme,,Acme,0,true,volume,true\n' +
    'north,acme,North,20,true,volume,true\n');
  sos(['org', 'create', 'acme', '--name', 'Acme (dev server test)', '--k', '3']);
  sos(['group', 'import', 'acme', csv]);
  sos(['wave', 'create', 'acme', 'w1', '--survey', path.join(root, 'tests/fixtures/surveys/basic.json'), '--closes', '2099-01-01']);
  token = sos(['invite', 'issue', 'acme', 'w1', '--group', 'north']).trim().split('\t')[2].split('/#/i/')[1];
  endpoint = await startSosServe(['--store', store]);
  process.env.SOS_ENDPOINT = endpoint.base;
  vite = await createServer({ configFile: path.join(root, 'www/vite.dev.config.mjs'), logLevel: 'error', server: { port: 0 } });
  await vite.listen();
});

after(async () => {
  await vite?.close();
  await endpoint?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('the dev server resolves a real link through the endpoint, and the submission is counted', { timeout: 120_000 }, async () => {
  const address = /** @type {import('node:net').AddressInfo} */ (vite.httpServer?.address());
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ locale: 'en-GB' });
    const problems = /** @type {string[]} */ ([]);
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`http://127.0.0.1:${address.port}/#/i/${token}`);
    await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor({ timeout: 60_000 });
    await respond(page);
    await page.getByText('Your answers have been sent.').waitFor({ timeout: 30_000 });
    const wave = JSON.parse(sos(['org', 'export', 'acme'])).waves[0];
    const respondents = wave.aggregates.filter((/** @type {any} */ a) => a.group === 'north' && a.cell === 'respondents')
      .reduce((n, /** @type {any} */ a) => n + a.n, 0);
    assert.equal(respondents, 1);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
