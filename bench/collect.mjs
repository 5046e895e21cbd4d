// Gathers the figures of one benchmark run (tools/dev/bench) into one
// machine-readable file and a readable summary, and compares them with a
// previous results file when given. Never fails on speed: it prints.
//
//   node bench/collect.mjs --out DIR [--engine engine.json] [--browser browser.txt]
//                          [--endpoint endpoint.txt] [--compare previous.json]
//
// Writes DIR/results.json ({"format": "sos-bench-results/1", "figures":
// [{"name", "value", "unit"}]}) and DIR/summary.txt.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
if (!args.out) {
  console.error('usage: node bench/collect.mjs --out DIR [--engine F] [--browser F] [--endpoint F] [--compare F]');
  process.exit(2);
}

/** @type {{name: string, value: number, unit: string}[]} */
const figures = [];
const missing = [];
const add = (name, value, unit) => {
  if (Number.isFinite(value)) figures.push({ name, value: Number(value.toPrecision(6)), unit });
  else missing.push(name);
};

// Google Benchmark's JSON: the time of every case, and its per-answer or
// per-report counter where it has one (seconds, from kInvert counters).
function engineFigures(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const b of doc.benchmarks ?? []) {
    if (b.run_type === 'aggregate' || b.error_occurred) continue;
    add(`engine/${b.name}`, b.real_time, b.time_unit);
    if ('per_answer' in b) add(`engine/${b.name}/per_answer`, b.per_answer * 1e6, 'us');
    if ('per_report' in b) add(`engine/${b.name}/per_report`, b.per_report * 1e6, 'us');
  }
}

const number = (text) => Number(String(text).replace(/,/g, ''));

// bench/browser/run.mjs prints sentences; each figure is read by a pattern
// and a missing one is reported (its wording changed).
function browserFigures(file) {
  const text = fs.readFileSync(file, 'utf8');
  for (const block of text.split(/^First question, invite /m).slice(1)) {
    const invite = block.slice(0, block.indexOf(':'));
    const first = (re) => block.match(re);
    const moved = first(/transferred until the first question: ([\d.]+) KB raw, ([\d.]+) KB gzip/);
    add(`browser/first-question/${invite}/transferred-raw`, moved && number(moved[1]), 'KB');
    add(`browser/first-question/${invite}/transferred-gzip`, moved && number(moved[2]), 'KB');
    const times = first(/first screen \(role question\) ([\d.]+) ms,\s*role chosen to first survey page ([\d.]+) ms/);
    add(`browser/first-question/${invite}/first-screen-4x`, times && number(times[1]), 'ms');
    add(`browser/first-question/${invite}/to-first-page-4x`, times && number(times[2]), 'ms');
  }
  const dashboard = text.match(/^Dashboard of (\d+) groups[^\n]*\n\s*first view (\d+) ms, deep group found and shown (\d+) ms, parent chosen in the selector (\d+) ms\n\s*in the page: engine loads the wave (\d+) ms, engine view of a group (\d+) ms, drawing it (\d+) ms/m);
  if (dashboard) {
    const base = `browser/dashboard-${dashboard[1]}-groups`;
    ['first-view', 'find-deep-group', 'select-group', 'engine-load', 'engine-view', 'render'].forEach((name, i) =>
      add(`${base}/${name}`, number(dashboard[i + 2]), 'ms'));
  } else if (/^Dashboard of/m.test(text)) {
    missing.push('browser/dashboard');
  }
  for (const block of text.split(/^Generated surveys/m).slice(1)) {
    const throttle = /^, (\d+)x CPU throttling/.test(block) ? `${block.match(/^, (\d+)x/)[1]}x` : '1x';
    for (const part of block.split(/^ {2}(?=\d+ questions)/m).slice(1)) {
      const size = part.match(/^(\d+) questions/)[1];
      const base = `browser/generated-${size}/${throttle}`;
      const load = part.match(/load \(parse \+ compile, one engine pass\): median ([\d.]+) ms/);
      add(`${base}/load`, load && number(load[1]), 'ms');
      const change = part.match(/per answer change: ([\d.]+) µs driving conditions[^;]*; ([\d.]+) µs answering/);
      add(`${base}/answer-change`, change && number(change[1]), 'us');
      add(`${base}/answer-every-question`, change && number(change[2]), 'us');
      const pages = part.match(/validate every page: ([\d.]+) ms; page view: ([\d.]+) ms; save: ([\d.]+) ms/);
      add(`${base}/validate-all`, pages && number(pages[1]), 'ms');
      add(`${base}/page-view`, pages && number(pages[2]), 'ms');
      add(`${base}/save`, pages && number(pages[3]), 'ms');
      const heap = part.match(/heap: survey ([\d.]+) KB, session started ([\d.]+) KB, session with every answer ([\d.]+) KB/);
      add(`${base}/heap-survey`, heap && number(heap[1]), 'KB');
      add(`${base}/heap-session-answered`, heap && number(heap[3]), 'KB');
    }
  }
}

// bench/endpoint/run: accepted contributions per second and latencies per
// load, and the store's size per 100,000 contributions.
function endpointFigures(file) {
  const text = fs.readFileSync(file, 'utf8');
  const toMs = (v) => {
    const m = String(v).match(/^([\d.]+)(us|ms|s)$/);
    return m ? number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : NaN;
  };
  const lines = [...text.matchAll(/^(contributions[^\n]*?)\s+([\d.]+) accepted\/s\s+p50 (\S+)\s+p99 (\S+)/gm)];
  if (!lines.length) missing.push('endpoint/contributions');
  for (const [, label, rate, p50, p99] of lines) {
    const name = `endpoint/${label.trim().replace(/,? /g, '-').replace(/[^a-z0-9-]/gi, '')}`;
    add(`${name}/accepted`, number(rate), 'per_s');
    add(`${name}/p50`, toMs(p50), 'ms');
    add(`${name}/p99`, toMs(p99), 'ms');
  }
  const store = text.match(/per 100,000 contributions: ([\d.]+) MiB/);
  add('endpoint/store-per-100k-contributions', store && number(store[1]), 'MiB');
}

if (args.engine && fs.existsSync(args.engine)) engineFigures(args.engine);
if (args.browser && fs.existsSync(args.browser)) browserFigures(args.browser);
if (args.endpoint && fs.existsSync(args.endpoint)) endpointFigures(args.endpoint);

let commit = '';
try {
  const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  commit = execFileSync('git', ['-C', top, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch { /* not a checkout */ }
const results = { format: 'sos-bench-results/1', date: new Date().toISOString(), commit, figures };

const previous = args.compare && fs.existsSync(args.compare)
  ? new Map(JSON.parse(fs.readFileSync(args.compare, 'utf8')).figures.map((f) => [f.name, f]))
  : null;
const width = Math.max(20, ...figures.map((f) => f.name.length));
const lines = [`SOS benchmark results ${results.date}${commit ? ` (commit ${commit})` : ''}`];
if (previous) lines.push(`compared with ${args.compare} (change in percent; higher is slower for times)`);
lines.push('');
let group = '';
for (const f of figures) {
  const top = f.name.split('/')[0];
  if (top !== group) {
    if (group) lines.push('');
    group = top;
  }
  let line = `${f.name.padEnd(width)}  ${String(f.value).padStart(12)} ${f.unit}`;
  const before = previous?.get(f.name);
  if (before && before.unit === f.unit && before.value !== 0) {
    const change = ((f.value - before.value) / before.value) * 100;
    line += `   ${change >= 0 ? '+' : ''}${change.toFixed(1)}% (was ${before.value})`;
  } else if (previous) {
    line += '   (new)';
  }
  lines.push(line);
}
if (missing.length) lines.push('', `not found in the output (a benchmark did not run or changed its wording): ${missing.join(', ')}`);
const summary = `${lines.join('\n')}\n`;

fs.mkdirSync(args.out, { recursive: true });
fs.writeFileSync(path.join(args.out, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
fs.writeFileSync(path.join(args.out, 'summary.txt'), summary);
process.stdout.write(summary);
console.log(`\nwrote ${path.join(args.out, 'results.json')} (${figures.length} figures) and summary.txt`);
