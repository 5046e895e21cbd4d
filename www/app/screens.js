// The app's screens other than a survey page: loading, errors, the role
// question, resume, review, sending and the thank-you with the profile.
// Each returns a <main> element; the controller (main.js) swaps them in.
import { h } from './dom.js';

/** @typedef {(key: any, params?: Record<string, string | number>) => string} T */

/** @param {string} title @param {...any} children */
export function screen(title, ...children) {
  return h('main', { id: 'main' }, h('h1', { tabindex: '-1' }, title), ...children);
}

/** @param {T} t */
export function loading(t) {
  return h('main', { id: 'main', 'aria-busy': 'true' }, h('p', { className: 'status', role: 'status' }, t('loading')));
}

/** @param {T} t @param {string} text @param {(() => void) | null} retry */
export function failure(t, text, retry) {
  return screen(t('errorTitle'), h('p', {}, text),
    retry ? h('button', { type: 'button', className: 'primary', onclick: retry }, t('retry')) : null);
}

/**
 * The truthful statement of what is sent (issue: no claims beyond these).
 * @param {T} t @param {number | undefined} threshold
 * @param {boolean} [kept] whether answers are saved on the device along the
 *   way (not on a shared kiosk device, nor where the browser refuses storage)
 */
export function privacy(t, threshold, kept = true) {
  return h('section', { className: 'privacy', 'aria-labelledby': 'privacy-title' },
    h('h2', { id: 'privacy-title' }, t('privacyTitle')),
    h('ul', {},
      h('li', {}, t(kept ? 'privacy1' : 'privacy1NotKept')),
      h('li', {}, t('privacy2')),
      h('li', {}, threshold ? t('privacy3threshold', { k: threshold }) : t('privacy3')),
      h('li', {}, t('privacy4'))));
}

/**
 * @param {T} t
 * @param {{id: string, title: string}[]} roles titles from the survey
 * @param {number | undefined} threshold
 * @param {(role: string) => void} onStart
 * @param {boolean} [kept] see privacy()
 */
export function role(t, roles, threshold, onStart, kept = true) {
  const form = h('form', { className: 'role-form', novalidate: true },
    h('fieldset', { className: 'q q-choice' },
      h('legend', {}, h('span', { className: 'q-text' }, t('roleQuestion'))),
      h('div', { className: 'options' },
        roles.map((r) => h('label', { className: 'option', for: `role-${r.id}` },
          h('input', { type: 'radio', name: 'role', value: r.id, id: `role-${r.id}`, required: true, checked: roles.length === 1 || null }),
          h('span', {}, r.title))))),
    h('div', { className: 'nav' }, h('button', { type: 'submit', className: 'primary' }, t('start'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=role]:checked'));
    if (chosen) onStart(chosen.value);
    else /** @type {HTMLInputElement} */ (form.querySelector('input[name=role]')).focus();
  });
  return screen(t('chooseRole'), form, privacy(t, threshold, kept));
}

/** @param {T} t @param {() => void} onContinue @param {() => void} onStartOver */
export function resume(t, onContinue, onStartOver) {
  return screen(t('resumeTitle'), h('p', {}, t('resumeText')),
    h('div', { className: 'nav stack' },
      h('button', { type: 'button', className: 'primary', onclick: onContinue }, t('continue')),
      h('button', { type: 'button', className: 'link', onclick: onStartOver }, t('notYou'))));
}

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
