// The dashboard's report engine in a dedicated module worker: it fetches a
// wave's bodies, hands them to the engine's report (WebAssembly) once per
// wave and answers views per group and language. Loading the releases of
// thousands of groups takes the engine hundreds of milliseconds; here that
// time never blocks the page, which keeps answering the viewer's input.
// No figure is computed here: the engine computes, this file transports.
import { createEngine } from '../lib/engine.js';

import * as api from './api.js';
import { Recent } from './recent.js';

/**
 * @typedef {{id: string, state: string}} Wave
 * @typedef {{kind: 'load', wave: string, waves: Wave[], language: string}
 *   | {kind: 'view', wave: string, waves: Wave[], group: string, language: string}} Call
 */

// Compiling the module starts as soon as the worker runs, while the page is
// still exchanging the token and fetching the organisation.
const engine = import('sos-engine-report-module').then((module) => createEngine(module.default));

// A wave's engine report holds the releases of every closed wave up to it
// (for the trend), megabytes for thousands of groups: only the most recently
// used are kept, the others deleted and loaded again on demand.
/** @type {Recent<any>} */
const reports = new Recent(2, (loaded) => { if (loaded.ok) loaded.run.dispose(); });
/** @type {Recent<any>} */
const figures = new Recent(3);
/** @type {Map<string, Promise<any>>} */
const cache = new Map();

/** Fetched once per wave and kind. @param {string} key @param {() => Promise<any>} load */
function cached(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((e) => { cache.delete(key); throw e; }));
  return /** @type {Promise<any>} */ (cache.get(key));
}

/** The view request for a wave, without its group (docs/report.md). @param {string} waveId @param {Wave[]} waves */
async function request(waveId, waves) {
  const at = waves.findIndex((w) => w.id === waveId);
  const chosen = waves[at];
  if (chosen.state !== 'closed') {
    const progress = await cached(`p:${chosen.id}`, () => api.progress(chosen.id));
    return { waves: [{ id: chosen.id, progress }] };
  }
  // Every closed wave up to the chosen one (oldest first) for the trend.
  const closed = waves.slice(0, at + 1).filter((w) => w.state === 'closed');
  const bodies = await Promise.all(closed.map((w) => figures.get(w.id, () => api.figures(w.id))));
  const latest = bodies[bodies.length - 1];
  return {
    waves: bodies.map((b, i) => ({ id: closed[i].id, release: b.release, groupAttributes: b.groupAttributes ?? null })),
    benchmark: latest.imported_benchmark ?? latest.benchmark ?? null,
    comments: latest.comments ?? [],
  };
}

/**
 * The engine's report of a wave with when the engine read it (on the
 * clock of performance.timeOrigin + now, which the page shares), loaded once
 * while it is among the recently used.
 * @param {string} waveId @param {Wave[]} waves @param {string} language
 */
function report(waveId, waves, language) {
  return reports.get(waveId, async () => {
    const [loadedEngine, survey, body] = await Promise.all([
      engine,
      cached(`s:${waveId}`, () => api.surveyText(waveId)),
      request(waveId, waves),
    ]);
    const start = performance.timeOrigin + performance.now();
    const loaded = loadedEngine.openReport(survey, { format: 'sos-report-request/1', language, ...body });
    return { ...loaded, timing: { start, end: performance.timeOrigin + performance.now() } };
  });
}

/** A failure the page can tell apart: an API refusal keeps its status. @param {unknown} error */
function failure(error) {
  if (error instanceof api.ApiError) return { status: error.status, code: error.code, message: error.message };
  return { status: 0, code: 'worker.failed', message: error instanceof Error ? error.message : String(error) };
}

/** @param {Call} call */
async function answer(call) {
  const loaded = await report(call.wave, call.waves, call.language);
  // The load's timing goes back once, with the first answer for that load.
  const timing = loaded.timing;
  loaded.timing = null;
  if (call.kind === 'load') return { timing };
  if (!loaded.ok) return { timing, result: { ok: false, error: loaded.error } };
  const start = performance.timeOrigin + performance.now();
  const result = loaded.run.view(call.group, call.language);
  return { timing, result, view: { start, end: performance.timeOrigin + performance.now() } };
}

self.onmessage = async (/** @type {MessageEvent<{id: number, call: Call}>} */ event) => {
  const { id, call } = event.data;
  try {
    self.postMessage({ id, ok: true, ...(await answer(call)) });
  } catch (error) {
    self.postMessage({ id, ok: false, failure: failure(error) });
  }
};
