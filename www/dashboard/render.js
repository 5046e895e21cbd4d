// Draws one report view (the engine's "sos-report/1" view) as DOM: tables,
// lists and chart canvases. Only text nodes carry figures and survey texts
// (never HTML), and every table also goes into the CSV export as shown.
import { h } from '../app/dom.js';

import { barChart, destroyCharts, profileChart, trendChart } from './charts.js';

/**
 * @typedef {{text: string, className?: string, node?: Node}} Cell
 * @typedef {{t: ReturnType<import('./i18n.js').translator>, language: string,
 *   groupName: (id: string) => string, waveTitle: (id: string) => string}} Context
 */

// A shape per colour, so a coloured cell never speaks by colour alone: the
// shape carries the engine's label as its accessible name, and the legend
// beside the table spells each one out.
const marks = /** @type {Record<string, string>} */ ({ green: '▲', yellow: '●', red: '▼', neutral: '○' });

/** A coloured figure (heatmap, comparison): the value, its mark and label. @param {any} c */
function colouredCell(c) {
  const label = c.colourLabel ?? '';
  return {
    text: `${c.display} (${label})`,
    className: `score c-${c.colour}`,
    node: h('span', {}, c.display, ' ',
      h('span', { className: 'mark', role: 'img', 'aria-label': label, title: label, 'data-colour': c.colour },
        marks[c.colour] ?? '')),
  };
}

/** Why a compared figure is empty, in the engine's words. @param {any} c @param {Context} ctx */
function emptyCell(c, ctx) {
  return { text: c.stateLabel ?? ctx.t('none'), className: 'withheld small' };
}

/** The marks and their labels. @param {Record<string, string>} labels @param {Context} ctx */
function legend(labels, ctx) {
  return h('ul', { className: 'legend', 'aria-label': ctx.t('legend') },
    Object.entries(marks).map(([colour, mark]) => h('li', {},
      h('span', { className: `mark c-${colour}`, 'aria-hidden': 'true' }, mark), ' ', labels[colour] ?? '')));
}

/** A table that also records itself for the CSV export. */
class Tables {
  /** @type {string[][]} */
  rows = [];

  /**
   * @param {string} caption
   * @param {string[]} headers
   * @param {(string | Cell)[][]} rows
   * @param {string} [className]
   */
  table(caption, headers, rows, className = '') {
    this.rows.push([caption], headers);
    const body = rows.map((row) => {
      this.rows.push(row.map((c) => (typeof c === 'string' ? c : c.text)));
      return h('tr', {}, row.map((c, i) => {
        const cell = typeof c === 'string' ? { text: c } : c;
        return h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, className: cell.className ?? null },
          cell.node ?? cell.text);
      }));
    });
    this.rows.push([]);
    // Focusable, so a table wider than the screen can be scrolled by keyboard.
    return h('div', { className: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
      h('table', { className }, h('caption', {}, caption),
        h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, body)));
  }
}

/** The figure as shown, or the engine's label for why there is none. */
function scoreCell(d) {
  if (d.state === 'shown') return { text: d.score.display, className: `score c-${d.colour}` };
  return { text: d.stateLabel ?? '', className: 'withheld' };
}

/** @param {any} change @param {Context} ctx */
function changeCell(change, ctx) {
  if (!change) return { text: ctx.t('none') };
  const margin = change.marginE4 === null || change.marginE4 === undefined ? null
    : new Intl.NumberFormat(ctx.language, { maximumFractionDigits: 2 }).format(change.marginE4 / 10000);
  const marker = change.withinChance === null || change.withinChance === undefined ? ''
    : ` ${ctx.t(change.withinChance ? 'withinChance' : 'beyondChance', { margin: margin ?? '' })}`;
  return { text: `${change.display}${marker}`, className: change.withinChance ? 'chance' : '' };
}

/**
 * Draws the view's tables and lists at once and returns the charts to draw
 * after: each chart is a step of its own, so the caller can let the page
 * answer input between them instead of blocking it for the whole view.
 * @param {HTMLElement} root @param {any} view @param {Context} ctx
 * @returns {{rows: string[][], charts: (() => void)[]}} the CSV rows and the chart steps
 */
export function renderView(root, view, ctx) {
  destroyCharts();
  const tables = new Tables();
  const { t } = ctx;
  root.replaceChildren();
  if (view.state === 'open') {
    root.append(h('p', { className: 'notice', role: 'status' }, t('openWave')));
    root.append(responsesSection(view.responses, ctx, tables, view.rows));
    return { rows: tables.rows, charts: [] };
  }
  const report = view.report;
  const trendById = new Map(view.trend.dimensions.map((d) => [d.id, d]));
  const respondents = report.respondents === null ? report.respondentsLabel : String(report.respondents);
  tables.rows.push([t('respondents'), respondents], []);
  root.append(
    h('section', { className: 'summary' },
      h('h2', { id: 'summary-h' }, `${ctx.groupName(view.group)} · ${ctx.waveTitle(view.wave)}`),
      h('p', {}, h('strong', {}, `${t('respondents')}: `), h('span', { 'data-figure': 'respondents' }, respondents)),
      h('p', { className: 'rule' }, report.colourRule.text),
      (report.notes ?? []).map((n) => h('p', { className: 'note' }, n))),
  );

  const dimensionRows = report.dimensions.map((d) => {
    const trend = trendById.get(d.id);
    const open = h('button', { type: 'button', className: 'link', 'aria-expanded': 'false',
      'aria-controls': 'questions', 'data-dimension': d.id, title: t('openQuestions') }, d.title);
    return [
      { text: d.title, node: open },
      scoreCell(d),
      { text: d.state === 'shown' ? d.colourLabel : (d.stateLabel ?? ''), className: `label c-${d.colour}` },
      { text: d.benchmarkDisplay ?? t('none') },
      changeCell(trend?.sincePrevious, ctx),
      changeCell(trend?.overAll, ctx),
      { text: d.rank ? String(d.rank) : t('none') },
      { text: d.score ? String(d.score.n) : t('none') },
    ];
  });
  const questions = h('div', { id: 'questions', className: 'questions' });
  const main = h('section', { className: 'dimensions' },
    h('h2', { id: 'dims-h' }, t('dimensions')),
    tables.table(t('dimensions'), [t('dimension'), t('score'), t('colour'), t('benchmark'), t('change'), t('overAll'), t('rank'), t('answers')],
      dimensionRows, 'dimension-table'),
    questions);
  main.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('button[data-dimension]');
    if (!button) return;
    const opened = button.getAttribute('aria-expanded') === 'true';
    for (const b of main.querySelectorAll('button[data-dimension]')) b.setAttribute('aria-expanded', 'false');
    questions.replaceChildren();
    if (opened) return;
    button.setAttribute('aria-expanded', 'true');
    questions.append(questionsOf(report, button.dataset.dimension ?? '', ctx));
  });

  const byId = new Map(report.dimensions.map((d) => [d.id, d]));
  const list = (ids, heading, cls) => h('section', { className: `advice ${cls}`, 'aria-label': heading },
    h('h3', {}, heading),
    ids.length === 0 ? h('p', {}, t('noneListed')) : h('ol', {}, ids.map((id) => {
      const d = byId.get(id);
      return h('li', {}, h('strong', {}, `${d.title} (${d.score?.display ?? ''}, ${d.colourLabel ?? ''})`),
        d.tips.length ? h('ul', { className: 'tips', 'aria-label': t('tips') }, d.tips.map((tip) => h('li', {}, tip))) : null);
    })));
  for (const [ids, key] of [[report.strengths, 'strengths'], [report.improvements, 'improvements']]) {
    tables.rows.push([t(/** @type {any} */ (key))], ...ids.map((id) => [byId.get(id).title, byId.get(id).score?.display ?? '']), []);
  }
  root.append(h('div', { className: 'columns' }, main,
    h('aside', { className: 'side' }, list(report.strengths, t('strengths'), 'strengths'),
      list(report.improvements, t('improvements'), 'improvements'))));

  const canvas = (label) => h('canvas', { role: 'img', 'aria-label': `${label}. ${t('chartNote')}` });
  const bar = canvas(t('barChart'));
  const radar = canvas(t('profile'));
  const line = canvas(t('trend'));
  root.append(h('section', { className: 'charts' },
    h('h2', { id: 'charts-h' }, t('charts')),
    h('figure', { className: 'chart wide' }, h('figcaption', {}, t('barChart')), h('div', { className: 'chart-box tall' }, bar)),
    h('figure', { className: 'chart' }, h('figcaption', {}, t('profile')), h('div', { className: 'chart-box' }, radar)),
    h('figure', { className: 'chart' }, h('figcaption', {}, t('trend')), h('div', { className: 'chart-box' }, line))));

  root.append(heatmapSection(view, report, ctx, tables));
  root.append(comparisonSection(view, ctx, tables));
  if (view.gap) root.append(gapSection(view.gap, ctx, tables, byId));
  root.append(responsesSection(view.responses, ctx, tables, view.rows));
  root.append(commentsSection(view.comments, ctx));

  const labels = { score: t('score'), benchmark: t('benchmark') };
  return {
    rows: tables.rows,
    charts: [
      () => barChart(bar, report, labels),
      () => profileChart(radar, report, labels),
      () => trendChart(line, view.trend, view.trend.waves.map((w) => ctx.waveTitle(w))),
    ],
  };
}

/** @param {any} report @param {string} id @param {Context} ctx */
function questionsOf(report, id, ctx) {
  const { t } = ctx;
  const d = report.dimensions.find((x) => x.id === id);
  const local = new Tables();
  return h('section', { 'aria-label': t('questions', { dimension: d.title }) },
    h('h3', {}, t('questions', { dimension: d.title })),
    report.questions.filter((q) => q.dimension === id).map((q) => h('div', { className: 'question' },
      local.table(q.text, [t('option'), t('count'), t('percent')],
        q.options.map((o) => [o.label,
          o.state === 'shown' ? { text: String(o.count) } : { text: t('none'), className: 'withheld' },
          o.percent === null ? { text: t('none') } : { text: `${o.percent} %` }]), 'distribution'),
      h('p', { className: 'small' }, `${t('answered')}: ${q.answered ?? t('none')}`,
        q.reverse ? ` · ${t('reverse')}` : '', q.minLabel ? ` · 1 = ${q.minLabel}, 5 = ${q.maxLabel}` : ''))));
}

/** @param {any} view @param {any} report @param {Context} ctx @param {Tables} tables */
function heatmapSection(view, report, ctx, tables) {
  const { t } = ctx;
  const rows = view.heatmap.map((row) => [
    { text: ctx.groupName(row.group), className: row.group === view.group ? 'current' : '' },
    ...row.dimensions.map((c) => (c.state === 'shown' ? colouredCell(c) : emptyCell(c, ctx))),
  ]);
  return h('section', { className: 'heatmap' }, h('h2', { id: 'heat-h' }, t('heatmap')),
    nearNote(view.rows, ctx),
    tables.table(t('heatmap'), [t('group'), ...report.dimensions.map((d) => d.title)], rows, 'heat'),
    legend(report.colourRule.labels, ctx));
}

/** @param {any} view @param {Context} ctx @param {Tables} tables */
function comparisonSection(view, ctx, tables) {
  const { t } = ctx;
  const refs = view.comparison.references ?? [];
  const shown = (c) => (c.state === 'shown' ? colouredCell(c) : emptyCell(c, ctx));
  const rows = view.comparison.dimensions.map((d) => [d.title, shown(d.subject),
    ...d.references.flatMap((r) => [shown(r), { text: r.differenceDisplay ?? t('none') }])]);
  const headers = [t('dimension'), ctx.groupName(view.group),
    ...refs.flatMap((r) => [ctx.groupName(typeof r === 'string' ? r : r.group), `${t('difference')}`])];
  return h('section', { className: 'comparison' }, h('h2', { id: 'cmp-h' }, t('comparison')),
    tables.table(t('comparison'), headers, rows, 'compare'), legend(view.report.colourRule.labels, ctx));
}

/** @param {any} gap @param {Context} ctx @param {Tables} tables @param {Map<string, any>} byId */
function gapSection(gap, ctx, tables, byId) {
  const { t } = ctx;
  const rows = gap.ranked.map((d) => [d.title, { text: d.a.display }, { text: d.b.display }, { text: d.display }]);
  return h('section', { className: 'gap' }, h('h2', { id: 'gap-h' }, t('gap')),
    rows.length ? tables.table(t('gap'), [t('dimension'), t('sellers'), t('managers'), t('difference')], rows) : null,
    gap.missing.length ? h('p', { className: 'withheld' }, t('gapMissing', {
      list: gap.missing.map((id) => byId.get(id)?.title ?? id).join(', ') })) : null);
}

/**
 * Which groups a table holds when the engine kept it to the chosen group's
 * family (a large organisation, "rows": "near").
 * @param {string | undefined} rows @param {Context} ctx
 */
function nearNote(rows, ctx) {
  return rows === 'near' ? h('p', { className: 'note near' }, ctx.t('nearRows')) : null;
}

/** @param {any} responses @param {Context} ctx @param {Tables} tables @param {string} [scope] the view's "rows" */
function responsesSection(responses, ctx, tables, scope) {
  const { t } = ctx;
  const rows = responses.groups.map((g) => [ctx.groupName(g.group),
    g.respondents === null ? { text: t('withheld'), className: 'withheld' } : { text: String(g.respondents) },
    { text: g.headcount === null ? t('none') : String(g.headcount) },
    { text: g.ratePercent === null || g.ratePercent === undefined ? t('none') : `${g.ratePercent} %` }]);
  return h('section', { className: 'responses' }, h('h2', { id: 'resp-h' }, t('responses')),
    nearNote(scope, ctx),
    tables.table(t('responses'), [t('group'), t('respondents'), t('headcount'), t('rate')], rows));
}

/**
 * The group's released comments under their questions, as the engine groups
 * them. Question texts and comments are untrusted: both become text nodes.
 * @param {{questions: {id: string, text: string, comments: string[]}[]}} comments @param {Context} ctx
 */
function commentsSection(comments, ctx) {
  const { t } = ctx;
  const questions = comments?.questions ?? [];
  return h('section', { className: 'comments' }, h('h2', { id: 'com-h' }, t('comments')),
    questions.length === 0 ? h('p', {}, t('noComments'))
      : questions.map((q) => h('section', { className: 'comment-question', 'data-question': q.id },
        h('h3', {}, q.text),
        h('ul', {}, q.comments.map((text) => h('li', {}, text))))));
}
