// A tiny element builder: the app renders with plain DOM and never sets HTML
// from text, so survey texts are always shown as text.

/**
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Attributes
 * @typedef {Node | string | null | undefined | false} Child
 */

/**
 * h('button', {type: 'button', onclick: f}, 'Next')
 * @param {string} tag
 * @param {Attributes} [attributes] `on*` functions become listeners; false/null are left out
 * @param {...(Child | any[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'className') element.className = String(value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  // Children may be nested lists (a list of [dt, dd] pairs, say).
  for (const child of /** @type {Child[]} */ (children.flat(Infinity))) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A text only screen readers read. */
export function srOnly(text) {
  return h('span', { className: 'sr-only' }, text);
}
