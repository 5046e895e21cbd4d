// Extreme inputs through the built wasm module: a survey of 2,000 questions
// loaded and answered page by page to a submission, conditions nested 200
// deep and texts beyond the limits refused with a clear error, and the module
// still working afterwards (never an aborted module). Prints figures; asserts
// no timing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { generateSurvey } from '../../bench/browser/generate-survey.mjs';
import { fixtureText, loadEngine } from './module.mjs';

/** @type {import('../../www/lib/engine.js').Engine} */
let engine;
before(async () => {
  engine = await loadEngine();
});

const group = { performance_pay: true, selling: 'volume', field_visits: true };
const valueFor = (q) => (q.type === 'choice' ? q.options[0].value : q.type === 'multichoice' ? [q.options[0].value]
  : q.type === 'number' ? 12 : q.type === 'comment' ? 'Words' : 4);

/** The questions of a page view, matrix rows and panel contents included. */
function questionsOf(elements, out = []) {
  for (const e of elements) {
    if (e.kind === 'panel') questionsOf(e.elements, out);
    else if (e.kind === 'matrix') out.push(...e.rows.map((r) => ({ ...r, type: 'likert' })));
    else out.push(e);
  }
  return out;
}

/** The module answers a trivial survey: it was not aborted by what came before. */
function stillWorks() {
  const opened = engine.openSurvey(fixtureText());
  assert.equal(opened.ok, true);
  assert.equal(opened.run.start({ role: 'seller', language: 'en', group }).ok, true);
  assert.equal(opened.run.setAnswer('goals_clear', 4).ok, true);
  opened.run.dispose();
}

test('a survey of 2,000 questions loads, is answered page by page and builds its submission', () => {
  const survey = generateSurvey(2000);
  const text = JSON.stringify(survey);
  let t0 = performance.now();
  const opened = engine.openSurvey(text);
  const loadMs = performance.now() - t0;
  assert.equal(opened.ok, true, JSON.stringify(opened.error ?? opened.diagnostics?.filter((d) => d.severity === 'error')));
  const { run } = opened;
  try {
    assert.equal(run.start({ role: 'seller', language: 'en', group }).ok, true);
    let answers = 0;
    let pages = 0;
    t0 = performance.now();
    for (;;) {
      pages++;
      // Answering can reveal more on the page (a panel): until nothing is new.
      const done = new Set();
      for (let again = true; again;) {
        again = false;
        for (const q of questionsOf(run.page().elements)) {
          if (done.has(q.id)) continue;
          done.add(q.id);
          again = true;
          const r = run.setAnswer(q.id, valueFor(q));
          assert.equal(r.ok, true, `${q.id}: ${JSON.stringify(r)}`);
          answers++;
        }
      }
      const moved = run.next();
      if (!moved.moved) {
        assert.deepEqual(moved.messages, [], `page ${pages} could not be left`);
        break;
      }
    }
    const answerMs = performance.now() - t0;
    assert.deepEqual(run.validateAll(), []);
    const built = run.buildSubmission();
    assert.equal(built.ok, true, JSON.stringify(built.error));
    assert.ok(answers >= 1000, `only ${answers} answers`);
    console.log(`2,000 questions (${(text.length / 1024).toFixed(0)} KB): load ${loadMs.toFixed(0)} ms, ${pages} pages, `
      + `${answers} answers in ${answerMs.toFixed(0)} ms (${((answerMs / answers) * 1000).toFixed(0)} µs each), `
      + `heap ${(engine.heapBytesInUse() / 1048576).toFixed(1)} MiB`);
  } finally {
    run.dispose();
  }
  stillWorks();
});

test('conditions nested 200 deep and overlong texts are refused with their place; the module lives on', () => {
  const base = JSON.parse(fixtureText());
  const first = base.pages[0].elements[0];
  const cases = [
    ['visibleIf', `${'('.repeat(200)}{goals_clear} = 1${')'.repeat(200)}`, 'survey.limit_exceeded'],
    ['visibleIf', `${'not '.repeat(200)}true`, 'survey.limit_exceeded'],
    ['requiredIf', `${'abs('.repeat(200)}1${')'.repeat(200)} > 0`, 'survey.limit_exceeded'],
    ['text', { en: 'W'.repeat(10000), sv: 'x', nb: 'x' }, 'survey.limit_exceeded'],
  ];
  for (const [field, value, code] of cases) {
    const survey = structuredClone(base);
    const element = survey.pages[0].elements[1];
    element[field] = value;
    const opened = engine.openSurvey(JSON.stringify(survey));
    assert.equal(opened.ok, false, `${field} accepted`);
    const errors = opened.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.code), [code], JSON.stringify(errors));
    assert.match(errors[0].pointer, new RegExp(`^/pages/0/elements/1/${field}`));
    assert.ok(errors[0].message.length > 0);
  }
  // 64 levels are within the limit and evaluate.
  const deep = structuredClone(base);
  deep.pages[0].elements[1].visibleIf = `${'('.repeat(63)}{${first.id}} != 1${')'.repeat(63)}`;
  const opened = engine.openSurvey(JSON.stringify(deep));
  assert.equal(opened.ok, true, JSON.stringify(opened.diagnostics));
  opened.run.dispose();
  // JSON nested 100,000 deep: an error, not a stack overflow in the module.
  const text = JSON.stringify(base);
  const nested = `${text.slice(0, -1)},"deep":${'['.repeat(100000)}${']'.repeat(100000)}}`;
  const refused = engine.openSurvey(nested);
  assert.equal(refused.ok, false);
  stillWorks();
});
