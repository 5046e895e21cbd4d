// What the respondent is told about their submission, in plain words: sent,
// waiting to be sent (and whether the browser may still clear the device's
// copy), or refused for good (docs/offline.md).
import { h } from './dom.js';
import { available } from './outbox-db.js';

/** @typedef {(key: any, params?: Record<string, string | number>) => string} T */

let persisted = /** @type {boolean | null} */ (null);

/**
 * Asks the browser to keep the outbox through storage pressure. Chromium
 * grants it to installed or engaged sites, Firefox asks the user, Safari may
 * still clear a site's data after about seven days without a visit.
 */
export async function askPersistence() {
  try {
    persisted = (await navigator.storage?.persisted?.()) || (await navigator.storage?.persist?.()) || false;
  } catch {
    persisted = false;
  }
  return persisted;
}

/**
 * The status lines for one invite's submission.
 * @param {T} t
 * @param {import('./outbox.js').OutboxStatus} status
 */
export async function statusLines(t, status) {
  /** @type {string[]} */
  const lines = [];
  for (const refusal of status.refusals) {
    if (refusal.kind !== 'contribution') continue;
    lines.push(refusal.code === 'wave.closed' ? t('outboxRefusedClosed') : t('outboxRefused', { message: refusal.message || refusal.code }));
  }
  if (status.waiting > 0) {
    if (!(await available())) lines.push(t('outboxMemoryOnly'));
    else {
      lines.push(t('outboxWaiting'));
      if (!(persisted ?? (await askPersistence()))) lines.push(t('outboxMayBeCleared'));
    }
  } else if (lines.length === 0) {
    lines.push(t('outboxSent'));
  }
  return lines;
}

/**
 * Fills (or refills) the status element with the current lines.
 * @param {HTMLElement} element @param {T} t @param {import('./outbox.js').OutboxStatus} status
 */
export async function showStatus(element, t, status) {
  const lines = await statusLines(t, status);
  element.replaceChildren(...lines.map((line) => h('p', {}, line)));
  element.dataset.outbox = status.refusals.some((r) => r.kind === 'contribution') ? 'refused'
    : status.waiting > 0 ? 'waiting' : 'sent';
}
