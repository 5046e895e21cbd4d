// A whole respondent session through the facade (www/lib/engine.js) and the
// built module, on the fixture survey: answers, branches, validation,
// language, save and restore, submission, error paths and Embind leaks.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { EngineError } from '../../www/lib/engine.js';
import { fixtureText, loadEngine } from './module.mjs';

const everything = { performance_pay: true, selling: 'volume', field_visits: true };
const noVisits = { performance_pay: false, selling: 'complex', field_visits: false };

/** @type {import('../../www/lib/engine.js').Engine} */
let engine;
before(async () => {
  engine = await loadEngine();
});

function open() {
  const opened = engine.openSurvey(fixtureText());
  assert.equal(opened.ok, true);
  return opened;
}

/** Ids of the visible elements, panels and matrices with their children. */
function outline(elements) {
  return elements
    .map((e) => e.id + (e.kind === 'panel' ? `[${outline(e.elements)}]` : e.kind === 'matrix' ? `[${outline(e.rows)}]` : ''))
    .join(' ');
}

function answerAll(run, answers) {
  for (const [id, value] of Object.entries(answers)) {
    const result = run.setAnswer(id, value);
    assert.equal(result.ok, true, `${id}: ${JSON.stringify(result)}`);
  }
}

test('a whole session: branches, validation, language, review, submission, profile', () => {
  const { run, survey, diagnostics } = open();
  try {
    assert.deepEqual(survey.roles.map((r) => r.id), ['seller', 'manager']);
    assert.deepEqual(diagnostics.map((d) => `${d.severity} ${d.code}`), ['warning survey.few_items']);
    assert.deepEqual(run.surveyInfo('sv').roles.map((r) => r.title), ['Säljare', 'Säljchef']);
    assert.deepEqual(run.start({ role: 'seller', language: 'sv', group: everything }), { ok: true, language: 'sv' });

    let page = run.page();
    assert.equal(page.page.id, 'p_goals');
    assert.equal(outline(page.elements), 'goals_clear goals_followed goals_unfair pn_pay[pay_fair]');
    assert.equal(page.elements[0].scale.minLabel, 'Stämmer inte alls');

    // Leaving an unanswered page: the engine says what is missing, in Swedish.
    const blocked = run.next();
    assert.equal(blocked.moved, false);
    assert.deepEqual(blocked.messages.map((m) => m.question), ['goals_clear', 'goals_followed', 'pay_fair']);
    assert.equal(blocked.messages[0].text, 'Besvara frågan, tack.');

    answerAll(run, { goals_clear: 'na', goals_followed: 4, goals_unfair: 2, pay_fair: 5 });
    assert.deepEqual(run.validatePage(), []);
    assert.deepEqual(run.next(), { moved: true, messages: [] });

    // An answer that reveals the matrix, and one that hides it again.
    page = run.page();
    assert.equal(outline(page.elements), 'coached kpis meetings_week');
    let result = run.setAnswer('coached', 'yes');
    assert.deepEqual(result, { ok: true, changes: { shown: ['coach_regular', 'coach_useful'], hidden: [], cleared: [] } });
    assert.equal(outline(run.page().elements), 'coached m_coaching[coach_regular coach_useful] kpis meetings_week');
    answerAll(run, { coach_regular: 4 });
    result = run.setAnswer('coached', 'no');
    assert.deepEqual(result.changes, { shown: [], hidden: ['coach_regular', 'coach_useful'], cleared: ['coach_regular'] });
    answerAll(run, { coached: 'yes', coach_regular: 4, coach_useful: 5, kpis: ['meetings', 'calls'] });

    // A requiredIf and a validator, both from the engine.
    assert.deepEqual(run.next().messages.map((m) => `${m.question} ${m.code}`), ['meetings_week required']);
    run.setLanguage('en');
    result = run.setAnswerJson('meetings_week', '45');
    assert.equal(result.ok, true);
    assert.deepEqual(run.validateQuestion('meetings_week'), [
      { question: 'meetings_week', code: 'validator', text: 'Really more than 40?' },
    ]);
    result = run.setAnswerJson('meetings_week', '2.25');
    assert.equal(result.ok, false);
    assert.deepEqual(result.error, {
      code: 'answer.too_precise', pointer: '/answers/meetings_week',
      message: '2.25 has more than 1 decimals', text: 'Use at most 1 decimals.',
    });
    answerAll(run, { meetings_week: 12.5 });
    assert.equal(run.next().moved, true);

    // Language switch mid-survey keeps every answer.
    assert.equal(run.setLanguage('nb'), 'nb');
    assert.equal(run.setLanguage('de'), 'en');
    assert.equal(run.setLanguage('nb'), 'nb');
    assert.equal(run.previous(), true);
    page = run.page();
    assert.equal(page.page.title, 'Coaching');
    assert.equal(page.elements[0].text, 'Har du fått coaching i år?');
    assert.equal(page.elements[0].answer, 'yes');
    assert.deepEqual(page.elements[2].answer, ['meetings', 'calls']);
    assert.equal(run.next().moved, true);

    answerAll(run, { visits_planned: 3, visits_feedback: 4, visits_often: 2 });
    assert.equal(run.next().moved, true);
    page = run.page();
    assert.equal(page.page.id, 'p_comment');
    assert.deepEqual(page.navigation, { previous: true, next: false, last: true });
    answerAll(run, { free_words: 'Mer coachning, takk' });
    assert.deepEqual(run.progress(), { answered: 8, required: 8, percent: 100 });

    const review = run.review();
    assert.equal(review.complete, true);
    assert.deepEqual(review.pages[1].items.map((i) => i.answerText), ['Ja', '4 / 5', '5 / 5', 'Møter, Samtaler', '12,5']);

    const submission = run.buildSubmission();
    assert.equal(submission.ok, true);
    const contribution = JSON.parse(submission.contribution);
    assert.equal(contribution.format, 'sos-contribution/1');
    assert.match(contribution.submission, /^[0-9a-f]{32}$/);
    assert.equal(submission.contribution.includes('coachning'), false);
    assert.equal(submission.comments.length, 1);
    const comment = JSON.parse(submission.comments[0]);
    assert.equal(comment.text, 'Mer coachning, takk');
    assert.notEqual(comment.id, contribution.submission);

    const profile = run.profile();
    assert.deepEqual(
      profile.dimensions.map((d) => [d.id, d.applies, d.scoreText]),
      [['goals', true, '4,3'], ['coaching', true, '4,5'], ['joint_visits', true, '3,0']],
    );
  } finally {
    run.dispose();
  }
});

test('save and restore resume at the same page with the same answers', () => {
  const first = open().run;
  const second = open().run;
  try {
    first.start({ role: 'manager', language: 'en', group: noVisits });
    answerAll(first, { goals_clear: 2, goals_followed: 3 });
    assert.equal(first.next().moved, true);
    answerAll(first, { coached: 'no' });
    const saved = first.save();
    assert.equal(JSON.parse(saved).format, 'sos-session/1');

    assert.deepEqual(second.restore(saved), { ok: true, language: 'en' });
    const page = second.page();
    assert.equal(page.page.id, 'p_coaching');
    assert.equal(page.role.id, 'manager');
    assert.equal(page.elements[0].answer, 'no');
    assert.equal(page.page.count, 3);  // the visits page is hidden for this group
    second.previous();
    assert.equal(second.page().elements[0].text, "My sellers' goals are clear.");
  } finally {
    first.dispose();
    second.dispose();
  }
});

test('engine errors arrive as structured values with code and pointer', () => {
  const invalid = engine.openSurvey('{"format":"sos-survey/1","id":"X"}');
  assert.equal(invalid.ok, false);
  assert.equal(invalid.error.code, 'survey.invalid');
  assert.deepEqual(invalid.diagnostics[0], {
    severity: 'error', code: 'survey.bad_id', pointer: '/id', message: invalid.diagnostics[0].message,
  });
  assert.equal(engine.openSurvey('not json').diagnostics[0].code, 'json.parse_error');
  // Past the engine's documented size limit: an error value, not an abort.
  const huge = engine.openSurvey(`{"format":"sos-survey/1","pad":"${'x'.repeat(9 * 1024 * 1024)}"}`);
  assert.equal(huge.ok, false);
  assert.equal(huge.diagnostics[0].code, 'survey.limit_exceeded');

  const { run } = open();
  try {
    assert.throws(() => run.page(), (e) => e instanceof EngineError && e.code === 'session.not_started');
    const rows = [
      [() => run.start({ role: 'ceo', language: 'en', group: everything }), 'session.unknown_role', '/role'],
      [() => run.start({ role: 'seller', language: 'en', group: {} }), 'session.missing_group_attribute', '/group/performance_pay'],
      [() => run.start({ role: 'seller', language: 'en', group: { ...everything, extra: 1 } }), 'session.bad_group_attribute', '/group/extra'],
      [() => run.restore('{"format":"sos-session/1"}'), 'session.bad_state', '/survey'],
      [() => run.restore(JSON.stringify({ format: 'sos-session/1', survey: 'fixture_basic', surveyVersion: '2', role: 'seller', language: 'en', page: 'p_goals', answers: {} })), 'session.survey_mismatch', '/surveyVersion'],
    ];
    for (const [call, code, pointer] of rows) {
      const result = call();
      assert.equal(result.ok, false, code);
      assert.equal(result.error.code, code);
      assert.equal(result.error.pointer, pointer);
    }
    run.start({ role: 'seller', language: 'sv', group: everything });
    const answers = [
      ['nope', 1, 'answer.unknown_question', '/answers/nope'],
      ['goals_clear', 6, 'answer.out_of_range', '/answers/goals_clear'],
      ['goals_clear', 'many', 'answer.type_error', '/answers/goals_clear'],
      ['coach_regular', 3, 'answer.hidden', '/answers/coach_regular'],
    ];
    for (const [id, value, code, pointer] of answers) {
      const result = run.setAnswer(id, value);
      assert.equal(result.ok, false);
      assert.deepEqual([result.error.code, result.error.pointer], [code, pointer]);
    }
    const submission = run.buildSubmission();
    assert.equal(submission.ok, false);
    assert.deepEqual([submission.error.code, submission.error.pointer], ['session.incomplete', '/answers/goals_clear']);
    assert.throws(() => run.validateQuestion('nope'), /answer\.unknown_question/);
  } finally {
    run.dispose();
  }
  assert.equal(run.disposed, true);
  assert.throws(() => run.page(), (e) => e.code === 'facade.disposed');
  run.dispose();  // twice is harmless
});

test('the facade deletes every Embind object it creates', () => {
  const baseline = engine.heapBytesInUse();
  for (let i = 0; i < 30; i++) {
    const { run } = open();
    run.start({ role: 'seller', language: 'en', group: everything });
    answerAll(run, { goals_clear: 3, goals_followed: 4, pay_fair: 5 });
    run.next();
    run.page();
    run.dispose();
    engine.openSurvey('{}');  // a failed load deletes its handle at once
  }
  // Every session and survey is freed: the heap is back where it was.
  assert.equal(engine.heapBytesInUse(), baseline);
});
