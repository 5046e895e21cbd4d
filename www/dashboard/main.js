// The results dashboard: opened with a viewer link, it exchanges the link's
// token for a session, lets the viewer choose a group and a wave, hands the
// endpoint's bodies to the engine's report view (WebAssembly) and draws the
// answer. No figure is computed here.
import { createEngine } from '../lib/engine.js';
import { h } from '../app/dom.js';

import * as api from './api.js';
import { download, toCsv } from './csv.js';
import { languageNames, pickLanguage, translator, uiLanguages } from './i18n.js';
import { renderView } from './render.js';

const app = /** @type {HTMLElement} */ (document.getElementById('dashboard'));

const state = {
  /** @type {import('./i18n.js').Language} */ language: pickLanguage(),
  /** @type {any} */ org: null,
  group: '',
  wave: '',
  /** @type {Promise<import('../lib/engine.js').Engine> | null} */ engine: null,
  /** @type {Map<string, Promise<any>>} */ cache: new Map(),
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

/** Groups in tree order with their depth, from the organisation body. */
function treeOrder() {
  const groups = state.org.groups;
  const ids = new Set(groups.map((g) => g.id));
  /** @type {{group: any, depth: number}[]} */
  const out = [];
  const visit = (parent, depth) => {
    for (const g of groups.filter((x) => (x.parent && ids.has(x.parent) ? x.parent : null) === parent)) {
      out.push({ group: g, depth });
      visit(g.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

const groupName = (id) => state.org?.groups.find((g) => g.id === id)?.name ?? id;
const waveTitle = (id) => state.org?.waves.find((w) => w.id === id)?.title || id;

function controls() {
  const select = (id, label, options, value, onchange) => h('label', { className: 'control', for: id }, label,
    h('select', { id, onchange },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  return h('form', { className: 'controls', onsubmit: (e) => e.preventDefault() },
    select('group', t('group'), treeOrder().map(({ group, depth }) => [group.id, `${'\u00a0\u00a0'.repeat(depth)}${group.name}`]),
      state.group, (e) => { state.group = e.target.value; show(); }),
    select('wave', t('wave'), state.org.waves.map((w) => [w.id, w.title || w.id]), state.wave,
      (e) => { state.wave = e.target.value; show(); }),
    select('language', t('language'), uiLanguages.map((l) => [l, languageNames[l]]), state.language,
      (e) => { state.language = e.target.value; t = translator(state.language); show(); }),
    h('button', { type: 'button', id: 'export', onclick: exportCsv }, t('exportCsv')),
    h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('print')));
}

function exportCsv() {
  const name = `sos-${state.org.organisation.id}-${state.group}-${state.wave}-${state.language}.csv`;
  download(name, toCsv([[t('group'), groupName(state.group)], [t('wave'), waveTitle(state.wave)], [], ...state.csv]));
}

/** The view request for the chosen group and wave (docs/report.md). */
async function request() {
  const waves = state.org.waves;
  const at = waves.findIndex((w) => w.id === state.wave);
  const chosen = waves[at];
  if (chosen.state !== 'closed') {
    const progress = await cached(`p:${chosen.id}`, () => api.progress(chosen.id));
    return { body: { waves: [{ id: chosen.id, progress }] } };
  }
  // Every closed wave up to the chosen one (oldest first) for the trend.
  const closed = waves.slice(0, at + 1).filter((w) => w.state === 'closed');
  const bodies = await Promise.all(closed.map((w) => cached(`f:${w.id}`, () => api.figures(w.id))));
  const latest = bodies[bodies.length - 1];
  return {
    body: {
      waves: bodies.map((b, i) => ({ id: closed[i].id, release: b.release, groupAttributes: b.groupAttributes ?? null })),
      benchmark: latest.imported_benchmark ?? latest.benchmark ?? null,
      comments: latest.comments ?? [],
    },
  };
}

let generation = 0;
async function show() {
  const mine = ++generation;
  document.documentElement.lang = state.language;
  document.title = `${t('title')} · ${state.org.organisation.name}`;
  const content = h('main', { id: 'content', 'aria-busy': 'true' }, h('p', { role: 'status' }, t('loading')));
  app.replaceChildren(
    h('header', { className: 'top' },
      h('h1', {}, `${t('title')} · ${state.org.organisation.name}`),
      state.org.organisation.synthetic ? h('p', { className: 'badge' }, t('synthetic')) : null,
      controls()),
    content);
  try {
    const wave = state.org.waves.find((w) => w.id === state.wave);
    const [engine, survey, req] = await Promise.all([
      /** @type {Promise<import('../lib/engine.js').Engine>} */ (state.engine),
      cached(`s:${wave.id}`, () => api.surveyText(wave.id)),
      request(),
    ]);
    if (mine !== generation) return;
    const result = engine.reportView(survey, {
      format: 'sos-report-request/1', language: state.language, group: state.group, ...req.body,
    });
    content.removeAttribute('aria-busy');
    if (!result.ok) {
      content.replaceChildren(h('p', { role: 'alert' }, t('engineError', { message: result.error.message })));
      state.csv = [];
      return;
    }
    state.csv = renderView(content, result.view, { t, language: state.language, groupName, waveTitle });
    content.dataset.state = result.view.state;
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
  const tree = treeOrder();
  state.group = tree[0]?.group.id ?? '';
  const closed = state.org.waves.filter((w) => w.state === 'closed');
  state.wave = (closed[closed.length - 1] ?? state.org.waves[state.org.waves.length - 1])?.id ?? '';
  if (!state.group || !state.wave) {
    message(t('noWaves', { org: state.org.organisation.name }), 'status');
    return;
  }
  await show();
}

boot();
