// The notice that offline use is not available: where the browser gives the
// app no service worker (none supported, registration refused or blocked),
// the survey opens only online. The answers still wait sealed in the outbox
// once submitted, but a reload without a network shows nothing
// (docs/offline.md).
import { h } from './dom.js';

/** @param {(key: any) => string} t */
export function offlineNotice(t) {
  return h('p', { className: 'storage-note offline-note', role: 'note' }, t('offlineUnavailable'));
}

/**
 * Puts a notice into a screen: inside <main>, after the heading, so it is
 * read with the screen.
 * @param {HTMLElement} main @param {HTMLElement} note
 */
export function placeNotice(main, note) {
  const title = main.querySelector('h1');
  if (title) title.after(note);
  else main.prepend(note);
}
