// The app's screens after the last survey page: review, sending and the
// thank-you with the profile, and the screen after leaving. Loaded once the
// first screen is up (later.js), not before the first question. Each returns
// a <main> element; the controller (main.js) swaps them in.
import { h } from './dom.js';
import { privacy, screen } from './screens.js';

/** @typedef {import('./screens.js').T} T */

/**
 * @param {T} t
 * @param {any} view the engine's review view
 * @param {number | undefined} threshold
 * @param {{previous: () => void, submit: () => void}} actions
 * @param {boolean} [kept] see privacy()
 */
export function review(t, view, threshold, actions, kept = true) {
  const missing = view.messages.length === 0 ? null : h('div', { className: 'summary', role: 'alert' },
    h('p', {}, t('reviewMissing')),
    h('ul', {}, view.messages.map((/** @type {any} */ m) => h('li', {}, `${m.pageTitle}: ${m.questionText} — ${m.text}`))));
  const pages = view.pages.map((/** @type {any} */ page) => h('section', { className: 'review-page', 'aria-labelledby': `review-${page.id}` },
    h('h2', { id: `review-${page.id}` }, page.title),
    page.items.length === 0 ? h('p', { className: 'help' }, t('noAnswers')) : h('dl', {},
      page.items.map((/** @type {any} */ item) => [
        h('dt', {}, item.context ? `${item.context}: ${item.text}` : item.text),
        h('dd', {}, item.answerText),
      ]))));
  return screen(t('reviewTitle'), h('p', {}, t('reviewIntro')), missing, ...pages, privacy(t, threshold, kept),
    h('div', { className: 'nav' },
      h('button', { type: 'button', onclick: actions.previous }, t('previous')),
      h('button', { type: 'button', className: 'primary', onclick: actions.submit, disabled: !view.complete }, t('submit'))));
}

/** @param {T} t @param {boolean} failed @param {() => void} retry */
export function sending(t, failed, retry) {
  if (!failed) return h('main', { id: 'main', 'aria-busy': 'true' }, h('p', { className: 'status', role: 'status' }, t('sending')));
  return screen(t('errorTitle'), h('p', { role: 'alert' }, t('sendFailed')),
    h('button', { type: 'button', className: 'primary', onclick: retry }, t('retry')));
}

/**
 * @param {T} t
 * @param {any | null} profile the engine's profile view; null when it is gone (after a reload)
 * @param {{kiosk: boolean, leave: () => void, nextRespondent: () => void}} actions
 */
export function done(t, profile, actions) {
  const dimensions = profile && h('section', { className: 'profile', 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title' }, t('profileTitle')),
    h('p', {}, t('profileIntro')),
    h('ul', { className: 'dimensions' }, profile.dimensions.map((/** @type {any} */ d) => {
      const value = !d.applies ? t('profileNotApplicable') : d.scoreText ?? t('profileNoScore');
      const width = d.applies && d.score !== null ? ((d.score - 1) / 4) * 100 : 0;
      const fill = h('span');
      // Through the CSSOM, not a style attribute, so a strict style-src holds.
      fill.style.width = `${width.toFixed(1)}%`;
      return h('li', { className: d.applies ? '' : 'not-applicable' },
        h('span', { className: 'dim-title' }, d.title),
        h('span', { className: 'dim-value' }, value),
        h('span', { className: 'bar', 'aria-hidden': 'true' }, fill));
    })));
  return screen(t('thanksTitle'), h('p', { role: 'status' }, t('thanksText')), dimensions,
    h('div', { className: 'nav' }, actions.kiosk
      ? h('button', { type: 'button', className: 'primary', onclick: actions.nextRespondent }, t('nextRespondent'))
      : h('button', { type: 'button', className: 'primary', onclick: actions.leave }, t('leave'))));
}

/** @param {T} t */
export function left(t) {
  return screen(t('thanksTitle'), h('p', {}, t('left')));
}
