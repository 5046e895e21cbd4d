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
 * The status lines for one invite's submission. A refused comment gets a
 * line of its own unless its contribution was refused for the same reason.
 * @param {T} t
 * @param {import('./outbox.js').OutboxStatus} status
 */
export async function statusLines(t, status) {
  const lines = new Set(/** @type {string[]} */ ([]));
  const refused = (/** @type {'contribution' | 'comment'} */ kind) => status.refusals.filter((r) => r.kind === kind);
  for (const refusal of refused('contribution')) {
    lines.add(refusal.code === 'wave.closed' ? t('outboxRefusedClosed') : t('outboxRefused', { message: refusal.message || refusal.code }));
  }
  for (const refusal of refused('comment')) {
    if (refused('contribution').some((r) => r.code === refusal.code)) continue;
    lines.add(refusal.code === 'wave.closed' ? t('outboxCommentRefusedClosed')
      : t('outboxCommentRefused', { message: refusal.message || refusal.code }));
  }
  if (status.waiting > 0) {
    if (!(await available())) lines.add(t('outboxMemoryOnly'));
    else {
      lines.add(t('outboxWaiting'));
      if (!(persisted ?? (await askPersistence()))) lines.add(t('outboxMayBeCleared'));
    }
  } else if (lines.size === 0) {
    lines.add(t('outboxSent'));
  }
  return [...lines];
}

/**
 * Fills (or refills) the status element with the current lines. A refusal
 * stays on show, also at later starts of its link, until the respondent
 * acknowledges it with the button (docs/offline.md).
 * @param {HTMLElement} element @param {T} t @param {import('./outbox.js').OutboxStatus} status
 * @param {() => void} acknowledge called when the respondent has read the refusal
 */
export async function showStatus(element, t, status, acknowledge) {
  const lines = await statusLines(t, status);
  const refused = status.refusals.length > 0;
  element.replaceChildren(...lines.map((line) => h('p', {}, line)),
    ...(refused ? [h('button', { type: 'button', className: 'primary', onclick: acknowledge }, t('outboxAcknowledge'))] : []));
  element.dataset.outbox = refused ? 'refused' : status.waiting > 0 ? 'waiting' : 'sent';
}
