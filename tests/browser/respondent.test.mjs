// The respondent app in Debian's Chromium under the strict CSP: the fixture
// survey answered through the UI at phone and desktop sizes, with group and
// answer branches, validation, a language switch, reload and resume, start
// over, the submitted requests checked, and axe-core on every page type.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { desktop, expectAccessible, openPage, phone, screenshot, startApp, storedKeys } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** @param {import('playwright-core').Page} page */
const heading = (page) => page.locator('main h1').innerText();
/** @param {import('playwright-core').Page} page @param {string} id */
const message = (page, id) => page.locator(`#msg-${id}`).innerText();
/** Nothing wider than the screen (reflow at 320 CSS px, i.e. 200% zoom of 640). */
const noHorizontalScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
/** How many entries the app's IndexedDB outbox holds. @param {import('playwright-core').Page} page */
const outboxSize = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('sos');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const count = open.result.transaction('outbox').objectStore('outbox').count();
    count.onsuccess = () => { open.result.close(); resolve(count.result); };
  };
}));
/** @param {import('playwright-core').Page} page @param {string} id @param {string | number} value */
const choose = (page, id, value) => page.locator(`#in-${id}-${value}`).check();

test('phone: the whole survey with branches, validation, language switch, reload and submission', async () => {
  const { page, problems } = await openPage(app.browser, phone);
  app.server.posts.length = 0;
  app.server.other.length = 0;
  app.server.requests.length = 0;
  await page.goto(`${app.server.url}#/i/fixture-all-groups`);

  // Role, with the truthful statement of what is sent.
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  assert.match(await page.locator('.privacy').innerText(), /at least 5 respondents/);
  assert.match(await page.locator('.privacy').innerText(), /read word for word/);
  await expectAccessible(page, 'role');
  await screenshot(page, '01-role');
  await page.getByRole('radio', { name: 'Seller' }).check();
  await page.getByRole('button', { name: 'Start' }).click();

  // Page 1: the pay panel is there because the group has performance pay.
  assert.equal(await heading(page), 'Goals');
  assert.equal(await page.getByRole('heading', { name: 'Pay' }).count(), 1);
  assert.equal(await page.locator('.page-of').innerText(), 'Page 1 of 4');
  await expectAccessible(page, 'page');
  await screenshot(page, '02-page');

  // Leaving the page unanswered: the engine's messages next to each question.
  await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await message(page, 'goals_clear'), 'Please answer this question.');
  assert.equal(await message(page, 'pay_fair'), 'Please answer this question.');
  assert.equal(await message(page, 'goals_unfair'), '');
  assert.equal(await page.locator('#in-goals_clear-1').getAttribute('aria-invalid'), 'true');
  // Screen-reader names: the scale's question as the group, the ends named.
  const scale = page.getByRole('group', { name: 'My goals are clear. (required)' });
  assert.equal(await scale.getByRole('radio', { name: '5 Matches completely' }).count(), 1);
  assert.equal(await scale.getByRole('radio', { name: "Don't know / not applicable" }).count(), 1);
  assert.equal(await noHorizontalScroll(page), true);
  await expectAccessible(page, 'page with validation messages');
  await screenshot(page, '03-validation');

  // Fixing them clears each message as it is answered.
  await choose(page, 'goals_clear', 4);
  assert.equal(await message(page, 'goals_clear'), '');
  assert.equal(await message(page, 'pay_fair'), 'Please answer this question.');
  await choose(page, 'goals_followed', 5);
  assert.equal(await page.locator('#in-goals_unfair-na').count(), 0, 'no "don\'t know" on this one');
  await choose(page, 'goals_unfair', 2);
  await choose(page, 'pay_fair', 3);
  assert.match(await page.locator('#progress-text').innerText(), /^3 of 5 required/);
  await page.getByRole('button', { name: 'Next' }).click();

  // Page 2: an answer that reveals the matrix and one that hides it.
  assert.equal(await heading(page), 'Coaching');
  assert.equal(await page.locator('.matrix').count(), 0);
  await page.getByRole('radio', { name: 'Yes', exact: true }).check();
  assert.equal(await page.locator('.matrix fieldset').count(), 2);
  assert.equal(await page.getByRole('group', { name: 'It is regular. (required)' }).count(), 1);
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  assert.equal(await page.locator('.matrix').count(), 0);
  await page.getByRole('radio', { name: 'Yes', exact: true }).check();
  await choose(page, 'coach_regular', 4);
  await choose(page, 'coach_useful', 5);
  await expectAccessible(page, 'page with a matrix');
  await screenshot(page, '04-matrix');
  // A KPI choice makes the number question required (requiredIf).
  assert.equal(await page.locator('#q-meetings_week .req').count(), 0);
  await page.getByRole('checkbox', { name: 'Meetings' }).check();
  assert.equal(await page.locator('#q-meetings_week .req').count(), 1);
  // A third KPI is refused by the engine (at most 2) and drawn back.
  await page.getByRole('checkbox', { name: 'Calls' }).check();
  await page.getByRole('checkbox', { name: 'Win rate' }).click();
  assert.equal(await message(page, 'kpis'), 'Choose at most 2.');
  assert.equal(await page.getByRole('checkbox', { name: 'Win rate' }).isChecked(), false);
  await page.getByRole('checkbox', { name: 'Calls' }).uncheck();
  assert.equal(await message(page, 'kpis'), '');

  // A survey validator: shown on leaving the page, fixed, gone.
  const meetings = page.getByRole('textbox', { name: /Meetings per week/ });
  await meetings.fill('45');
  await meetings.press('Tab');
  await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await message(page, 'meetings_week'), 'Really more than 40?');
  await meetings.fill('12.25');
  await meetings.press('Tab');
  assert.equal(await message(page, 'meetings_week'), 'Use at most 1 decimals.');

  // Switch to Swedish mid-page: texts change, answers and messages follow.
  await page.getByRole('button', { name: 'Svenska' }).click();
  // The Swedish interface texts are fetched on the switch: wait for the page to change.
  await page.locator('html[lang="sv"]').waitFor({ state: 'attached' });
  assert.equal(await heading(page), 'Coachning');
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  assert.equal(await page.getByRole('radio', { name: 'Ja', exact: true }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'Möten' }).isChecked(), true);
  const möten = page.getByRole('textbox', { name: /Möten per vecka/ });
  assert.equal(await möten.inputValue(), '12.25');
  await möten.fill('12,5');
  await möten.press('Tab');
  assert.equal(await message(page, 'meetings_week'), '');
  await screenshot(page, '05-swedish');

  // Reload mid-survey: resumes at the same page with the same answers.
  assert.deepEqual(await storedKeys(page), ['sos:v1:session:fixture-all-groups']);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Välkommen tillbaka' }).waitFor();
  await expectAccessible(page, 'resume');
  await screenshot(page, '06-resume');
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  assert.equal(await heading(page), 'Coachning');
  assert.equal(await page.locator('#in-coach_useful-5').isChecked(), true);
  assert.equal(await page.getByRole('textbox', { name: /Möten per vecka/ }).inputValue(), '12,5');
  await page.getByRole('button', { name: 'Nästa' }).click();

  // Page 3 exists because the group makes field visits.
  assert.equal(await heading(page), 'Besök');
  await choose(page, 'visits_planned', 3);
  await choose(page, 'visits_feedback', 4);
  await choose(page, 'visits_often', 2);
  await page.getByRole('button', { name: 'Nästa' }).click();

  assert.equal(await heading(page), 'Sista ord');
  await page.getByRole('textbox', { name: 'Något mer?' }).fill('Mer medresor, tack.');
  await page.getByRole('button', { name: 'Granska svaren' }).click();

  // Review: every answer read back in Swedish.
  assert.equal(await heading(page), 'Granska dina svar');
  const review = await page.locator('main').innerText();
  for (const text of ['Möten', '12,5', '4 / 5', 'Mer medresor, tack.', 'Om coachningen: Den är användbar.']) {
    assert.ok(review.includes(text), `review shows ${text}: ${review}`);
  }
  await expectAccessible(page, 'review');
  await screenshot(page, '07-review');
  assert.deepEqual(app.server.posts, [], 'nothing is sent before submission');
  // Before submission only the app's files, the invite and the survey were fetched.
  const fetched = new Set(app.server.requests);
  assert.deepEqual([...fetched].filter((r) => !/^GET \/(|index\.html|sw\.js|favicon\.svg|old-browser\.js|assets\/[\w.-]+|links\/fixture-all-groups\.json|surveys\/fixture_basic\.json)$/.test(r)), []);

  await page.getByRole('button', { name: 'Skicka svaren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tack!' }).waitFor();
  assert.equal(await page.locator('.dimensions li').count(), 3);
  assert.match(await page.locator('.profile').innerText(), /Mål\s+4,2/);
  await expectAccessible(page, 'thank-you with profile');
  await screenshot(page, '08-profile');

  // What was sent, each sealed and opened by the server: the contribution,
  // and the comment on its own, after a delay of its own.
  await app.server.waitForPosts(2);
  assert.equal(app.server.posts.length, 2);
  assert.deepEqual(app.server.unopened, []);
  await page.getByText('Dina svar har skickats.').waitFor();
  const [contribution, comment] = app.server.posts;
  assert.equal(contribution.path, '/api/v1/invite/fixture-all-groups/contribution');
  assert.equal(contribution.type, 'application/json');
  const body = JSON.parse(contribution.body);
  assert.equal(body.format, 'sos-contribution/1');
  assert.equal(body.role, 'seller');
  assert.equal(contribution.body.includes('medresor'), false, 'no comment text in the contribution');
  for (const post of app.server.posts) {
    assert.equal(JSON.parse(post.sealed).format, 'sos-sealed/1');
    assert.equal(post.sealed.includes('medresor') || post.sealed.includes('seller'), false, 'sent sealed');
  }
  assert.equal(comment.path, '/api/v1/invite/fixture-all-groups/comment');
  const commentBody = JSON.parse(comment.body);
  assert.equal(commentBody.text, 'Mer medresor, tack.');
  assert.deepEqual(Object.keys(commentBody).sort(), ['format', 'id', 'question', 'survey', 'text', 'version']);
  assert.notEqual(commentBody.id, body.submission, 'the comment is not linked to the contribution');
  assert.deepEqual(app.server.other, [], 'no other requests');
  assert.deepEqual(await storedKeys(page), [], 'the session is removed from the device after submission');

  await page.getByRole('button', { name: 'Stäng och ta bort' }).click();
  assert.equal(await page.locator('.profile').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('desktop: another group and role, keyboard only, start over, no comment sent', async () => {
  const { page, problems } = await openPage(app.browser, desktop);
  app.server.posts.length = 0;
  await page.goto(`${app.server.url}#/i/fixture-no-visits`);
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  await page.getByRole('radio', { name: 'Sales manager' }).check();
  await page.getByRole('button', { name: 'Start' }).click();

  // No pay panel, no visits page for this group; the manager's wording.
  assert.equal(await page.getByRole('heading', { name: 'Pay' }).count(), 0);
  assert.equal(await page.locator('.page-of').innerText(), 'Page 1 of 3');
  assert.equal(await page.getByRole('group', { name: /My sellers' goals are clear/ }).count(), 1);

  // Keyboard only: Tab into the first scale, arrows pick a point.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  let focused = await page.evaluate(() => document.activeElement?.id);
  for (let i = 0; i < 12 && !String(focused).startsWith('in-goals_clear'); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id);
  }
  assert.equal(focused, 'in-goals_clear-1');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle);
  assert.equal(outline, 'solid', 'focus is visible on the scale');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#in-goals_clear-3').isChecked(), true);

  // Start over from the resume offer: the saved answers are gone.
  await page.reload();
  await page.getByRole('button', { name: 'Not you? Start over' }).click();
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  assert.deepEqual(await storedKeys(page), []);
  await page.getByRole('radio', { name: 'Seller' }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  assert.equal(await page.locator('#in-goals_clear-3').isChecked(), false);
  assert.equal(await page.getByRole('group', { name: /^My goals are clear/ }).count(), 1);

  await choose(page, 'goals_clear', 5);
  await choose(page, 'goals_followed', 4);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Calls' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await heading(page), 'Last words');
  await page.getByRole('button', { name: 'Previous' }).click();
  assert.equal(await heading(page), 'Coaching');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review answers' }).click();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
  assert.match(await page.locator('.profile').innerText(), /Joint visits\s+Does not apply to your group/);
  await screenshot(page, 'desktop-profile');

  await app.server.waitForPosts(1);
  await page.getByText('Your answers have been sent.').waitFor();
  assert.equal(app.server.posts.length, 1, 'only the contribution: there is no comment');
  assert.equal(JSON.parse(app.server.posts[0].body).format, 'sos-contribution/1');
  assert.deepEqual(problems, []);
  await page.close();
});

test('kiosk mode: the next respondent starts afresh', async () => {
  const { page, problems } = await openPage(app.browser, phone);
  await page.goto(`${app.server.url}#/i/fixture-kiosk`);
  await page.getByRole('radio', { name: 'Seller' }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  for (const id of ['goals_clear', 'goals_followed', 'pay_fair']) await choose(page, id, 3);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Calls' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await choose(page, 'visits_planned', 3);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review answers' }).click();
  // The endpoint is away: the submission waits, sealed, in the outbox, even
  // across a reload, and leaves at the next start.
  app.server.posts.length = 0;
  app.server.state.failPosts = 1;
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await page.getByText('waiting to be sent').waitFor();
  assert.deepEqual(await storedKeys(page), []);
  assert.equal(await outboxSize(page), 1);
  await page.getByRole('button', { name: 'Next respondent' }).click();
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  await app.server.waitForPosts(1);
  assert.equal(app.server.posts.length, 1);
  assert.equal(JSON.parse(app.server.posts[0].body).format, 'sos-contribution/1');
  assert.deepEqual(await storedKeys(page), []);
  for (let i = 0; i < 50 && (await outboxSize(page)) > 0; i++) await page.waitForTimeout(100);
  assert.equal(await outboxSize(page), 0);
  assert.deepEqual(problems.filter((p) => !p.includes('status of 503')), []);
  await page.close();
});

test('desktop: the standard survey demo answered to the end', async () => {
  const { page, problems } = await openPage(app.browser, desktop);
  app.server.posts.length = 0;
  await page.goto(`${app.server.url}#/i/standard-demo`);
  await page.getByRole('radio', { name: 'Seller', exact: true }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  const titles = [];
  for (let guard = 0; guard < 20 && (await heading(page)) !== 'Review your answers'; guard++) {
    titles.push(await heading(page));
    // Every scale on the page gets a 4 (answers may reveal more: repeat).
    for (let round = 0; round < 3; round++) {
      const names = await page.locator('fieldset.q-scale input[value="4"]:not(:checked)').evaluateAll((inputs) => inputs.map((i) => i.id));
      if (names.length === 0) break;
      for (const id of names) await page.locator(`#${id}`).check();
    }
    await page.locator('.page-form button[type=submit]').click();
  }
  assert.equal(titles.length, 9, titles.join(' | '));
  await expectAccessible(page, 'standard survey review');
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
  assert.equal(await page.locator('.dimensions li').count(), 9);
  await app.server.waitForPosts(1);
  assert.equal(app.server.posts.length, 1);
  assert.equal(JSON.parse(app.server.posts[0].body).survey, 'sos_standard');
  assert.deepEqual(problems, []);
  await page.close();
});

test('errors and old browsers get a plain message', async () => {
  const { page, problems } = await openPage(app.browser, phone);
  await page.goto(`${app.server.url}#/i/`);
  assert.equal(await heading(page), 'The survey cannot be shown');
  assert.match(await page.locator('main').innerText(), /link is incomplete/);
  await expectAccessible(page, 'error');
  await page.goto(`${app.server.url}#/i/no-such-token-here`);  // the app reloads on a new hash
  await page.getByText('This link is not valid, or the survey has closed.').waitFor();
  await screenshot(page, '09-error');
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);

  // A browser without WebAssembly sees the plain message, not a blank page.
  const old = await openPage(app.browser, phone);
  await old.page.addInitScript(() => {
    // @ts-ignore
    delete globalThis.WebAssembly;
  });
  await old.page.goto(`${app.server.url}#/i/fixture-all-groups`);
  await old.page.locator('#unsupported').waitFor({ state: 'visible' });
  assert.match(await old.page.locator('#unsupported').innerText(), /This browser is too old/);
  await old.page.close();
  await page.close();
});
