// Draws the engine's page view (docs/wasm-api.md) as form controls: a 1-5
// scale as a fieldset of large radio buttons, a matrix as one such fieldset
// per row (so it works on a narrow phone), options as radios or checkboxes,
// numbers and comments as text fields. Only draws: every answer goes back to
// the engine through the callbacks, and whatever it says is shown.
import { h, srOnly } from './dom.js';

/**
 * @typedef {{
 *   answer: (id: string, value: number | string | string[] | null, typed?: boolean) => void,
 *   answerText: (id: string, fieldText: string) => void,
 *   messages: Map<string, string[]>,
 *   typed: Map<string, {text: string}>,
 *   t: (key: any, params?: Record<string, string | number>) => string,
 * }} Context
 */

/** Ids for a question's parts; survey ids are [a-z0-9_], safe in ids. */
const ids = {
  field: (/** @type {string} */ q) => `q-${q}`,
  message: (/** @type {string} */ q) => `msg-${q}`,
  help: (/** @type {string} */ q) => `help-${q}`,
  input: (/** @type {string} */ q, /** @type {string} */ value) => `in-${q}-${value}`,
  title: (/** @type {string} */ q) => `title-${q}`,
};

/** @param {string} id @param {Context} ctx */
function messageBox(id, ctx) {
  const texts = ctx.messages.get(id) ?? [];
  return h('div', { id: ids.message(id), className: 'msg', 'aria-live': 'polite' },
    texts.map((text) => h('p', {}, text)));
}

/** Updates one question's message in place (no re-render, focus stays). */
export function updateMessage(/** @type {string} */ id, /** @type {Context} */ ctx) {
  const box = document.getElementById(ids.message(id));
  if (box) box.replaceWith(messageBox(id, ctx));
  const field = document.getElementById(ids.field(id));
  const invalid = (ctx.messages.get(id) ?? []).length > 0;
  field?.classList.toggle('invalid', invalid);
  for (const input of field?.querySelectorAll('input, textarea') ?? []) {
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

/** @param {string} id @param {string} help */
function describedBy(id, help) {
  return [help ? ids.help(id) : null, ids.message(id)].filter(Boolean).join(' ');
}

/** @param {string} text @param {boolean} required @param {Context} ctx */
function questionText(text, required, ctx) {
  return [h('span', { className: 'q-text' }, text), required ? h('span', { className: 'req' }, ` ${ctx.t('required')}`) : null];
}

/**
 * The 1-5 scale (with "don't know" where the survey allows it) as radios.
 * @param {{id: string, text: string, required: boolean, answer: any, help?: string}} q
 * @param {{minLabel: string, maxLabel: string, notApplicable: boolean, notApplicableLabel: string}} scale
 * @param {Context} ctx
 */
function scaleFieldset(q, scale, ctx) {
  const invalid = (ctx.messages.get(q.id) ?? []).length > 0;
  const radio = (/** @type {string} */ value, /** @type {(Node | string)[]} */ label, /** @type {string} */ className) => {
    const checked = String(q.answer) === value;
    return h('label', { className, for: ids.input(q.id, value) },
      h('input', {
        type: 'radio', name: q.id, value, id: ids.input(q.id, value), checked,
        'aria-invalid': invalid ? 'true' : null,
        onchange: () => ctx.answer(q.id, value === 'na' ? 'na' : Number(value)),
      }),
      h('span', { className: 'face' }, ...label));
  };
  const points = [1, 2, 3, 4, 5].map((n) => {
    const end = n === 1 ? scale.minLabel : n === 5 ? scale.maxLabel : '';
    return radio(String(n), [h('span', { className: 'num' }, String(n)), end ? srOnly(` ${end}`) : ''], 'point');
  });
  return h('fieldset', {
    id: ids.field(q.id), className: `q q-scale${invalid ? ' invalid' : ''}`,
    'aria-describedby': describedBy(q.id, q.help ?? ''),
  },
  h('legend', {}, questionText(q.text, q.required, ctx)),
  q.help ? h('p', { id: ids.help(q.id), className: 'help' }, q.help) : null,
  h('div', { className: 'scale' }, points),
  h('div', { className: 'scale-ends', 'aria-hidden': 'true' },
    h('span', {}, `1 ${scale.minLabel}`), h('span', {}, `5 ${scale.maxLabel}`)),
  scale.notApplicable ? radio('na', [scale.notApplicableLabel], 'na') : null,
  messageBox(q.id, ctx));
}

/** @param {any} q @param {Context} ctx */
function choiceFieldset(q, ctx) {
  const multiple = q.type === 'multichoice';
  const selected = new Set(multiple ? q.answer ?? [] : q.answer === null ? [] : [q.answer]);
  const invalid = (ctx.messages.get(q.id) ?? []).length > 0;
  const onchange = () => {
    const boxes = /** @type {HTMLInputElement[]} */ ([...document.getElementsByName(q.id)]);
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    ctx.answer(q.id, multiple ? chosen : chosen[0] ?? null);
  };
  return h('fieldset', {
    id: ids.field(q.id), className: `q q-choice${invalid ? ' invalid' : ''}`,
    'aria-describedby': describedBy(q.id, q.help),
  },
  h('legend', {}, questionText(q.text, q.required, ctx)),
  q.help ? h('p', { id: ids.help(q.id), className: 'help' }, q.help) : null,
  h('div', { className: 'options' },
    q.options.map((/** @type {{value: string, text: string}} */ o) =>
      h('label', { className: 'option', for: ids.input(q.id, o.value) },
        h('input', {
          type: multiple ? 'checkbox' : 'radio', name: q.id, value: o.value, id: ids.input(q.id, o.value),
          checked: selected.has(o.value), 'aria-invalid': invalid ? 'true' : null, onchange,
        }),
        h('span', {}, o.text)))),
  messageBox(q.id, ctx));
}

/** @param {any} q @param {Context} ctx */
function textField(q, ctx) {
  const inputId = ids.input(q.id, 'value');
  const invalid = (ctx.messages.get(q.id) ?? []).length > 0;
  const common = {
    id: inputId, name: q.id, 'aria-describedby': describedBy(q.id, q.help),
    'aria-invalid': invalid ? 'true' : null, 'aria-required': q.required ? 'true' : null,
  };
  let control;
  if (q.type === 'number') {
    // Text the engine refused stays as typed, next to its message.
    const shown = ctx.typed.get(q.id)?.text ?? (q.answer === null ? '' : String(q.answer).replace('.', q.decimalComma ? ',' : '.'));
    control = h('input', {
      ...common, type: 'text', inputmode: q.decimals > 0 ? 'decimal' : 'numeric', autocomplete: 'off',
      value: shown, className: 'number',
      // The field's text goes to the engine as it is (a decimal comma read as
      // a point): the engine decides whether it is a number in range.
      onchange: (/** @type {Event} */ e) => ctx.answerText(q.id, /** @type {HTMLInputElement} */ (e.target).value),
    });
  } else {
    control = h('textarea', {
      ...common, rows: 4, maxlength: q.maxLength,
      oninput: (/** @type {Event} */ e) => ctx.answer(q.id, /** @type {HTMLTextAreaElement} */ (e.target).value, true),
    }, ctx.typed.get(q.id)?.text ?? q.answer ?? '');
  }
  return h('div', { id: ids.field(q.id), className: `q q-${q.type}${invalid ? ' invalid' : ''}` },
    h('label', { for: inputId }, questionText(q.text, q.required, ctx)),
    q.help ? h('p', { id: ids.help(q.id), className: 'help' }, q.help) : null,
    control,
    messageBox(q.id, ctx));
}

/** @param {any} m @param {Context} ctx */
function matrix(m, ctx) {
  return h('section', { className: 'matrix', id: ids.field(m.id), 'aria-labelledby': ids.title(m.id) },
    h('h2', { id: ids.title(m.id), className: 'matrix-title' }, m.title),
    m.help ? h('p', { className: 'help' }, m.help) : null,
    m.rows.map((/** @type {any} */ row) => scaleFieldset(row, m.scale, ctx)));
}

/** @param {any} p @param {Context} ctx */
function panel(p, ctx) {
  return h('section', { className: 'panel', 'aria-labelledby': ids.title(p.id) },
    h('h2', { id: ids.title(p.id) }, p.title),
    p.description ? h('p', { className: 'help' }, p.description) : null,
    elements(p.elements, ctx));
}

/**
 * @param {any[]} list the view's elements
 * @param {Context} ctx
 * @returns {HTMLElement[]}
 */
export function elements(list, ctx) {
  return list.map((e) => {
    if (e.kind === 'panel') return panel(e, ctx);
    if (e.kind === 'matrix') return matrix(e, ctx);
    if (e.type === 'likert') return scaleFieldset(e, e.scale, ctx);
    if (e.type === 'choice' || e.type === 'multichoice') return choiceFieldset(e, ctx);
    return textField(e, ctx);
  });
}

/** The first control of a question, to move focus to it. */
export function firstControl(/** @type {string} */ id) {
  return /** @type {HTMLElement | null} */ (document.getElementById(ids.field(id))?.querySelector('input, textarea') ?? null);
}
