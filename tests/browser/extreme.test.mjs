// A group tree of 5,000 groups through the real tools: imported with
// `sos group import` into a store, returned whole by the viewer API of a
// real `sos serve`, and rendered by the dashboard's tree selector with the
// page staying interactive. Prints figures; asserts no timing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { sosPath } from './dashboard-data.mjs';
import { desktop, dist, root, screenshots } from './harness.mjs';
import { startSosServe } from './sos-serve.mjs';

const groupCount = 5000;
/** @param {string[]} args */
const sos = (args) => execFileSync(sosPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let dir = '';
/** @type {Awaited<ReturnType<typeof startSosServe>> | null} */
let server = null;
let base = '';

before(async () => {
  fs.mkdirSync(screenshots, { recursive: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-extreme-'));
  const store = ['--store', path.join(dir, 'store')];
  // A tree eight wide: group i's parent is group (i - 1) / 8, five levels deep.
  const attributes = { performance_pay: true, selling: 'volume', field_visits: true };
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    id: `g${i}`, parent: i === 0 ? null : `g${Math.floor((i - 1) / 8)}`, name: `Group ${i}`, headcount: 10, attributes,
  }));
  const groupsPath = path.join(dir, 'groups.json');
  fs.writeFileSync(groupsPath, JSON.stringify({ format: 'sos-groups/1', groups }));
  sos(['org', 'create', 'big', ...store, '--name', 'Big (test)', '--synthetic']);
  let t0 = performance.now();
  sos(['group', 'import', ...store, 'big', groupsPath]);
  const importMs = performance.now() - t0;
  t0 = performance.now();
  sos(['wave', 'create', ...store, 'big', 'w1', '--survey', path.join(root, 'tests/fixtures/surveys/basic.json'),
    '--closes', '2099-01-01']);
  console.log(`${groupCount} groups: sos group import ${importMs.toFixed(0)} ms, sos wave create ${(performance.now() - t0).toFixed(0)} ms`);

  server = await startSosServe([...store, '--www', dist, '--insecure-cookies', '--close-check', '3600']);
  base = server.base;
});

after(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const viewerLink = () => sos(['viewer', 'issue', '--store', path.join(dir, 'store'), 'big', '--base-url', base])
  .trim().split('\t')[2];

test('the viewer API returns the whole tree of 5,000 groups', async () => {
  const token = viewerLink().split('#v=')[1];
  const session = await fetch(`${base}/api/v1/viewer/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'sos-viewer-session/1', token }),
  });
  assert.equal(session.status, 200);
  const cookie = String(session.headers.get('set-cookie')).split(';')[0];
  const t0 = performance.now();
  const r = await fetch(`${base}/api/v1/viewer/organisation`, { headers: { cookie } });
  const body = await r.json();
  const ms = performance.now() - t0;
  assert.equal(r.status, 200);
  assert.equal(body.groups.length, groupCount);
  assert.equal(body.groups.filter((g) => g.parent === null).length, 1);
  assert.equal(body.groups.find((g) => g.id === 'g4999').parent, 'g624');
  const progress = await fetch(`${base}/api/v1/viewer/waves/w1/progress`, { headers: { cookie } });
  assert.equal(progress.status, 200);
  assert.equal((await progress.json()).groups.length, groupCount);
  console.log(`viewer API: the organisation with ${groupCount} groups in ${ms.toFixed(0)} ms`);
});

test('the dashboard renders the tree selector of 5,000 groups and stays interactive', async () => {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = performance.now();
    await page.goto(viewerLink());
    await page.locator('#content:not([aria-busy])').waitFor({ timeout: 120000 });
    const firstMs = performance.now() - t0;
    assert.equal(await page.locator('#group option').count(), groupCount);
    // A group deep in the tree: its figures come, and the page still answers.
    const t1 = performance.now();
    await page.selectOption('#group', 'g4999');
    await page.locator('#content:not([aria-busy])').waitFor({ timeout: 120000 });
    const switchMs = performance.now() - t1;
    assert.equal(await page.locator('#group').inputValue(), 'g4999');
    const t2 = performance.now();
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    const answerMs = performance.now() - t2;
    await page.selectOption('#language', 'sv');
    await page.locator('#content:not([aria-busy])').waitFor({ timeout: 120000 });
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    assert.deepEqual(errors, []);
    // The viewport only: the whole page holds a row per group.
    await page.screenshot({ path: path.join(screenshots, 'extreme-5000-groups.png') });
    console.log(`dashboard with ${groupCount} groups: first view ${firstMs.toFixed(0)} ms, switch to a deep group `
      + `${switchMs.toFixed(0)} ms, then a script round trip ${answerMs.toFixed(0)} ms`);
  } finally {
    await browser.close();
  }
});
