// The outbox: sealed submissions wait here until the endpoint acknowledges
// them, across reloads, browser restarts and days without a network
// (docs/offline.md). Sent at every start, when the network returns, and on a
// timer with backoff; each comment after a random delay of its own, never in
// one burst with its contribution. A repeat is harmless: the endpoint counts
// each submission id once. A refusal that no retry can change (the survey
// closed, the link withdrawn) removes the entry and is kept to be shown.
import * as db from './outbox-db.js';

/** @typedef {import('./outbox-db.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./outbox-db.js').Refusal} Refusal */
/** @typedef {{waiting: number, refusals: Refusal[]}} OutboxStatus for one invite token */

// A comment leaves between these many milliseconds after it was written.
export const commentDelay = { min: 2000, max: 15000 };
const backoff = { first: 5000, max: 3600000 };

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const uniform = () => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
const jitter = () => 0.5 + uniform();

/**
 * Whether a response is a refusal for good: every 4xx but 408 and 429. Any
 * 5xx, 408, 429 and a failed network are worth another try.
 * @param {number} status
 */
export const isRefusal = (status) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * @param {{send: (url: string, body: string) => Promise<{status: number, code: string, message: string}>,
 *   onChange?: () => void}} options send resolves with the response, rejects when the network failed
 */
export function createOutbox({ send, onChange = () => {} }) {
  let running = /** @type {Promise<void> | null} */ (null);
  let again = false;
  let timer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);

  /**
   * Sends every entry that is due.
   * @param {boolean} ignoreBackoff at a start or when the network returns
   */
  async function pass(ignoreBackoff) {
    const entries = await db.allEntries();
    const now = Date.now();
    let next = Infinity;
    for (const entry of entries) {
      const due = Math.max(entry.notBefore, ignoreBackoff ? 0 : entry.retryAt);
      if (due > now) {
        next = Math.min(next, due);
        continue;
      }
      /** @type {{status: number, code: string, message: string} | null} */
      let response = null;
      try {
        response = await send(entry.url, entry.body);
      } catch {
        // the network failed: tried again below
      }
      if (response && response.status >= 200 && response.status < 300) {
        await db.removeEntry(entry.id);
      } else if (response && isRefusal(response.status)) {
        await db.refuseEntry(entry.id, { id: entry.id, token: entry.token, kind: entry.kind, code: response.code,
          message: response.message, at: Date.now() });
      } else {
        entry.attempts += 1;
        entry.retryAt = Date.now() + Math.min(backoff.first * 2 ** (entry.attempts - 1), backoff.max) * jitter();
        await db.updateEntry(entry);
        next = Math.min(next, entry.retryAt);
      }
      onChange();
    }
    clearTimeout(timer);
    if (next !== Infinity) timer = setTimeout(() => flush(false), Math.max(0, next - Date.now()));
  }

  /** One pass at a time; a call during a pass asks for another after it. */
  function flush(ignoreBackoff = true) {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass(ignoreBackoff);
        } while (again);
      } catch {
        // IndexedDB refused: nothing to send from here
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    /**
     * Puts a submission in the outbox in one transaction: the contribution now,
     * each comment after its own random delay.
     * @param {string} token
     * @param {{url: string, body: string}} contribution sealed
     * @param {{url: string, body: string}[]} comments sealed
     */
    async add(token, contribution, comments) {
      const now = Date.now();
      const span = commentDelay.max - commentDelay.min;
      /** @type {OutboxEntry[]} */
      const entries = [
        { id: randomId(), token, kind: 'contribution', ...contribution, notBefore: now, retryAt: 0, attempts: 0 },
        ...comments.map((c) => ({ id: randomId(), token, kind: /** @type {const} */ ('comment'), ...c,
          notBefore: now + commentDelay.min + Math.floor(span * uniform()), retryAt: 0, attempts: 0 })),
      ];
      await db.addEntries(entries);
    },
    flush,
    /** What the outbox holds for one invite token. */
    status: db.outboxStatus,
    /** Sends at once when the network returns. */
    listen() {
      globalThis.addEventListener('online', () => flush(true));
    },
  };
}
