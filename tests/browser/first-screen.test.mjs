// What the respondent's first screen waits for, in Debian's Chromium against a
// real `sos serve` (invites resolved through its API): index.html names the
// engine module's JavaScript and .wasm in preload hints, the page asks for
// nothing before the role question but what that screen needs (its own code,
// the engine, the respondent's language, the invite and the survey) and the
// rest of the app follows once it is up; the survey is asked for before the
// invite lookup has been answered, in the respondent's language only, and the
// whole survey follows the first screen without changing what is submitted
// or how languages switch and sessions resume; and the service worker's
// precache holds every chunk the app can load later, so a session needs no
// network for them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { dist, openPage, phone } from './harness.mjs';
import { en, startSurveyEndpoint, sv } from './survey-endpoint.mjs';

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

/** An asset's kind from its hashed file name: assets/later-AbC123.js -> later.js. @param {string} url */
const kind = (url) => new URL(url).pathname.replace(/^.*\/assets\//, '').replace(/-[A-Za-z0-9_-]{8}\.(js|css|wasm)$/, '.$1');

test('the first screen asks for what it shows and no more; the rest of the app follows it', async () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  assert.match(html, /<link rel="preload" href="\.\/assets\/sos-engine-[A-Za-z0-9_-]{8}\.wasm" as="fetch" type="application\/wasm" crossorigin="">/);
  assert.match(html, /<link rel="modulepreload" href="\.\/assets\/sos-engine-[A-Za-z0-9_-]{8}\.js" crossorigin="">/);

  const { page, problems } = await openPage(browser, phone);
  await page.goto(`${endpoint.base}/#/i/${endpoint.links.respondent}`);
  await page.getByRole('radio', { name: 'Seller', exact: true }).waitFor();
  // later.js and the whole survey are asked for once the first screen is up: wait until they are there.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/later-[^/]*\.js$/.test(e.name) && e.responseEnd > 0));
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/survey$/.test(e.name) && e.responseEnd > 0));
  const { firstScreen, resources } = await page.evaluate(() => ({
    firstScreen: performance.getEntriesByName('sos:first-screen')[0].startTime,
    resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime })),
  }));
  const before = resources.filter((r) => r.start < firstScreen).map((r) => r.name);
  const after = resources.filter((r) => r.start >= firstScreen).map((r) => r.name);
  const assets = (/** @type {string[]} */ names) => names.filter((n) => n.includes('/assets/')).map(kind).sort();
  // What index.html names (its entry, the chunks that entry imports, its
  // style sheet, the engine module's JavaScript and .wasm) and the
  // respondent's language: nothing else.
  const named = [...html.matchAll(/(?:href|src)="\.\/(assets\/[^"]+)"/g)].map((m) => kind(`http://x/${m[1]}`));
  for (const required of ['main.js', 'main.css', 'sos-engine.js', 'sos-engine.wasm']) assert.ok(named.includes(required), required);
  assert.deepEqual(assets(before), [...named, 'texts-en.js'].sort());
  for (const later of ['later.js', 'texts-sv.js', 'texts-nb.js', 'embed-look.js']) assert.ok(!named.includes(later), later);
  /** @param {string[]} names */
  const api = (names) => names.filter((n) => n.includes('/api/'))
    .map((n) => { const url = new URL(n); return url.pathname.replace(endpoint.links.respondent, '<token>') + url.search; }).sort();
  // The survey in the respondent's language (the browser's, English) only;
  // the whole survey, with every language, once the first screen is up.
  assert.deepEqual(api(before), ['/api/v1/invite/<token>', '/api/v1/invite/<token>/survey?lang=en']);
  assert.deepEqual(assets(after), ['later.js']);
  assert.deepEqual(api(after), ['/api/v1/invite/<token>/survey']);

  // A survey page and another language come from the code fetched after.
  await page.getByRole('radio', { name: 'Seller', exact: true }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('#q-goals_clear').waitFor();
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.getByRole('button', { name: 'Nästa' }).waitFor();
  const later = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.deepEqual(assets(later).filter((n) => n.startsWith('texts-')), ['texts-en.js', 'texts-sv.js']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the survey is asked for before the invite lookup has been answered', async () => {
  const { page, problems } = await openPage(browser, phone);
  const token = endpoint.links.respondent;
  /** @type {() => void} */
  let surveyAsked = () => {};
  const asked = new Promise((resolve) => { surveyAsked = () => resolve(undefined); });
  // The lookup's answer is held until the survey's request has left: an app
  // that waited for the lookup first would never get past the loading screen.
  await page.route(`**/api/v1/invite/${token}`, async (route) => {
    await asked;
    await route.continue();
  });
  await page.route((url) => url.pathname.endsWith(`/api/v1/invite/${token}/survey`), async (route) => {
    surveyAsked();
    await route.continue();
  });
  await page.goto(`${endpoint.base}/#/i/${token}`);
  await page.getByRole('radio', { name: 'Seller', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('the service worker precaches every file of the respondent app, the chunks loaded after the first screen too', () => {
  const sw = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const listed = JSON.parse(/const precache = \/\*\* @type \{string\[\]\} \*\/ \((\[[^\]]*\])\)/.exec(sw)?.[1] ?? 'null');
  assert.ok(Array.isArray(listed), 'sw.js carries its precache list');
  // Everything in assets/ but the dashboard's own files (its entry, report
  // module and worker, and the drawing chunk www/dashboard/render.js).
  const app = fs.readdirSync(path.join(dist, 'assets'))
    .filter((f) => !/^(dashboard|sos-engine-report|report-worker|render)-/.test(f)).map((f) => `assets/${f}`);
  const kinds = app.map((f) => kind(`http://x/${f}`));
  for (const expected of ['later.js', 'texts-en.js', 'texts-sv.js', 'texts-nb.js', 'embed-look.js', 'sos-engine.js']) {
    assert.ok(kinds.includes(expected), `the build has ${expected}`);
  }
  assert.deepEqual(app.filter((f) => !listed.includes(f)), []);
});

/**
 * Holds the whole survey's response (the request without ?lang) until
 * release() is called, so the respondent answers on the one-language survey.
 * @param {import('playwright-core').Page} page @param {string} token
 */
async function holdWholeSurvey(page, token) {
  /** @type {() => void} */
  let release = () => {};
  const released = new Promise((resolve) => { release = () => resolve(undefined); });
  let asked = 0;
  await page.route((url) => url.pathname.endsWith(`/api/v1/invite/${token}/survey`) && !url.search, async (route) => {
    asked++;
    await released;
    await route.continue();
  });
  return { release, asked: () => asked };
}

/** Whether the one-language survey was served (not refused). @param {import('playwright-core').Page} page */
const narrowedUsed = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .some((e) => /\/survey\?lang=/.test(e.name) && /** @type {PerformanceResourceTiming} */ (e).responseStatus === 200));

test('answers given on the one-language survey make the same contribution as on the whole survey', async () => {
  /** @type {Record<string, any>[]} */
  const stored = [];
  for (const narrowed of [true, false]) {
    const own = await startSurveyEndpoint();
    try {
      const { page, problems } = await openPage(browser, phone);
      const token = own.links.respondent;
      const held = narrowed ? await holdWholeSurvey(page, token) : null;
      // The other way round: the one-language survey refused, so the first
      // screen opens the whole survey (as on an endpoint without ?lang).
      if (!narrowed) {
        await page.route((url) => url.pathname.endsWith('/survey') && url.search.includes('lang='),
          (route) => route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":{"code":"request.bad_parameter","message":"no","pointer":""}}' }));
      }
      await page.goto(`${own.base}/#/i/${token}`);
      await page.getByRole('radio', { name: 'Seller', exact: true }).check();
      await page.getByRole('button', { name: en.start }).click();
      await page.locator('#in-goals_clear-5').check();
      if (held) {
        // The role was chosen and the first answer given while the whole survey was held back.
        assert.equal(held.asked(), 1);
        held.release();
        // The switcher still lists the invite's languages and switches once the whole survey is in.
        await page.getByRole('button', { name: 'Svenska' }).click();
        await page.getByRole('button', { name: sv.next }).waitFor();
        assert.equal(await page.locator('#in-goals_clear-5').isChecked(), true);
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('button', { name: en.next }).waitFor();
      }
      assert.equal(await narrowedUsed(page), narrowed);
      await page.locator('#in-goals_followed-4').check();
      await page.locator('#in-pay_fair-3').check();
      await page.getByRole('button', { name: en.next }).click();
      await page.getByRole('radio', { name: en.no, exact: true }).check();
      await page.getByRole('button', { name: en.next }).click();
      await page.locator('#in-visits_planned-3').check();
      await page.locator('#in-visits_feedback-4').check();
      await page.getByRole('button', { name: en.next }).click();
      await page.getByRole('button', { name: en.review }).click();
      await page.getByRole('button', { name: en.submit }).click();
      await page.getByRole('heading', { level: 1, name: en.thanks }).waitFor();
      await own.until(() => own.aggregates().seller?.respondents?.n === 1, 'the contribution stored');
      stored.push(own.aggregates());
      // The refusal is the only thing the browser reports.
      assert.deepEqual(problems.filter((p) => narrowed || !p.includes('status of 400')), []);
      await page.close();
    } finally {
      await own.close();
    }
  }
  assert.ok(Object.keys(stored[0].seller ?? {}).length > 1, 'cells stored');
  assert.deepEqual(stored[0], stored[1]);
});

test('a language switched to before the whole survey has arrived shows once it has', async () => {
  const { page, problems } = await openPage(browser, phone);
  const token = endpoint.links.respondent;
  const held = await holdWholeSurvey(page, token);
  await page.goto(`${endpoint.base}/#/i/${token}`);
  await page.getByRole('radio', { name: 'Seller', exact: true }).waitFor();
  // The one-language survey declares English only; the switcher lists the invite's three.
  assert.deepEqual(await page.locator('nav.languages button').allTextContents(), ['English', 'Svenska', 'Norsk']);
  await page.getByRole('radio', { name: 'Seller', exact: true }).check();
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /texts-sv-[^/]*\.js$/.test(e.name) && e.responseEnd > 0));
  assert.equal(await page.getByRole('button', { name: sv.start }).count(), 0, 'still English while the whole survey is held');
  held.release();
  await page.getByRole('radio', { name: 'Säljare', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a session answered on the one-language survey resumes after a reload, in the language chosen', async () => {
  const { page, problems } = await openPage(browser, phone);
  const token = endpoint.links.respondent;
  const held = await holdWholeSurvey(page, token);
  await page.goto(`${endpoint.base}/#/i/${token}`);
  await page.getByRole('radio', { name: 'Seller', exact: true }).check();
  await page.getByRole('button', { name: en.start }).click();
  await page.locator('#in-goals_clear-2').check();
  // Saved on the one-language survey (the whole one is still held), then reloaded.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('sos:v1:session:')));
  assert.equal(held.asked(), 1);
  held.release();
  await page.reload();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#q-goals_clear').waitFor();
  assert.equal(await page.locator('#in-goals_clear-2').isChecked(), true);
  // Another language once resumed, and again after a reload.
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.getByRole('button', { name: sv.next }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByRole('button', { name: sv.next }).waitFor();
  assert.equal(await page.locator('#in-goals_clear-2').isChecked(), true);
  assert.deepEqual(problems, []);
  await page.close();
});
