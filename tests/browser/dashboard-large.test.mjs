// The dashboard of 5,000 groups keeps answering the viewer while the engine
// loads the wave: the report engine runs in a worker, so input typed into the
// group finder is handled by the page while the engine is still reading the
// releases (the page's "sos-report-load" measure, taken from the worker's
// clock). Observed by order of events, never by a duration. Against a real
// `sos serve` with the organisation of tests/browser/dashboard-large.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { deepRespondents, findGroup, startLargeOrganisation } from './dashboard-large.mjs';
import { desktop, dist, root } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof startLargeOrganisation>> | null} */
let org = null;
/** @type {import('playwright-core').Browser | null} */
let browser = null;

before(async () => {
  org = await startLargeOrganisation({ root, dist });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await org?.stop();
});

test('the page handles typing in the finder while the engine loads a wave of 5,000 groups', async () => {
  const context = await /** @type {import('playwright-core').Browser} */ (browser).newContext({ viewport: desktop });
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  // When the page's thread handled each input in the finder, on the page's clock.
  await page.addInitScript(() => {
    const handled = /** @type {number[]} */ ([]);
    /** @type {any} */ (window).__sosInputs = handled;
    document.addEventListener('input', (e) => {
      if (/** @type {HTMLElement} */ (e.target).id === 'group-search') handled.push(performance.now());
    }, true);
  });
  // The wave's figures are held until the viewer has started typing, so the
  // engine's load cannot be over before the first keystroke.
  /** @type {() => void} */
  let release = () => {};
  const typing = new Promise((resolve) => { release = () => resolve(undefined); });
  let held = 0;
  await context.route('**/api/v1/viewer/waves/*/figures', async (route) => {
    held += 1;
    await typing;
    await route.continue();
  });
  await page.goto(/** @type {NonNullable<typeof org>} */ (org).viewerLink());
  const search = page.locator('#group-search');
  await search.waitFor();
  // Type and erase until the first view is shown; each keystroke waits for
  // the page to take it.
  const busy = page.locator('#content[aria-busy]');
  for (let i = 0; i === 0 || await busy.count(); i += 1) {
    await search.press(i % 2 ? 'Backspace' : 'g');
    if (i === 0) release();
  }
  assert.equal(held, 1, 'the figures request was held until typing began');
  const seen = await page.evaluate(() => ({
    inputs: /** @type {number[]} */ (/** @type {any} */ (window).__sosInputs),
    loads: performance.getEntriesByName('sos-report-load').map((e) => ({ start: e.startTime, end: e.startTime + e.duration })),
  }));
  assert.equal(seen.loads.length, 1, 'the wave is loaded once');
  const [load] = seen.loads;
  const during = seen.inputs.filter((at) => at > load.start && at < load.end);
  console.log(`${seen.inputs.length} inputs handled before the first view, ${during.length} of them while the engine `
    + `loaded the wave (${(load.end - load.start).toFixed(0)} ms)`);
  assert.ok(during.length > 0,
    `no input was handled while the engine loaded the wave (${seen.inputs.length} inputs, load ${load.start.toFixed(0)}-${load.end.toFixed(0)} ms)`);

  // And the deep group's figures are the engine's, as before.
  await search.fill('');
  await findGroup(page, 'group 4999', 'g4999');
  await page.locator('#content:not([aria-busy])').waitFor();
  assert.equal(await page.locator('[data-figure="respondents"]').innerText(), String(deepRespondents));
  assert.deepEqual(problems, []);
  await context.close();
});
