// Kiosk mode in Debian's Chromium against a real `sos serve` (docs/kiosk.md):
// one page, three respondents in a row through a kiosk link. Each next one
// starts afresh in the default language and finds nothing of the one before
// on screen, in the back-forward history or in the browser's storage; a
// thank-you screen left alone clears itself, and so does a survey abandoned
// half-way; and the endpoint's store holds exactly the three contributions
// and the one comment.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { expectAccessible, openPage, phone } from './harness.mjs';
import { answerFixture, en, startSurveyEndpoint, sv } from './survey-endpoint.mjs';

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
const answer = answerFixture;

/**
 * What the page keeps that a next respondent could look at: the screen's
 * text and form state, and every kind of storage the app can reach.
 * @param {import('playwright-core').Page} page
 */
async function traces(page) {
  return page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((d) => d.name);
    // The app's own database (www/app/outbox-db.js): every record, as text.
    /** @type {Record<string, string[]>} */
    const records = {};
    if (databases.includes('sos')) {
      const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('sos');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of db.objectStoreNames) {
        records[store] = await new Promise((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result.map((r) => JSON.stringify(r)));
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return {
      lang: document.documentElement.lang,
      text: document.body.innerText,
      checked: document.querySelectorAll('input:checked').length,
      notes: document.querySelectorAll('.storage-note').length,
      filled: [...document.querySelectorAll('input[type=text], textarea')].filter((i) => /** @type {HTMLInputElement} */ (i).value !== '').length,
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      databases,
      records,
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
  assert.equal(seen.notes, 0, `${where}: storage works, so no notice that answers cannot be kept`);
  // The statement of what is sent does not promise a saved session.
  assert.equal(seen.text.includes('Your answers are not saved on this device along the way'), true, `${where}: privacy statement`);
  assert.equal(seen.text.includes('so you can continue later'), false, `${where}: privacy statement`);
  assert.equal(seen.filled, 0, `${where}: nothing typed`);
  for (const leak of [secret, 'Your own preliminary profile', 'Din egen preliminära profil', 'Tack!', 'Thank you!', 'Säljare']) {
    assert.equal(seen.text.includes(leak), false, `${where}: "${leak}" on screen`);
  }
  // Sessions are never stored in kiosk mode; outbox entries (encrypted, when
  // the endpoint is away) are the only thing a finished respondent may leave.
  assert.deepEqual(seen.local.filter((k) => !k.startsWith('sos:v1:outbox:')), [], `${where}: localStorage`);
  assert.deepEqual(seen.session, [], `${where}: sessionStorage`);
  // IndexedDB: only the app's database, holding no session key, no refusal,
  // and nothing readable of an answer (outbox bodies are sealed).
  assert.deepEqual(seen.databases.filter((n) => n !== 'sos'), [], `${where}: IndexedDB databases`);
  assert.deepEqual(seen.records.sessionKeys ?? [], [], `${where}: session keys`);
  assert.deepEqual(seen.records.refusals ?? [], [], `${where}: refusals`);
  for (const record of Object.values(seen.records).flat()) {
    for (const leak of [secret, 'goals_clear', 'sos-contribution/1', 'sos-comment/1']) {
      assert.equal(record.includes(leak), false, `${where}: "${leak}" readable in IndexedDB`);
    }
  }
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

  // Someone starts and walks away: after ten minutes without a touch the
  // half-filled survey is dropped, nothing sent.
  await page.getByRole('radio', { name: 'Seller', exact: true }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  await choose(page, 'goals_clear', 1);
  await page.clock.runFor(9 * 60_000);
  await choose(page, 'goals_followed', 1);  // still there: the ten minutes start again
  await page.clock.runFor(9 * 60_000);
  assert.equal(await heading(page), 'Goals');
  await page.clock.runFor(61_000);
  await expectFreshStart(page, 'survey left untouched for ten minutes');

  // Respondent 3.
  await answer(page, { role: 'Seller', goals: 4, texts: en });
  await page.getByRole('button', { name: 'Next respondent' }).click();
  await expectFreshStart(page, 'after respondent 3');
  assert.deepEqual(problems, []);
  await page.close();

  // The endpoint received exactly the three contributions (not the two
  // abandoned mid-survey, which answered 1) and the one comment.
  await endpoint.until(() => endpoint.aggregates().seller?.respondents?.n === 2 && endpoint.aggregates().manager?.respondents?.n === 1
    && endpoint.comments().length === 1, 'three contributions and a comment stored');
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
