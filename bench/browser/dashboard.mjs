// The dashboard figures of a large organisation (prints figures; not a test).
// Run after the native build, the wasm build and `npm run build:www`:
//
//   SOS_BIN=build/native/tools/sos node bench/browser/dashboard.mjs
//
// SOS_DIST names another web build (as for the browser tests),
// SOS_BENCH_RUNS the number of page loads (default 3; medians printed).
//
// Prints, for 5,000 groups in a real `sos serve` (tests/browser/dashboard-large.mjs):
// time from navigation to the first view, to a deep group found with the
// finder, and to the parent chosen in the selector; and the page's own
// measures: the engine loading the wave's figures, one view in the engine,
// and drawing it; and the longest task on the page's main thread (Chromium's
// "longtask" entries, tasks over 50 ms) during the first view and during the
// two switches after it.
import os from 'node:os';

import { launchChromium } from '../../tests/browser/browser.mjs';
import { findGroup, groupCount, pageMeasures, startLargeOrganisation, timedView } from '../../tests/browser/dashboard-large.mjs';
import { dist, root } from '../../tests/browser/harness.mjs';

const runs = Number(process.env.SOS_BENCH_RUNS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

const org = await startLargeOrganisation({ root, dist });
const browser = await launchChromium();
/** @type {Record<string, number[]>} */
const figures = { first: [], find: [], select: [], load: [], engine: [], render: [], longFirst: [], longSwitch: [] };
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const tasks = /** @type {number[][]} */ ([]);
      /** @type {any} */ (window).__sosLongTasks = tasks;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const longest = (/** @type {number} */ from) => page.evaluate((at) => Math.max(0, .../** @type {number[][]} */ (
      /** @type {any} */ (window).__sosLongTasks).filter(([start]) => start >= at).map(([, d]) => d)), from);
    figures.first.push(await timedView(page, () => page.goto(org.viewerLink())));
    figures.longFirst.push(await longest(0));
    const shown = await page.evaluate(() => performance.now());
    figures.find.push(await timedView(page, () => findGroup(page, 'group 4999', 'g4999')));
    figures.select.push(await timedView(page, () => page.selectOption('#group', 'g624')));
    figures.longSwitch.push(await longest(shown));
    const measured = await pageMeasures(page);
    figures.load.push(measured['sos-report-load'][0]);
    figures.engine.push(median(measured['sos-view-engine'].slice(1)));
    figures.render.push(median(measured['sos-view-render'].slice(1)));
    await context.close();
  }
} finally {
  await browser.close();
  await org.stop();
}
console.log(`Dashboard of ${groupCount} groups (median of ${runs} page loads):`);
console.log(`  first view ${ms(median(figures.first))}, deep group found and shown ${ms(median(figures.find))}, `
  + `parent chosen in the selector ${ms(median(figures.select))}`);
console.log(`  in the page: engine loads the wave ${ms(median(figures.load))}, engine view of a group `
  + `${ms(median(figures.engine))}, drawing it ${ms(median(figures.render))}`);
const range = (values) => `${ms(median(values))} (${ms(Math.min(...values))}-${ms(Math.max(...values))})`;
console.log(`  longest main-thread task: during the first view ${range(figures.longFirst)}, `
  + `during the two switches ${range(figures.longSwitch)}`);
console.log(`  first view per load: ${figures.first.map(ms).join(', ')}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
