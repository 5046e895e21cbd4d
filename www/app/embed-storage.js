// Whether this device can keep the respondent's answers (docs/embedding.md):
// inside another site's page, browsers such as Safari block or partition the
// frame's storage, so the survey still works online but the respondent is
// told plainly that nothing can wait on the device for a later connection.
import { h } from './dom.js';
import { storageAvailable } from './store.js';

/**
 * @param {{framed: boolean}} embed
 * @returns {Promise<boolean>} true when answers can be kept on the device
 */
export async function storageKept(embed) {
  if (!storageAvailable()) return false;
  if (!embed.framed) return true;
  // A frame without access to its own unpartitioned storage (Safari's
  // default for another site's frame) keeps nothing it can count on.
  const doc = /** @type {Document & {hasStorageAccess?: () => Promise<boolean>}} */ (globalThis.document);
  if (typeof doc.hasStorageAccess !== 'function') return true;
  try {
    return await doc.hasStorageAccess();
  } catch {
    return false;
  }
}

/**
 * The notice shown above every screen when answers cannot be kept.
 * @param {(key: any) => string} t
 * @param {boolean} framed
 */
export function storageNotice(t, framed) {
  return h('p', { className: 'storage-note', role: 'note' }, t(framed ? 'embedStorageNote' : 'storageNote'));
}
