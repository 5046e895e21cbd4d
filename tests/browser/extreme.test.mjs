// A group tree of 5,000 groups through the real tools: imported with
// `sos group import` into a store, returned whole by the viewer API of a
// real `sos serve`, and shown by the dashboard: the selector holds the whole
// tree, the finder finds a deep group by name, its figures come from the
// engine, and the tables stay to the group's family. Prints figures (first
// view, each switch, the engine's and the drawing's share); asserts no
// timing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { sosPath } from './dashboard-data.mjs';
import { desktop, dist, expectAccessible, root, screenshots } from './harness.mjs';
import { postSealed } from './sealed-post.mjs';
import { startSosServe } from './sos-serve.mjs';

const groupCount = 5000;
// Generous: the point is that it works on a loaded machine, not how fast.
const patience = { timeout: 300000 };
/** @param {string[]} args */
const sos = (args) => execFileSync(sosPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const surveyPath = path.join(root, 'tests/fixtures/surveys/basic.json');
// Sellers in the deep group g4999 (five levels down): enough to be shown.
const deepRespondents = 6;

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
  sos(['wave', 'create', ...store, 'big', 'w1', '--survey', surveyPath, '--title', 'Spring', '--closes', '2099-01-01']);
  const createMs = performance.now() - t0;
  sos(['wave', 'create', ...store, 'big', 'w2', '--survey', surveyPath, '--title', 'Autumn', '--closes', '2099-01-01']);

  server = await startSosServe([...store, '--www', dist, '--insecure-cookies', '--close-check', '3600',
    '--token-rate', '0', '--address-rate', '0']);
  base = server.base;
  // Contributions through the real API into the deep group, then the first
  // wave closed: its figures are released for all 5,000 groups.
  const links = new Map(sos(['invite', 'issue', ...store, 'big', 'w1']).trim().split('\n')
    .map((l) => l.split('\t')).map(([g, , link]) => [g, link.slice(link.indexOf('/#/i/') + 5)]));
  const lines = sos(['simulate', surveyPath, '-n', String(deepRespondents), '--seed', '8', '--group',
    JSON.stringify(attributes), '--roles', 'seller=1', '--output', 'submissions']).trim().split('\n');
  for (const line of lines) {
    const kind = JSON.parse(line).format === 'sos-comment/1' ? 'comments' : 'contributions';
    // A connection per request: the server drops idle ones while the wave closes.
    const r = await postSealed(base, `/api/v1/invite/${links.get('g4999')}/${kind}`, line, { connection: 'close' });
    assert.ok(r.status < 300, `${kind}: ${r.status} ${await r.text()}`);
  }
  t0 = performance.now();
  sos(['wave', 'close', ...store, 'big', 'w1']);
  console.log(`${groupCount} groups: sos group import ${importMs.toFixed(0)} ms, sos wave create ${createMs.toFixed(0)} ms, `
    + `sos wave close ${(performance.now() - t0).toFixed(0)} ms`);
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
  const progress = await fetch(`${base}/api/v1/viewer/waves/w2/progress`, { headers: { cookie } });
  assert.equal(progress.status, 200);
  assert.equal((await progress.json()).groups.length, groupCount);
  console.log(`viewer API: the organisation with ${groupCount} groups in ${ms.toFixed(0)} ms`);
});

/** The page's own measures (main.js): the engine's load, view and the drawing, in ms. */
const measures = (page) => page.evaluate(() => Object.fromEntries(['sos-report-load', 'sos-view-engine', 'sos-view-render']
  .map((name) => [name, performance.getEntriesByName(name).map((e) => Math.round(e.duration))])));

/** The rows of a table as text. @param {import('playwright-core').Page} page @param {string} selector */
const tableRows = (page, selector) => page.locator(`${selector} tbody tr`).evaluateAll((trs) =>
  trs.map((r) => [...r.children].map((c) => /** @type {HTMLElement} */ (c).innerText.trim())));

test('the dashboard finds a deep group among 5,000 and shows its figures', async () => {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const ready = () => page.locator('#content:not([aria-busy])').waitFor(patience);
    const timings = [];
    const timed = async (label, action) => {
      const t0 = performance.now();
      await action();
      await ready();
      timings.push(`${label} ${(performance.now() - t0).toFixed(0)} ms`);
    };

    // First view: the root group of the latest closed wave.
    await timed('first view', () => page.goto(viewerLink()));
    assert.equal(await page.locator('#content').getAttribute('data-state'), 'closed');
    assert.equal(await page.locator('#group option').count(), groupCount);
    assert.equal(await page.locator('#group').inputValue(), 'g0');
    // The heatmap and the response table hold the root and its eight
    // children, with a note saying so; not 5,000 rows.
    assert.deepEqual((await tableRows(page, 'table.heat')).map((r) => r[0]).sort(),
      ['Group 0', ...Array.from({ length: 8 }, (_, i) => `Group ${i + 1}`)].sort());
    assert.equal(await page.locator('.responses tbody tr').count(), 9);
    assert.equal(await page.locator('.heatmap .note.near').count(), 1);

    // The finder: part of a name lists matches with their path; the keyboard
    // picks one, and the deep group's own figures come.
    await page.locator('#group-search').fill('group 4999');
    const match = page.locator('#group-matches [role="option"][data-group="g4999"]');
    await match.waitFor();
    assert.equal((await match.innerText()).replace(/\s+/g, ' '),
      'Group 4999 Group 0 › Group 1 › Group 9 › Group 77 › Group 624');
    assert.equal(await page.locator('#group-search').getAttribute('aria-expanded'), 'true');
    await expectAccessible(page, 'group finder with matches');
    await timed('find and show a deep group', async () => {
      await page.locator('#group-search').press('ArrowDown');
      await page.locator('#group-search').press('Enter');
    });
    assert.equal(await page.locator('#group').inputValue(), 'g4999');
    assert.equal(await page.locator('#summary-h').innerText(), 'Group 4999 · Spring');
    assert.equal(await page.locator('[data-figure="respondents"]').innerText(), String(deepRespondents));
    const scores = (await tableRows(page, 'table.dimension-table')).map((r) => r[1]);
    // Scores shown (a dimension fewer of them answered may be withheld).
    assert.ok(scores.filter((s) => /^\d\.\d$/.test(s)).length >= 2, JSON.stringify(scores));
    // Beside it: its parent and its six siblings; compared with its parent
    // and the company.
    assert.deepEqual((await tableRows(page, 'table.heat')).map((r) => r[0]).sort(),
      ['Group 624', ...Array.from({ length: 7 }, (_, i) => `Group ${4993 + i}`)].sort());
    assert.ok((await page.locator('.comparison thead th').allInnerTexts()).includes('Group 624'));

    // The selector works as well. (The parent's figures are withheld: they
    // would reveal what its other children did not answer by subtraction.)
    await timed('switch with the selector', () => page.selectOption('#group', 'g624'));
    assert.equal(await page.locator('#summary-h').innerText(), 'Group 624 · Spring');
    assert.equal(await page.locator('table.dimension-table tbody tr').count(), scores.length);
    // The open wave: counts for the group's family only.
    await timed('switch to the open wave', () => page.selectOption('#wave', 'w2'));
    assert.equal(await page.locator('#content').getAttribute('data-state'), 'open');
    assert.equal((await tableRows(page, '.responses')).find((r) => r[0] === 'Group 4999')?.[2], '10');
    await timed('switch language', () => page.selectOption('#language', 'sv'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    assert.equal(await page.locator('#group').inputValue(), 'g624');
    const t2 = performance.now();
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    timings.push(`then a script round trip ${(performance.now() - t2).toFixed(0)} ms`);
    await expectAccessible(page, 'open wave of a large tree');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(screenshots, 'extreme-5000-groups.png'), fullPage: true });
    console.log(`dashboard with ${groupCount} groups: ${timings.join(', ')}`);
    console.log(`dashboard with ${groupCount} groups, in the page (ms): ${JSON.stringify(await measures(page))}`);
  } finally {
    await browser.close();
  }
});
