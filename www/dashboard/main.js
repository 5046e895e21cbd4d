// The results dashboard: opened with a viewer link, it exchanges the link's
// token for a session, lets the viewer choose a group and a wave, hands the
// endpoint's bodies to the engine's report (WebAssembly) once per wave and
// draws the engine's view of each chosen group. No figure is computed here.
import { createEngine } from '../lib/engine.js';
import { h } from '../app/dom.js';

import * as api from './api.js';
import { download, toCsv } from './csv.js';
import { groupFinder } from './group-finder.js';
import { languageNames, pickLanguage, translator, uiLanguages } from './i18n.js';
import { Recent } from './recent.js';
import { renderView } from './render.js';
import { groupTree } from './tree.js';

const app = /** @type {HTMLElement} */ (document.getElementById('dashboard'));

const state = {
  /** @type {import('./i18n.js').Language} */ language: pickLanguage(),
  /** @type {any} */ org: null,
  /** @type {import('./tree.js').GroupTree | null} */ tree: null,
  group: '',
  wave: '',
  /** @type {Promise<import('../lib/engine.js').Engine> | null} */ engine: null,
  /** @type {Map<string, Promise<any>>} */ cache: new Map(),
  // A wave's engine report holds the releases of every closed wave up to it
  // (for the trend), megabytes for thousands of groups: only the most
  // recently used are kept, the others deleted and loaded again on demand.
  /** @type {Recent<any>} */ reports: new Recent(2, (loaded) => { if (loaded.ok) loaded.run.dispose(); }),
  /** @type {Recent<any>} */ figures: new Recent(3),
  /** @type {string[][]} */ csv: [],
};

let t = translator(state.language);

/** Fetched once per wave and kind. @param {string} key @param {() => Promise<any>} load */
function cached(key, load) {
  if (!state.cache.has(key)) state.cache.set(key, load().catch((e) => { state.cache.delete(key); throw e; }));
  return /** @type {Promise<any>} */ (state.cache.get(key));
}

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

/** The view request for a wave, without its group (docs/report.md). @param {string} waveId */
async function request(waveId) {
  const waves = state.org.waves;
  const at = waves.findIndex((w) => w.id === waveId);
  const chosen = waves[at];
  if (chosen.state !== 'closed') {
    const progress = await cached(`p:${chosen.id}`, () => api.progress(chosen.id));
    return { body: { waves: [{ id: chosen.id, progress }] } };
  }
  // Every closed wave up to the chosen one (oldest first) for the trend.
  const closed = waves.slice(0, at + 1).filter((w) => w.state === 'closed');
  const bodies = await Promise.all(closed.map((w) => state.figures.get(w.id, () => api.figures(w.id))));
  const latest = bodies[bodies.length - 1];
  return {
    body: {
      waves: bodies.map((b, i) => ({ id: closed[i].id, release: b.release, groupAttributes: b.groupAttributes ?? null })),
      benchmark: latest.imported_benchmark ?? latest.benchmark ?? null,
      comments: latest.comments ?? [],
    },
  };
}

/**
 * The engine's report of a wave, loaded once while it is among the recently
 * used: later views of any group or language are answered from it without
 * sending the releases again.
 * @param {string} waveId
 */
function report(waveId) {
  return state.reports.get(waveId, async () => {
    const wave = state.org.waves.find((w) => w.id === waveId);
    const [engine, survey, req] = await Promise.all([
      /** @type {Promise<import('../lib/engine.js').Engine>} */ (state.engine),
      cached(`s:${wave.id}`, () => api.surveyText(wave.id)),
      request(waveId),
    ]);
    performance.mark('sos-load-start');
    const loaded = engine.openReport(survey, { format: 'sos-report-request/1', language: state.language, ...req.body });
    performance.measure('sos-report-load', 'sos-load-start');
    return loaded;
  });
}

let generation = 0;
async function show() {
  const mine = ++generation;
  const area = /** @type {HTMLElement} */ (content);
  area.setAttribute('aria-busy', 'true');
  area.replaceChildren(h('p', { role: 'status' }, t('loading')));
  try {
    const loaded = await report(state.wave);
    if (mine !== generation) return;
    performance.mark('sos-view-start');
    const result = loaded.ok ? loaded.run.view(state.group, state.language) : loaded;
    performance.measure('sos-view-engine', 'sos-view-start');
    area.removeAttribute('aria-busy');
    if (!result.ok) {
      area.replaceChildren(h('p', { role: 'alert' }, t('engineError', { message: result.error.message })));
      state.csv = [];
      return;
    }
    performance.mark('sos-render-start');
    state.csv = renderView(area, result.view, { t, language: state.language, groupName, waveTitle });
    area.dataset.state = result.view.state;
    performance.measure('sos-view-render', 'sos-render-start');
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof api.ApiError && error.status === 401) message(t('noToken'));
    else message(t('failed'));
  }
}

async function boot() {
  state.engine = import('sos-engine-report-module').then((module) => createEngine(module.default));
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
  state.tree = groupTree(state.org.groups);
  state.group = state.tree.order[0]?.group.id ?? '';
  const closed = state.org.waves.filter((w) => w.state === 'closed');
  state.wave = (closed[closed.length - 1] ?? state.org.waves[state.org.waves.length - 1])?.id ?? '';
  if (!state.group || !state.wave) {
    message(t('noWaves', { org: state.org.organisation.name }), 'status');
    return;
  }
  // The wave's bodies are on their way while the header is built.
  report(state.wave).catch(() => {});
  frame();
  await show();
}

boot();
