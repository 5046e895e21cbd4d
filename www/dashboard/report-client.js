// The page's side of the report worker (report-worker.js): each call is a
// message answered by a promise, so the engine's work on a wave never runs
// on the page's thread. The page's performance timeline gets the worker's
// measures ("sos-report-load", "sos-view-engine") at their real times.
import { ApiError } from './api.js';

/**
 * @typedef {{id: string, state: string}} Wave
 * @typedef {{start: number, end: number}} Timing on the clock performance.timeOrigin + now
 */

/** A worker's time as a time of the page's timeline. @param {string} name @param {Timing} timing */
function measure(name, timing) {
  const start = timing.start - performance.timeOrigin;
  performance.measure(name, { start, end: timing.end - performance.timeOrigin });
}

export class ReportClient {
  #worker;
  #next = 0;
  /** @type {Map<number, {resolve: (value: any) => void, reject: (error: Error) => void}>} */
  #pending = new Map();

  constructor() {
    this.#worker = new Worker(new URL('./report-worker.js', import.meta.url), { type: 'module', name: 'sos-report' });
    this.#worker.onmessage = (event) => {
      const { id, ok, failure, timing, view, result } = event.data;
      const waiting = this.#pending.get(id);
      if (!waiting) return;
      this.#pending.delete(id);
      if (timing) measure('sos-report-load', timing);
      if (view) measure('sos-view-engine', view);
      if (ok) waiting.resolve(result);
      else waiting.reject(new ApiError(failure.status, failure.code, failure.message));
    };
    // A worker that cannot start (its script or module failed) fails every call.
    this.#worker.onerror = (event) => {
      event.preventDefault();
      for (const waiting of this.#pending.values()) waiting.reject(new Error(`report worker: ${event.message}`));
      this.#pending.clear();
    };
  }

  /** @param {object} call */
  #call(call) {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, call });
    });
  }

  /**
   * Has the worker fetch and load a wave ahead of its first view.
   * @param {string} wave @param {Wave[]} waves @param {string} language
   */
  load(wave, waves, language) {
    return this.#call({ kind: 'load', wave, waves, language });
  }

  /**
   * The engine's view of a group in a wave ({ok, view} or {ok: false, error}).
   * @param {string} wave @param {Wave[]} waves @param {string} group @param {string} language
   * @returns {Promise<any>}
   */
  view(wave, waves, group, language) {
    return this.#call({ kind: 'view', wave, waves, group, language });
  }
}
