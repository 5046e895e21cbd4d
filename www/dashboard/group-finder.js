// The group finder: a search field with a list of matching groups (the ARIA
// combobox pattern), for trees too large to scroll through. Each match shows
// the path above it, so equal names in different places can be told apart.
import { h } from '../app/dom.js';

const shown = 20;

/**
 * @param {{tree: import('./tree.js').GroupTree, t: ReturnType<import('./i18n.js').translator>,
 *   onChoose: (id: string) => void}} options
 * @returns {HTMLElement}
 */
export function groupFinder({ tree, t, onChoose }) {
  const input = /** @type {HTMLInputElement} */ (h('input', {
    id: 'group-search', type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'group-matches',
    'aria-describedby': 'group-search-status', placeholder: t('findGroupHint'),
  }));
  const list = h('ul', { id: 'group-matches', role: 'listbox', 'aria-label': t('findGroup'), hidden: true });
  const status = h('p', { id: 'group-search-status', className: 'sr-only', role: 'status' });
  /** @type {HTMLElement[]} */
  let options = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  /** @param {number} i */
  const activate = (i) => {
    options.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
    active = i;
    if (i < 0) input.removeAttribute('aria-activedescendant');
    else {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    }
  };
  /** @param {string} id */
  const choose = (id) => {
    close();
    input.value = '';
    status.textContent = '';
    onChoose(id);
  };

  input.addEventListener('input', () => {
    const { found, total } = tree.search(input.value, shown);
    options = found.map((g, i) => {
      const path = tree.ancestry(g.id).join(' › ');
      return h('li', { id: `group-match-${i}`, role: 'option', 'aria-selected': 'false', 'data-group': g.id },
        h('span', { className: 'match-name' }, g.name), path ? h('span', { className: 'match-path' }, path) : null);
    });
    list.replaceChildren(...options);
    active = -1;
    input.removeAttribute('aria-activedescendant');
    status.textContent = input.value.trim() === '' ? ''
      : total === 0 ? t('noGroupMatches') : t('groupMatches', { count: total, shown: Math.min(total, shown) });
    if (options.length) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    } else close();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      activate((active + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      activate(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const pick = options[active >= 0 ? active : 0];
      if (pick && !list.hidden) choose(pick.dataset.group ?? '');
    } else if (event.key === 'Escape') {
      close();
    }
  });
  // mousedown, not click: the input's blur would close the list first.
  list.addEventListener('mousedown', (event) => {
    const item = /** @type {HTMLElement} */ (event.target).closest('[role="option"]');
    if (!item) return;
    event.preventDefault();
    choose(/** @type {HTMLElement} */ (item).dataset.group ?? '');
  });
  input.addEventListener('blur', close);

  return h('div', { className: 'control finder' },
    h('label', { for: 'group-search' }, t('findGroup')), input, list, status);
}
