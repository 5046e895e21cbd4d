// What the respondent's first screen waits for, in Debian's Chromium against a
// real `sos serve` (invites resolved through its API): index.html names the
// engine module's JavaScript and .wasm in preload hints, the page asks for
// nothing before the role question but what that screen needs (its own code,
// the engine, the respondent's language, the invite and the survey) and the
// rest of the app follows once it is up; the survey is asked for before the
// invite lookup has been answered; and the service worker's precache holds
// every chunk the app can load later, so a session needs no network for them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { dist, openPage, phone } from './harness.mjs';
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

/** An asset's kind from its hashed file name: assets/later-AbC123.js -> later.js. @param {string} url */
const kind = (url) => new URL(url).pathname.replace(/^.*\/assets\//, '').replace(/-[A-Za-z0-9_-]{8}\.(js|css|wasm)$/, '.$1');

test('the first screen asks for what it shows and no more; the rest of the app follows it', async () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  assert.match(html, /<link rel="preload" href="\.\/assets\/sos-engine-[A-Za-z0-9_-]{8}\.wasm" as="fetch" type="application\/wasm" crossorigin="">/);
  assert.match(html, /<link rel="modulepreload" href="\.\/assets\/sos-engine-[A-Za-z0-9_-]{8}\.js" crossorigin="">/);

  const { page, problems } = await openPage(browser, phone);
  await page.goto(`${endpoint.base}/#/i/${endpoint.links.respondent}`);
  await page.getByRole('radio', { name: 'Seller', exact: true }).waitFor();
  // later.js is asked for once the first screen is up: wait until it is there.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/later-[^/]*\.js$/.test(e.name) && e.responseEnd > 0));
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
  assert.deepEqual(before.filter((n) => n.includes('/api/')).map((n) => new URL(n).pathname.replace(endpoint.links.respondent, '<token>')).sort(),
    ['/api/v1/invite/<token>', '/api/v1/invite/<token>/survey']);
  assert.deepEqual(assets(after), ['later.js']);

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
  await page.route(`**/api/v1/invite/${token}/survey`, async (route) => {
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
  // Everything in assets/ but the dashboard's own files.
  const app = fs.readdirSync(path.join(dist, 'assets'))
    .filter((f) => !/^(dashboard|sos-engine-report)-/.test(f)).map((f) => `assets/${f}`);
  const kinds = app.map((f) => kind(`http://x/${f}`));
  for (const expected of ['later.js', 'texts-en.js', 'texts-sv.js', 'texts-nb.js', 'embed-look.js', 'sos-engine.js']) {
    assert.ok(kinds.includes(expected), `the build has ${expected}`);
  }
  assert.deepEqual(app.filter((f) => !listed.includes(f)), []);
});
