// The results dashboard: opened with a viewer link, it exchanges the link's
// token for a session, lets the viewer choose a group and a wave, has the
// report worker load each wave into the engine's report (WebAssembly) and
// draws the engine's view of each chosen group. No figure is computed here.
import { h } from '../app/dom.js';

import * as api from './api.js';
import { download, toCsv } from './csv.js';
import { groupFinder } from './group-finder.js';
import { languageNames, pickLanguage, translator, uiLanguages } from './i18n.js';
import { ReportClient } from './report-client.js';
import { groupTree } from './tree.js';

const app = /** @type {HTMLElement} */ (document.getElementById('dashboard'));

const state = {
  /** @type {import('./i18n.js').Language} */ language: pickLanguage(),
  /** @type {any} */ org: null,
  /** @type {import('./tree.js').GroupTree | null} */ tree: null,
  group: '',
  wave: '',
  /** @type {ReportClient | null} */ reports: null,
  /** @type {string[][]} */ csv: [],
};

let t = translator(state.language);

// The drawing code and Chart.js (most of the page's script) arrive as a
// chunk of their own, fetched and compiled while the token is exchanged and
// the organisation fetched, instead of before those requests can start.
const rendering = import('./render.js');

function message(text, role = 'alert') {
  app.replaceChildren(h('main', { className: 'message' }, h('h1', {}, t('title')), h('p', { role }, text)));
}

const groupName = (id) => state.tree?.name(id) ?? id;
const waveTitle = (id) => state.org?.waves.find((w) => w.id === id)?.title || id;

/** @type {HTMLSelectElement | null} */
let groupSelect = null;
/** @type {HTMLElement | null} */
let content = null;

/** @param {string} id */
function chooseGroup(id) {
  state.group = id;
  if (groupSelect) groupSelect.value = id;
  show();
}

/**
 * The tree as a select, built once: thousands of options are made in one
 * fragment and kept across views and languages (group names are not
 * translated).
 */
function groupSelector() {
  if (!groupSelect) {
    const fragment = document.createDocumentFragment();
    for (const { group, depth } of /** @type {import('./tree.js').GroupTree} */ (state.tree).order) {
      fragment.append(new Option(`${'\u00a0\u00a0'.repeat(depth)}${group.name}`, group.id));
    }
    groupSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'group', onchange: (e) => chooseGroup(e.target.value) }));
    groupSelect.append(fragment);
  }
  groupSelect.value = state.group;
  return groupSelect;
}

function controls() {
  const select = (id, label, options, value, onchange) => h('label', { className: 'control', for: id }, label,
    h('select', { id, onchange },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  return h('form', { className: 'controls', onsubmit: (e) => e.preventDefault() },
    h('label', { className: 'control', for: 'group' }, t('group'), groupSelector()),
    groupFinder({ tree: /** @type {import('./tree.js').GroupTree} */ (state.tree), t, onChoose: chooseGroup }),
    select('wave', t('wave'), state.org.waves.map((w) => [w.id, w.title || w.id]), state.wave,
      (e) => { state.wave = e.target.value; show(); }),
    select('language', t('language'), uiLanguages.map((l) => [l, languageNames[l]]), state.language,
      (e) => { state.language = e.target.value; t = translator(state.language); frame(); show(); }),
    h('button', { type: 'button', id: 'export', onclick: exportCsv }, t('exportCsv')),
    h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('print')));
}

/** The header and the content area, in the viewer's language. */
function frame() {
  document.documentElement.lang = state.language;
  document.title = `${t('title')} · ${state.org.organisation.name}`;
  content = h('main', { id: 'content', 'aria-busy': 'true' });
  app.replaceChildren(
    h('header', { className: 'top' },
      h('h1', {}, `${t('title')} · ${state.org.organisation.name}`),
      state.org.organisation.synthetic ? h('p', { className: 'badge' }, t('synthetic')) : null,
      controls()),
    content);
}

function exportCsv() {
  const name = `sos-${state.org.organisation.id}-${state.group}-${state.wave}-${state.language}.csv`;
  download(name, toCsv([[t('group'), groupName(state.group)], [t('wave'), waveTitle(state.wave)], [], ...state.csv]));
}

/** The waves as the report worker needs them: ids and states, in order. */
const waveStates = () => state.org.waves.map((/** @type {any} */ w) => ({ id: w.id, state: w.state }));

/** Resolves in a later task, after the browser had a chance to handle input and paint. */
const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

let generation = 0;
async function show() {
  const mine = ++generation;
  const area = /** @type {HTMLElement} */ (content);
  area.setAttribute('aria-busy', 'true');
  area.replaceChildren(h('p', { role: 'status' }, t('loading')));
  try {
    // The engine loads the wave (once) and answers the view in the worker.
    const reports = /** @type {ReportClient} */ (state.reports);
    const [result, { renderView }] = await Promise.all([
      reports.view(state.wave, waveStates(), state.group, state.language), rendering]);
    if (mine !== generation) return;
    if (!result.ok) {
      area.removeAttribute('aria-busy');
      area.replaceChildren(h('p', { role: 'alert' }, t('engineError', { message: result.error.message })));
      state.csv = [];
      return;
    }
    const renderStart = performance.now();
    const drawn = renderView(area, result.view, { t, language: state.language, groupName, waveTitle });
    state.csv = drawn.rows;
    // Each chart in a task of its own: input that arrives meanwhile is
    // answered between them. The view counts as shown once all are drawn.
    for (const chart of drawn.charts) {
      await nextTask();
      if (mine !== generation) return;
      chart();
    }
    area.dataset.state = result.view.state;
    area.removeAttribute('aria-busy');
    performance.measure('sos-view-render', { start: renderStart });
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof api.ApiError && error.status === 401) message(t('noToken'));
    else message(t('failed'));
  }
}

async function boot() {
  // The worker starts compiling the engine while the token is exchanged.
  state.reports = new ReportClient();
  const token = api.tokenFromHash(location.hash);
  // The token leaves the address bar (and the history) once it is read.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  message(t('loading'), 'status');
  try {
    if (token) await api.startSession(token);
    state.org = await api.organisation();
  } catch (error) {
    if (error instanceof api.ApiError && (error.status === 403 || error.status === 401)) {
      message(token ? t('refused') : t('noToken'));
    } else {
      message(t('failed'));
    }
    return;
  }
  const closed = state.org.waves.filter((w) => w.state === 'closed');
  state.wave = (closed[closed.length - 1] ?? state.org.waves[state.org.waves.length - 1])?.id ?? '';
  // The wave's bodies are fetched and loaded in the worker while the page
  // indexes the tree and builds the header; errors surface with the view.
  if (state.wave && state.org.groups.length) state.reports.load(state.wave, waveStates(), state.language).catch(() => {});
  state.tree = groupTree(state.org.groups);
  state.group = state.tree.order[0]?.group.id ?? '';
  if (!state.group || !state.wave) {
    message(t('noWaves', { org: state.org.organisation.name }), 'status');
    return;
  }
  frame();
  await show();
}

boot();
