// What the app keeps on the device, per invite token: the engine's saved
// session (until submission) and the outbox of a submission not yet
// acknowledged. The profile is never stored.

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
 * @typedef {{contribution: {url: string, body: string, sent: boolean},
 *   comments: {url: string, body: string, sent: boolean}[]}} Outbox
 */

/** @param {string} key */
function read(key) {
  try {
    const text = storage()?.getItem(prefix + key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** @param {string} key @param {unknown} value */
function write(key, value) {
  try {
    storage()?.setItem(prefix + key, JSON.stringify(value));
  } catch {
    // A full or refused storage only loses the resume; the session goes on.
  }
}

/** @param {string} key */
function remove(key) {
  try {
    storage()?.removeItem(prefix + key);
  } catch {
    // nothing stored
  }
}

/** @param {string} token @returns {SavedSession | null} */
export const loadSession = (token) => read(`session:${token}`);
/** @param {string} token @param {SavedSession} saved */
export const saveSession = (token, saved) => write(`session:${token}`, saved);
/** @param {string} token */
export const removeSession = (token) => remove(`session:${token}`);

/** @param {string} token @returns {Outbox | null} */
export const loadOutbox = (token) => read(`outbox:${token}`);
/** @param {string} token @param {Outbox} outbox */
export const saveOutbox = (token, outbox) => write(`outbox:${token}`, outbox);
/** @param {string} token */
export const removeOutbox = (token) => remove(`outbox:${token}`);
