// The browser benchmark (prints figures; not a test). Run after the native
// build, the wasm build and `npm run build:www`:
//
//   SOS_BIN=build/native/tools/sos node bench/browser/run.mjs
//
// SOS_DIST names another web build (as for the browser tests), SOS_WASM_DIR
// another wasm build, SOS_BENCH_RUNS the page loads per invite (default 5),
// SOS_BENCH_FIRST_ONLY=1 stops after the first question.
//
// Prints, for the respondent's first question as a respondent gets it from a
// real `sos serve` on loopback (an organisation made with the real admin
// commands, the app resolving its invite through the API): the bytes that
// went over the wire until the role question was up and what each file
// weighs gzip-compressed, the time from navigation to the first screen and
// from the chosen role to the first survey page in Chromium with 4x CPU
// throttling, and when each step and request happened (medians), and from
// one more traced visit the main thread's CPU time until the first screen
// with what it went to (wasm compiled lazily, on first call, is a large part). Then, on
// generated surveys of about 150 and 500 questions: load time, engine time
// per answer change, time to validate every page, time to build a page view,
// and heap held by the survey and by one session.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../../tests/browser/browser.mjs';
import { startServer } from '../../tests/browser/server.mjs';
import { startSurveyEndpoint } from '../../tests/browser/survey-endpoint.mjs';
import { generateSurvey } from './generate-survey.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.relative(root, path.resolve(root, process.env.SOS_WASM_DIR ?? 'build/wasm-dev/wasm'));
const runs = Number(process.env.SOS_BENCH_RUNS ?? 5);
const dist = process.env.SOS_DIST ? path.resolve(process.env.SOS_DIST) : path.join(root, 'www/dist');

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`${dist} is missing: run the wasm build and \`npm run build:www\` first`);
  process.exit(2);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const best = (values) => Math.min(...values);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(2)} ms`;

const browser = await launchChromium();

async function newPage(throttle) {
  // No service worker: its precache downloads start once the first screen is
  // up and would be counted as bytes for the first question.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  return { page, context, cdp };
}

/**
 * One respondent's first visit: navigation to the role question, then the
 * role chosen to the first survey page.
 * @param {string} link the invite link
 */
async function firstQuestion(link, throttle) {
  const { page, context, cdp } = await newPage(throttle);
  const origin = new URL(link).origin;
  /** @type {Map<string, {url: string, wire: number, done: boolean}>} */
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, wire: 0, done: false }));
  await cdp.send('Performance.enable');
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { wire: e.encodedDataLength, done: true });
  });
  await page.goto(link);
  await page.locator('input[name=role]').first().waitFor();
  // The main thread's work so far (throttled time), less sensitive to a busy
  // machine than the wall-clock figures.
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
  const work = { task: metrics.TaskDuration, script: metrics.ScriptDuration, layout: metrics.LayoutDuration + metrics.RecalcStyleDuration };
  const { marks, resources } = await page.evaluate(() => ({
    marks: Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('sos:')).map((m) => [m.name.slice(4), m.startTime])),
    resources: /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))
      .map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd })),
  }));
  // Each file asked for before the first screen was up (later.js follows it
  // at once) as the server sent it, and its size gzip-compressed (-9).
  const before = new Set([link.split('#')[0], ...resources.filter((r) => r.start < marks['first-screen']).map((r) => r.name)]);
  const files = [];
  for (const [id, r] of requests) {
    if (!r.done || !before.has(r.url)) continue;
    const { body, base64Encoded } = await cdp.send('Network.getResponseBody', { requestId: id });
    const raw = Buffer.from(body, base64Encoded ? 'base64' : 'utf8');
    files.push({ name: fileName(r.url, origin), wire: r.wire, raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length });
  }
  await page.locator('input[name=role]').first().check();
  const clicked = await page.evaluate(() => performance.now());
  await page.locator('button[type=submit]').click();
  await page.locator('.page-form').waitFor();
  const firstPage = await page.evaluate(() => performance.getEntriesByName('sos:first-page')[0].startTime);
  await context.close();
  const timeline = resources.map((r) => ({ ...r, name: fileName(r.name, origin) }));
  return { firstScreen: marks['first-screen'], toPage: firstPage - clicked, files, marks, timeline, work };
}

/**
 * One more first visit, traced (devtools.timeline and V8's wasm events): the
 * main thread's CPU time until the first screen and where it went. CPU time
 * (the trace's thread time) leaves out the throttling's pauses and most of a
 * busy machine's waiting, so it moves less than the wall-clock figures.
 * @param {string} link the invite link
 */
async function firstScreenWork(link, throttle) {
  const { page, context, cdp } = await newPage(throttle);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile', 'blink.user_timing', 'loading', 'disabled-by-default-v8.wasm.detailed'] },
  });
  await page.goto(link);
  await page.locator('input[name=role]').first().waitFor();
  await cdp.send('Tracing.end');
  await complete;
  await context.close();
  const mark = events.find((e) => e.name === 'sos:first-screen');
  const start = events.find((e) => e.name === 'navigationStart' && e.pid === mark.pid && e.args?.data?.documentLoaderURL);
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts >= start.ts && e.ts <= mark.ts);
  // Events of these names, less those inside another of them (a style sheet parsed within the HTML's parsing).
  const cpu = (/** @type {string[]} */ names) => {
    const picked = main.filter((e) => names.includes(e.name));
    const outer = picked.filter((e) => !picked.some((o) => o !== e && o.ts <= e.ts && e.ts + e.dur <= o.ts + o.dur));
    return outer.reduce((total, e) => total + (e.tdur ?? 0), 0) / 1000;
  };
  return {
    total: cpu(['RunTask']),
    wasmLazy: cpu(['wasm.CompileLazy']),
    jsCompile: cpu(['V8.CompileCode']),
    layout: cpu(['Layout', 'UpdateLayoutTree']),
    parse: cpu(['ParseHTML', 'ParseAuthorStyleSheet']),
  };
}

/** A request's path without hashes and tokens, so runs line up. */
function fileName(url, origin) {
  return url.slice(origin.length).replace(/\/invite\/[A-Za-z0-9_-]+/, '/invite/<token>').replace(/-[A-Za-z0-9_-]{8}\.(js|css|wasm)$/, '.$1');
}

console.log('SOS respondent app and engine in Chromium (Debian, headless)');
console.log('Timings on a shared machine vary from run to run: compare figures from one run, or set SOS_BENCH_RUNS.\n');

// Named as bench/collect.mjs files the figures: browser/first-question/NAME/….
const surveys = [['sos-serve-basic', 'tests/fixtures/surveys/basic.json'], ['sos-serve-standard', 'surveys/standard/survey.json']];
for (const [name, survey] of surveys) {
  const endpoint = await startSurveyEndpoint({ survey: path.join(root, survey) });
  const results = [];
  /** @type {Awaited<ReturnType<typeof firstScreenWork>> | null} */
  let traced = null;
  try {
    for (let i = 0; i < runs; i++) results.push(await firstQuestion(`${endpoint.base}/#/i/${endpoint.links.respondent}`, 4));
    traced = await firstScreenWork(`${endpoint.base}/#/i/${endpoint.links.respondent}`, 4);
  } finally {
    await endpoint.close();
  }
  const { files } = results[0];
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  console.log(`First question, invite ${name}: from a real sos serve, its wave pinning ${survey}`);
  console.log(`  ${'request'.padEnd(36)} ${'on the wire'.padStart(12)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)}`);
  for (const f of files) console.log(`  ${f.name.padEnd(36)} ${kb(f.wire).padStart(12)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)}`);
  console.log(`  transferred until the first question: ${kb(sum('raw'))} raw, ${kb(sum('gzip'))} gzip; ${kb(sum('wire'))} on the wire as sos serve sent it`);
  const screens = results.map((r) => r.firstScreen);
  const pages = results.map((r) => r.toPage);
  console.log(`  4x CPU throttling, median of ${runs}: navigation to first screen (role question) ${ms(median(screens))},`
    + ` role chosen to first survey page ${ms(median(pages))} (best ${ms(best(screens))} and ${ms(best(pages))})`);
  const steps = Object.keys(results[0].marks).filter((s) => results.every((r) => s in r.marks) && s !== 'first-page');
  steps.sort((a, b) => results[0].marks[a] - results[0].marks[b]);
  const work = (key) => ms(median(results.map((r) => r.work[key])));
  console.log(`  main thread busy until the first screen (median, throttled time): ${work('task')}, of which script ${work('script')}, style and layout ${work('layout')}`);
  if (traced) {
    const t = /** @type {NonNullable<typeof traced>} */ (traced);
    console.log(`  main thread CPU until the first screen (one traced run, unthrottled CPU time): ${ms(t.total)}, of which wasm functions compiled on first call ${ms(t.wasmLazy)},`
      + ` JavaScript compiled on first call ${ms(t.jsCompile)}, style and layout ${ms(t.layout)}, HTML and CSS parsing ${ms(t.parse)}`);
  }
  console.log(`  steps after navigation (median): ${steps.map((s) => `${s} ${ms(median(results.map((r) => r.marks[s])))}`).join(', ')}`);
  const names = results[0].timeline.map((r) => r.name).filter((n) => results.every((r) => r.timeline.some((x) => x.name === n)));
  const at = (n, key) => median(results.map((r) => r.timeline.find((x) => x.name === n)[key]));
  console.log('  requests (median ms after navigation: asked for -> last byte):');
  for (const n of names) console.log(`    ${n.padEnd(36)} ${at(n, 'start').toFixed(0).padStart(6)} -> ${at(n, 'end').toFixed(0).padStart(6)}`);
  console.log('');
}

if (process.env.SOS_BENCH_FIRST_ONLY) {
  await browser.close();
  process.exit(0);
}

// The engine's own figures: the benchmark page loads the module from the
// wasm build folder, served by the tests' static server.
const server = await startServer({ root });

/** Measured inside the page: every figure comes from performance.now(). */
async function measure(page, surveyText) {
  return page.evaluate(async (text) => {
    // @ts-ignore
    const engine = window.benchEngine;
    const group = { performance_pay: true, selling: 'volume', field_visits: true };
    const time = (f, n = 1) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) f(i);
      return (performance.now() - t0) / n;
    };
    const loads = [];
    for (let i = 0; i < 7; i++) {
      let opened;
      loads.push(time(() => { opened = engine.openSurvey(text); }));
      opened.run.dispose();
    }
    loads.sort((a, b) => a - b);
    const parse = [];
    for (let i = 0; i < 7; i++) parse.push(time(() => JSON.parse(text)));
    parse.sort((a, b) => a - b);

    const heap0 = engine.heapBytesInUse();
    const { run } = engine.openSurvey(text);
    const heapSurvey = engine.heapBytesInUse() - heap0;
    run.start({ role: 'seller', language: 'sv', group });
    const heapStarted = engine.heapBytesInUse() - heap0 - heapSurvey;

    // Answer every visible question page by page, as a respondent would.
    let changes = 0;
    let answering = 0;
    const valueFor = (q) => q.type === 'choice' ? 'yes' : q.type === 'multichoice' ? [q.options[0].value]
      : q.type === 'number' ? 12 : q.type === 'comment' ? 'Words' : 4;
    for (;;) {
      const view = run.page();
      const questions = [];
      const walk = (elements) => {
        for (const e of elements) {
          if (e.kind === 'panel') walk(e.elements);
          else if (e.kind === 'matrix') questions.push(...e.rows.map((r) => ({ ...r, type: 'likert' })));
          else questions.push(e);
        }
      };
      walk(view.elements);
      // Answering can reveal more (the panel): answer until nothing new shows.
      const done = new Set();
      for (let again = true; again;) {
        again = false;
        for (const q of questions) {
          if (done.has(q.id)) continue;
          done.add(q.id);
          again = true;
          const value = valueFor(q);
          answering += time(() => run.setAnswer(q.id, value));
          changes++;
        }
        questions.length = 0;
        walk(run.page().elements);
      }
      if (!run.next().moved) break;
    }
    const heapAnswered = engine.heapBytesInUse() - heap0 - heapSurvey;

    // Changes that drive conditions: panels opened and closed, answers that
    // other questions' visibleIf and requiredIf read.
    const survey = JSON.parse(text);
    const driving = [];
    const ids = new Set(text.match(/"id":"[a-z0-9_]+"/g).map((m) => m.slice(6, -1)));
    survey.pages.forEach((p, k) => {
      if (!ids.has(`p${k}_q3`)) return;
      driving.push([`p${k}_open`, 'no'], [`p${k}_q0`, 2], [`p${k}_open`, 'yes'], [`p${k}_q0`, 5], [`p${k}_q3`, 1], [`p${k}_q3`, 4]);
    });
    const n = 3000;
    const perChange = time((i) => {
      const [id, value] = driving[i % driving.length];
      const r = run.setAnswer(id, value);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }, n);
    const validateAll = time(() => run.validateAll(), 50);
    const pageView = time(() => run.page(), 200);
    const saveTime = time(() => run.save(), 50);
    run.dispose();
    return {
      bytes: text.length,
      load: loads[3], loadMin: loads[0], parse: parse[3],
      walkChanges: changes, walkPerChange: answering / changes,
      perChange, validateAll, pageView, saveTime,
      heapSurvey, heapStarted, heapAnswered,
    };
  }, surveyText);
}

for (const throttle of [1, 4]) {
  const { page, context } = await newPage(throttle);
  await page.goto(`${server.url}bench/browser/page.html?wasm=/${wasmDir}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  // One unmeasured pass first: the browser compiles wasm functions lazily on
  // their first call, and the first survey would pay for all of them.
  await measure(page, JSON.stringify(generateSurvey(150)));
  console.log(`Generated surveys${throttle > 1 ? `, ${throttle}x CPU throttling` : ''} (engine through the facade, figures from performance.now()):`);
  for (const size of [150, 500]) {
    const text = JSON.stringify(generateSurvey(size));
    const r = await measure(page, text);
    console.log(`  ${size} questions (${kb(r.bytes)} JSON):`);
    console.log(`    load (parse + compile, one engine pass): median ${ms(r.load)}, best ${ms(r.loadMin)}; JSON.parse of the same text in JS ${ms(r.parse)}`);
    console.log(`    per answer change: ${(r.perChange * 1000).toFixed(1)} µs driving conditions (mean of 3000); ${(r.walkPerChange * 1000).toFixed(1)} µs answering every question (${r.walkChanges} changes)`);
    console.log(`    validate every page: ${ms(r.validateAll)}; page view: ${ms(r.pageView)}; save: ${ms(r.saveTime)}`);
    console.log(`    heap: survey ${kb(r.heapSurvey)}, session started ${kb(r.heapStarted)}, session with every answer ${kb(r.heapAnswered)}`);
  }
  console.log('');
  await context.close();
}

await browser.close();
await server.close();
