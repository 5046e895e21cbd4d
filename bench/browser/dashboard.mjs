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
// and drawing it.
import { launchChromium } from '../../tests/browser/browser.mjs';
import { findGroup, groupCount, pageMeasures, startLargeOrganisation, timedView } from '../../tests/browser/dashboard-large.mjs';
import { dist, root } from '../../tests/browser/harness.mjs';

const runs = Number(process.env.SOS_BENCH_RUNS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

const org = await startLargeOrganisation({ root, dist });
const browser = await launchChromium();
/** @type {Record<string, number[]>} */
const figures = { first: [], find: [], select: [], load: [], engine: [], render: [] };
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    figures.first.push(await timedView(page, () => page.goto(org.viewerLink())));
    figures.find.push(await timedView(page, () => findGroup(page, 'group 4999', 'g4999')));
    figures.select.push(await timedView(page, () => page.selectOption('#group', 'g624')));
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
