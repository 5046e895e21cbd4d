// The app's screens up to the first survey page: loading, errors, the role
// question with the statement of what is sent, and resume (the screens after
// the last page are in end-screens.js, loaded once the first screen is up).
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
