// Kiosk mode (docs/kiosk.md): one shared device, many respondents in a row.
// This module keeps the clocks that hand the device to the next person: the
// thank-you screen with a profile clears itself after a minute, and a survey
// left untouched for ten minutes is dropped. The reset itself (a fresh run,
// the default language, nothing stored) is the app's (main.js).
import { h } from './dom.js';

/** How long the thank-you screen with the profile stays, in milliseconds. */
export const doneScreenMs = 60_000;
/** How long a survey may sit untouched before it is taken as abandoned. */
export const idleMs = 10 * 60_000;

/** @param {{mode?: string} | null} invite */
export const isKiosk = (invite) => invite?.mode === 'kiosk';

/**
 * @param {Window} self
 * @param {() => void} reset hands the device to the next respondent
 */
export function createKioskClock(self, reset) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let limit = 0;
  const restart = () => {
    clearTimeout(timer);
    if (limit > 0) timer = setTimeout(reset, limit);
  };
  // Any touch, click or key counts as someone still being there.
  for (const type of ['pointerdown', 'keydown', 'input']) self.addEventListener(type, restart, { capture: true, passive: true });
  return {
    /** The thank-you screen: cleared after doneScreenMs unless someone is still there. */
    done() {
      limit = doneScreenMs;
      restart();
    },
    /** A survey under way: dropped after idleMs without input. */
    answering() {
      limit = idleMs;
      restart();
    },
    /** Waiting for the next respondent: nothing to clear. */
    stop() {
      limit = 0;
      clearTimeout(timer);
    },
  };
}

/**
 * The line under the kiosk thank-you screen saying when the profile goes.
 * @param {(key: any) => string} t
 */
export function doneNote(t) {
  return h('p', { className: 'help' }, t('kioskDoneNote'));
}
