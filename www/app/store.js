// What the app keeps in localStorage, per invite token: the engine's saved
// session until submission, wiped as soon as the sealed submission is in the
// outbox (outbox-db.js, IndexedDB). The profile is never stored.
//
// The saved session holds answers and comment text, and storage engines keep
// deleted values on disk until they compact. So it is stored encrypted
// (AES-GCM) with a key of its own, non-extractable, in IndexedDB, and the key
// is deleted with the session: what lingers on disk afterwards is ciphertext
// (docs/offline.md).
import { dropSessionKey, sessionKey } from './outbox-db.js';

const prefix = 'sos:v1:';

/** @returns {Storage | null} null when the browser refuses storage */
function storage() {
  try {
    const s = globalThis.localStorage;
    s.setItem(`${prefix}probe`, '1');
    s.removeItem(`${prefix}probe`);
    return s;
  } catch {
    return null;
  }
}

export const storageAvailable = () => storage() !== null;

/**
 * @typedef {{state: string, step: 'page' | 'review'}} SavedSession
 */

const toBase64 = (/** @type {Uint8Array} */ bytes) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (/** @type {string} */ text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

// Saves run one after another, so an older one never lands after a newer one.
let queue = Promise.resolve();

/** @param {() => Promise<void>} work */
const inOrder = (work) => (queue = queue.then(work).catch(() => {
  // A full or refused storage only loses the resume; the session goes on.
}));

/** @param {string} token @returns {Promise<SavedSession | null>} */
export async function loadSession(token) {
  await queue;
  try {
    const text = storage()?.getItem(`${prefix}session:${token}`);
    const key = text ? await sessionKey(token, false) : null;
    if (!text || !key) return null;
    const { iv, data } = JSON.parse(text);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, key, fromBase64(data));
    return JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return null;
  }
}

/** @param {string} token @param {SavedSession} saved */
export const saveSession = (token, saved) => inOrder(async () => {
  const s = storage();
  if (!s) return;
  const key = await sessionKey(token, true);
  if (!key) return;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(saved))));
  s.setItem(`${prefix}session:${token}`, JSON.stringify({ iv: toBase64(iv), data: toBase64(data) }));
});

/** @param {string} token */
export const removeSession = (token) => inOrder(async () => {
  storage()?.removeItem(`${prefix}session:${token}`);
  await dropSessionKey(token);
});
