// A group tree of 5,000 groups through the real tools: imported with
// `sos group import` into a store, returned whole by the viewer API of a
// real `sos serve`, and shown by the dashboard: the selector holds the whole
// tree, the finder finds a deep group by name, its figures come from the
// engine, and the tables stay to the group's family. Prints figures (first
// view, each switch, the engine's and the drawing's share); asserts no
// timing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { deepRespondents, findGroup, groupCount, pageMeasures, startLargeOrganisation, timedView } from './dashboard-large.mjs';
import { desktop, dist, expectAccessible, root, screenshots } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof startLargeOrganisation>> | null} */
let org = null;
let base = '';
/** @type {() => string} */
let viewerLink = () => '';

before(async () => {
  fs.mkdirSync(screenshots, { recursive: true });
  org = await startLargeOrganisation({ root, dist });
  base = org.base;
  viewerLink = org.viewerLink;
  console.log(org.setup);
});

after(async () => {
  await org?.stop();
});

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
    const timings = [];
    /** @param {string} label @param {() => Promise<unknown>} action */
    const timed = async (label, action) => {
      timings.push(`${label} ${(await timedView(page, action)).toFixed(0)} ms`);
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
    await timed('find and show a deep group', () => findGroup(page, 'group 4999', 'g4999'));
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
    console.log(`dashboard with ${groupCount} groups, in the page (ms): ${JSON.stringify(await pageMeasures(page))}`);
  } finally {
    await browser.close();
  }
});
