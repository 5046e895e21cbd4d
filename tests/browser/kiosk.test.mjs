// Kiosk mode in Debian's Chromium against a real `sos serve` (docs/kiosk.md):
// one page, three respondents in a row through a kiosk link. Each next one
// starts afresh in the default language and finds nothing of the one before
// on screen, in the back-forward history or in the browser's storage; a
// thank-you screen left alone clears itself; and the endpoint's store holds
// exactly the three contributions and the one comment.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { expectAccessible, openPage, phone } from './harness.mjs';
import { startSurveyEndpoint } from './survey-endpoint.mjs';

/** @type {Awaited<ReturnType<typeof startSurveyEndpoint>>} */
let endpoint;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  endpoint = await startSurveyEndpoint();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await endpoint?.close();
});

const secret = 'Kiosk respondent one wrote this';

/** @param {import('playwright-core').Page} page @param {string} id @param {string | number} value */
const choose = (page, id, value) => page.locator(`#in-${id}-${value}`).check();
/** @param {import('playwright-core').Page} page */
const heading = (page) => page.locator('main h1').innerText();

/**
 * One respondent through the fixture survey for the team (pay, visits).
 * @param {import('playwright-core').Page} page
 * @param {{role: string, goals: number, comment?: string, texts: Record<string, string>}} r
 */
async function answer(page, r) {
  const t = r.texts;
  await page.getByRole('radio', { name: r.role, exact: true }).check();
  await page.getByRole('button', { name: t.start }).click();
  await choose(page, 'goals_clear', r.goals);
  await choose(page, 'goals_followed', 4);
  await choose(page, 'pay_fair', 3);
  await page.getByRole('button', { name: t.next }).click();
  await page.getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByRole('button', { name: t.next }).click();
  await choose(page, 'visits_planned', 3);
  if (r.role === 'Seller' || r.role === 'Säljare') await choose(page, 'visits_feedback', 4);
  await page.getByRole('button', { name: t.next }).click();
  if (r.comment) await page.locator('#q-free_words textarea').fill(r.comment);
  await page.getByRole('button', { name: t.review }).click();
  await page.getByRole('button', { name: t.submit }).click();
  await page.getByRole('heading', { level: 1, name: t.thanks }).waitFor();
}

const en = { start: 'Start', next: 'Next', no: 'No', review: 'Review answers', submit: 'Submit answers', thanks: 'Thank you!' };
const sv = { start: 'Börja', next: 'Nästa', no: 'Nej', review: 'Granska svaren', submit: 'Skicka svaren', thanks: 'Tack!' };

/**
 * What the page keeps that a next respondent could look at: the screen's
 * text and form state, and every kind of storage the app can reach.
 * @param {import('playwright-core').Page} page
 */
async function traces(page) {
  return page.evaluate(async () => {
    const databases = 'databases' in indexedDB ? (await indexedDB.databases()).map((d) => d.name) : [];
    return {
      lang: document.documentElement.lang,
      text: document.body.innerText,
      checked: document.querySelectorAll('input:checked').length,
      filled: [...document.querySelectorAll('input[type=text], textarea')].filter((i) => /** @type {HTMLInputElement} */ (i).value !== '').length,
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      databases,
    };
  });
}

/**
 * A fresh start: the role question in the default language (the context's
 * English), nothing chosen, nothing of an earlier respondent anywhere.
 * @param {import('playwright-core').Page} page
 * @param {string} where
 */
async function expectFreshStart(page, where) {
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  const seen = await traces(page);
  assert.equal(seen.lang, 'en', `${where}: default language`);
  assert.equal(seen.checked, 0, `${where}: nothing chosen`);
  assert.equal(seen.filled, 0, `${where}: nothing typed`);
  for (const leak of [secret, 'Your own preliminary profile', 'Din egen preliminära profil', 'Tack!', 'Thank you!', 'Säljare']) {
    assert.equal(seen.text.includes(leak), false, `${where}: "${leak}" on screen`);
  }
  // Sessions are never stored in kiosk mode; outbox entries (encrypted, when
  // the endpoint is away) are the only thing a finished respondent may leave.
  assert.deepEqual(seen.local.filter((k) => !k.startsWith('sos:v1:outbox:')), [], `${where}: localStorage`);
  assert.deepEqual(seen.session, [], `${where}: sessionStorage`);
  assert.deepEqual(seen.databases.filter((n) => !/outbox/i.test(String(n))), [], `${where}: IndexedDB`);
}

test('kiosk: three respondents in a row, each starting afresh, and the endpoint counts them', async () => {
  const { page, problems } = await openPage(browser, phone);
  await page.clock.install();
  await page.goto(`${endpoint.base}/#/i/${endpoint.links.kiosk}`);
  await expectFreshStart(page, 'first start');

  // Respondent 1 switches to Swedish, writes a comment and sees a profile.
  await page.getByRole('button', { name: 'Svenska' }).click();
  await answer(page, { role: 'Säljare', goals: 2, comment: secret, texts: sv });
  assert.match(await page.locator('main').innerText(), /Din egen preliminära profil/);
  assert.match(await page.locator('main').innerText(), /Skärmen rensas efter en minut/);
  await expectAccessible(page, 'kiosk thank-you');
  await page.getByRole('button', { name: 'Nästa deltagare' }).click();
  await expectFreshStart(page, 'after respondent 1');

  // Respondent 2 pokes at the history: back out of the app and forward again
  // (the back-forward cache or a reload) shows a fresh start, also mid-survey.
  await page.goBack();
  await page.goForward();
  await expectFreshStart(page, 'back and forward after respondent 1');
  await page.getByRole('radio', { name: 'Sales manager', exact: true }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  await choose(page, 'goals_clear', 1);
  await page.goBack();
  await page.goForward();
  await expectFreshStart(page, 'back and forward mid-survey');
  await page.reload();
  await expectFreshStart(page, 'reload');

  await answer(page, { role: 'Sales manager', goals: 5, texts: en });
  assert.match(await page.locator('main').innerText(), /Your own preliminary profile/);
  // Walking away from the thank-you screen: it clears itself after a minute.
  await page.clock.runFor(59_000);
  assert.equal(await heading(page), 'Thank you!');
  await page.clock.runFor(2_000);
  await expectFreshStart(page, 'thank-you screen left alone');

  // Respondent 3.
  await answer(page, { role: 'Seller', goals: 4, texts: en });
  await page.getByRole('button', { name: 'Next respondent' }).click();
  await expectFreshStart(page, 'after respondent 3');
  assert.deepEqual(problems, []);
  await page.close();

  // The endpoint received exactly the three contributions (not the one
  // abandoned mid-survey, which answered 1) and the one comment.
  const stored = endpoint.aggregates();
  const counted = Object.fromEntries(Object.entries(stored).map(([role, cells]) => [role, Object.fromEntries(
    Object.entries(cells).filter(([cell]) => cell === 'respondents' || cell.startsWith('option/goals_clear/'))
      .map(([cell, row]) => [cell, row.n]))]));
  assert.deepEqual(counted, {
    seller: { respondents: 2, 'option/goals_clear/2': 1, 'option/goals_clear/4': 1 },
    manager: { respondents: 1, 'option/goals_clear/5': 1 },
  });
  assert.deepEqual(endpoint.comments(), [secret]);
});
