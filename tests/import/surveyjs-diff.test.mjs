// Differential test of `sos import surveyjs`: SurveyJS itself (survey-core,
// model only) and the engine (the native `sos` tool) run the same random
// answers on each fixture survey and its conversion; after every answer the
// visible questions and each page's questions with validation errors must be
// the same. SurveyJS runs with clearInvisibleValues "onHiddenContainer", the
// engine's rule: an answer is cleared as soon as its question, panel or page
// is hidden.
//
//   SOS_BIN=build/h8/tools/sos node --test tests/import/
//   SOS_DIFF_SEQUENCES=200 SOS_DIFF_SEED=7 ... for a longer run
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConditionsParser, Model } from 'survey-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOS_BIN = path.resolve(ROOT, process.env.SOS_BIN ?? 'build/native/tools/sos');
const FIXTURES = path.join(ROOT, 'tests/import/fixtures');
const SEQUENCES = Number(process.env.SOS_DIFF_SEQUENCES ?? 30);
const STEPS = Number(process.env.SOS_DIFF_STEPS ?? 25);
const SEED = Number(process.env.SOS_DIFF_SEED ?? 1);

const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-import-'));

/** @param {number} seed */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {string[]} args @param {string} [input] */
function sos(args, input) {
  const r = spawnSync(SOS_BIN, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run ${SOS_BIN} (set SOS_BIN): ${r.error.message}`);
  return r;
}

/** Converts a fixture once; returns the SurveyJS JSON, the converted survey and the report. */
const conversions = new Map();
function convert(fixture) {
  if (conversions.has(fixture)) return conversions.get(fixture);
  const base = path.join(work, fixture.replace(/\.json$/, ''));
  const r = sos(['import', 'surveyjs', path.join(FIXTURES, fixture), '-o', `${base}.sos.json`, '--report', `${base}.report.json`]);
  assert.equal(r.status, 0, `sos import failed for ${fixture}:\n${r.stderr}`);
  const result = {
    file: `${base}.sos.json`,
    sj: JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8')),
    survey: JSON.parse(fs.readFileSync(`${base}.sos.json`, 'utf8')),
    report: JSON.parse(fs.readFileSync(`${base}.report.json`, 'utf8')),
  };
  conversions.set(fixture, result);
  return result;
}

/** Our question (or matrix row) ids by SurveyJS question name, and back. */
function nameMaps(report) {
  const idToName = new Map();
  const byName = new Map();
  for (const q of report.questions) {
    if (q.as === 'dropped') continue;
    byName.set(q.name, q);
    if (q.rows) for (const [, id] of q.rows) idToName.set(id, q.name);
    else idToName.set(q.id, q.name);
  }
  return { idToName, byName };
}

/** Every question of the converted survey by id. */
function ourQuestions(survey) {
  const out = new Map();
  const walk = (elements) => {
    for (const e of elements) {
      if (e.type === 'panel') walk(e.elements);
      else if (e.type === 'matrix') for (const row of e.rows) out.set(row.id, { ...e, type: 'likert', id: row.id });
      else out.set(e.id, e);
    }
  };
  for (const page of survey.pages) walk(page.elements);
  return out;
}

/** Numbers the fixture's conditions compare with, to hit their edges. */
function interestingNumbers(report) {
  const out = new Set();
  for (const c of report.conditions) for (const m of c.surveyjs.matchAll(/-?\d+(\.\d+)?/g)) out.add(Number(m[0]));
  return [...out];
}

function pick(rng, list) {
  return list[Math.floor(rng() * list.length)];
}

const TEXTS = ['ok', 'Good service', 'phone', '0', 'false', 'Yes', 'x'];

/**
 * A random answer to a visible SurveyJS question: its value for SurveyJS
 * and the trace line for the engine.
 */
function randomAnswer(rng, question, info, ours, numbers) {
  const clear = rng() < 0.12;
  const name = question.name;
  switch (info.as) {
    case 'likert':
    case 'number': {
      const q = ours.get(info.id);
      if (clear) return { sj: undefined, ours: [{ answer: info.id, value: null }] };
      let value;
      if (question.getType() === 'rating') {
        value = pick(rng, question.visibleRateValues.map((v) => v.value));
      } else {
        const near = numbers
          .flatMap((n) => [n - 1, n, n + 1])
          .filter((n) => n >= q.min && n <= q.max && Number(n.toFixed(q.decimals)) === n);
        const step = 10 ** -q.decimals;
        const random = q.min + Math.round((rng() * (q.max - q.min)) / step) * step;
        value = rng() < 0.5 && near.length ? pick(rng, near) : Number(random.toFixed(q.decimals));
      }
      return { sj: value, ours: [{ answer: info.id, value }] };
    }
    case 'choice': {
      if (clear) return { sj: undefined, ours: [{ answer: info.id, value: null }] };
      const [raw, value] = pick(rng, info.values);
      return { sj: raw, ours: [{ answer: info.id, value }] };
    }
    case 'multichoice': {
      const q = ours.get(info.id);
      const max = q.maxSelected || info.values.length;
      const size = clear ? 0 : 1 + Math.floor(rng() * max);
      const chosen = [...info.values].sort(() => rng() - 0.5).slice(0, size);
      return {
        sj: size ? chosen.map(([raw]) => raw) : undefined,
        ours: [{ answer: info.id, value: chosen.map(([, value]) => value) }],
      };
    }
    case 'comment': {
      const value = clear ? undefined : pick(rng, TEXTS);
      return { sj: value, ours: [{ answer: info.id, value: value ?? null }] };
    }
    case 'matrix':
    case 'matrix_rows': {
      const [rowRaw, rowId] = pick(rng, info.rows);
      const current = { ...(question.value ?? {}) };
      let ourValue = null;
      if (clear) delete current[rowRaw];
      else if (info.rowType === 'likert') {
        const column = pick(rng, question.visibleColumns.map((c) => c.value));
        current[rowRaw] = column;
        ourValue = Number(column);
      } else {
        const [raw, value] = pick(rng, info.columns);
        current[rowRaw] = raw;
        ourValue = value;
      }
      return { sj: Object.keys(current).length ? current : undefined, ours: [{ answer: rowId, value: ourValue }] };
    }
    default:
      throw new Error(`no answers for ${name} (${info.as})`);
  }
}

function shown(question) {
  return question.isVisible && question.isParentVisible;
}

/** SurveyJS's state: visible questions and, per page, the questions with errors. */
function surveyjsState(model, byName) {
  const visible = model
    .getAllQuestions()
    .filter((q) => byName.has(q.name) && shown(q))
    .map((q) => q.name)
    .sort();
  const pages = model.pages.map((page) => ({
    visible: page.isVisible,
    errors: page.isVisible
      ? page.questions
          .filter((q) => byName.has(q.name) && shown(q) && !q.validate(false))
          .map((q) => q.name)
          .sort()
      : [],
  }));
  return { visible, pages };
}

/** The engine's state from one trace line, in SurveyJS names. */
function engineState(line, idToName) {
  const visible = [...new Set(line.visible.map((id) => idToName.get(id)))].sort();
  const pages = line.pages.map((page) => ({
    visible: page.visible,
    errors: [...new Set(page.messages.map((m) => idToName.get(m.question)))].sort(),
  }));
  return { visible, pages };
}

function runSequence(fixture, conversion, seed) {
  const rng = mulberry32(seed);
  const { idToName, byName } = nameMaps(conversion.report);
  const ours = ourQuestions(conversion.survey);
  const numbers = interestingNumbers(conversion.report);
  const model = new Model(conversion.sj);
  model.clearInvisibleValues = 'onHiddenContainer';
  const expected = [surveyjsState(model, byName)];
  const lines = [];
  const log = [];
  for (let i = 0; i < STEPS; i++) {
    const candidates = model.getAllQuestions().filter((q) => byName.has(q.name) && shown(q));
    if (!candidates.length) break;
    const question = pick(rng, candidates);
    const answer = randomAnswer(rng, question, byName.get(question.name), ours, numbers);
    if (answer.sj === undefined) model.clearValue(question.name);
    else model.setValue(question.name, answer.sj);
    // survey-core 3 re-runs only the conditions that read the answer just
    // given: one that reads an answer it cleared while hiding a page or
    // panel stays stale (sales-process.json showed it). Its public
    // runExpressions() evaluates them all, so that SurveyJS's state is a
    // function of its answers, as the engine's is.
    model.runExpressions();
    for (const line of answer.ours) lines.push(JSON.stringify(line));
    log.push(`${question.name} = ${JSON.stringify(answer.sj)}`);
    expected.push(surveyjsState(model, byName));
  }
  const r = sos(['trace', conversion.file, '--role', 'respondent'], lines.join('\n') + '\n');
  assert.equal(r.status, 0, r.stderr);
  const trace = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(trace.length, expected.length);
  for (let step = 0; step < trace.length; step++) {
    const where = `${fixture}, seed ${seed}, after: ${log.slice(0, step).join('; ') || '(start)'}`;
    assert.ok(trace[step].ok, `the engine refused an answer SurveyJS took (${where}): ${JSON.stringify(trace[step].error)}`);
    assert.deepEqual(engineState(trace[step], idToName), expected[step], where);
  }
  return log.length;
}

test('sos binary exists', () => {
  assert.ok(fs.existsSync(SOS_BIN), `no sos binary at ${SOS_BIN}: build it or set SOS_BIN`);
});

for (const fixture of fixtures) {
  test(`${fixture}: converts without warnings about meaning and passes sos validate`, () => {
    const conversion = convert(fixture);
    const meaning = conversion.report.warnings.filter((w) => w.kind === 'meaning');
    assert.deepEqual(meaning, []);
    const r = sos(['validate', conversion.file]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  test(`${fixture}: every condition is parsed as SurveyJS parses it`, () => {
    const conversion = convert(fixture);
    assert.ok(conversion.report.conditions.length > 0);
    const parser = new ConditionsParser();
    for (const c of conversion.report.conditions) {
      const operand = parser.parseExpression(c.surveyjs);
      assert.ok(operand, `SurveyJS cannot parse ${c.surveyjs}`);
      assert.equal(c.parsed, operand.toString(), `${c.pointer}: ${c.surveyjs}`);
    }
  });

  test(`${fixture}: SurveyJS and the engine agree after every answer`, () => {
    const conversion = convert(fixture);
    let answers = 0;
    for (let i = 0; i < SEQUENCES; i++) answers += runSequence(fixture, conversion, SEED * 100003 + i);
    assert.ok(answers >= SEQUENCES, `only ${answers} answers were given`);
  });
}

test('a conversion with a meaning warning is told apart (the check above can fail)', () => {
  const file = path.join(work, 'meaning.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      pages: [{ name: 'p', elements: [{ type: 'text', name: 'born', inputType: 'date' }, { type: 'comment', name: 'c', visibleIf: 'age({born}) > 30' }] }],
    }),
  );
  const r = sos(['import', 'surveyjs', file, '-o', path.join(work, 'meaning.sos.json'), '--strict']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\[import\.condition_dropped\] \(\/pages\/0\/elements\/1\/visibleIf\)/);
});
