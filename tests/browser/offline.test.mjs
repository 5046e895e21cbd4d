// Offline sessions synced later (docs/offline.md), in Debian's Chromium with a
// persistent profile, over HTTPS on a non-localhost loopback address (a
// self-signed certificate made here with openssl and trusted by its public
// key, so service workers run) through a small reverse proxy in front of a
// real `sos serve`:
// first visits online; then the browser offline and the endpoint stopped;
// two respondents answer with comments, and a third answers a wave in its
// grace period; reloads and a browser restart; the profile folder holds no
// comment text and no answer JSON; the endpoint back, each contribution and
// comment counted exactly once in the store, and the contribution that
// arrives after the grace period refused once (never retried), shown as such
// until the respondent acknowledges it, and then gone from the device.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { dist, expectAccessible, root } from './harness.mjs';
import { createOfflineSetup, eventually, heading, outboxEntries, respond, until } from './offline-harness.mjs';

const comments = { north: 'Offline note zebra-4711 from north', south: 'Offline note okapi-0815 from south' };

const setup = createOfflineSetup('offline');
const { profile, sos, open, launch } = setup;
/** @type {Record<string, string>} group or wave -> invite token */
const tokens = {};

/**
 * Every file under `folder` that holds `needle`, as UTF-8 or UTF-16, plain or
 * escaped inside a JSON string.
 * @param {string} folder @param {string} needle
 */
function filesHolding(folder, needle) {
  const texts = [needle, needle.replaceAll('"', '\\"')];
  const forms = texts.flatMap((text) => [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')]);
  const found = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    let bytes;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    if (forms.some((form) => bytes.includes(form))) found.push(path.relative(folder, file));
  }
  return found;
}

before(async () => {
  setup.deploy();
  setup.createOrganisation();
  const survey = path.join(root, 'tests/fixtures/surveys/basic.json');
  sos(['wave', 'create', 'acme', 'w1', '--survey', survey, '--closes', '2099-01-01', '--grace', '7d']);
  // A wave already closed and in its grace period: answers made offline still count, until the grace ends.
  sos(['wave', 'create', 'acme', 'w2', '--survey', survey, '--opens', '2020-01-01', '--closes', '2021-01-01', '--grace', '36500d']);
  tokens.north = setup.issue('w1', 'north');
  tokens.south = setup.issue('w1', 'south');
  tokens.late = setup.issue('w2', 'north');
  await setup.startEndpoint();
  await setup.startProxy();
});

after(() => setup.close());

test('answered offline, kept sealed through reloads and a restart, counted once when the endpoint is back', async () => {
  // First visits, online: the service worker keeps the app, the module and
  // each invite's survey; the app keeps each invite lookup.
  let { context, page } = await launch();
  const problems = [];
  const watch = (/** @type {import('playwright-core').Page} */ p) => p.on('pageerror', (e) => problems.push(e.message));
  watch(page);
  // Each first visit lasts until the worker holds its survey (on the very
  // first one, the worker installs meanwhile and then fetches it).
  for (const [i, token] of [tokens.north, tokens.south, tokens.late].entries()) {
    await open(page, token);
    assert.equal(await heading(page), 'Before you start');
    await until(page, new Function(`return (async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const surveys = await (await caches.open('sos-surveys-1')).keys();
      return registration?.active?.state === 'activated' && surveys.length === ${i + 1};
    })()`));
  }

  // The network is gone: the browser is offline and the endpoint stopped.
  await setup.stopEndpoint();
  await context.setOffline(true);
  await open(page, tokens.north);
  if ((await heading(page)) !== 'Before you start') {
    const state = await page.evaluate(async () => ({
      controlled: Boolean(navigator.serviceWorker.controller),
      surveys: (await (await caches.open('sos-surveys-1')).keys()).map((r) => r.url),
      caches: await caches.keys(),
      invites: await new Promise((resolve) => {
        const r = indexedDB.open('sos');
        r.onsuccess = () => { const g = r.result.transaction('invites').objectStore('invites').getAllKeys(); g.onsuccess = () => resolve(g.result); };
      }),
    }));
    assert.fail(`the app does not open offline: ${await page.locator('main').innerText()} ${JSON.stringify(state)}`);
  }
  await respond(page, comments.north);
  await page.getByText('waiting to be sent').waitFor();
  await page.reload();
  await page.getByText('waiting to be sent').waitFor();

  await open(page, tokens.south);
  await respond(page, comments.south);
  await open(page, tokens.late);
  await respond(page);
  await page.getByText('waiting to be sent').waitFor();

  // The browser is closed and started again on the same profile, still offline.
  await context.close();
  // Answers as the saved session holds them, a contribution's and a
  // comment's JSON: none of it readable anywhere in the profile (the app's
  // files and the cached survey hold question ids, never answers).
  const needles = [[comments.north, 'a comment'], [comments.south, 'a comment'], ['"goals_clear":4', 'an answer'],
    ['"answers":{', 'a saved session'], ['"role":"seller"', 'a contribution'], ['"submission":"', 'a contribution'],
    ['"question":"free_words"', 'a comment']];
  for (const [text, what] of needles) {
    assert.deepEqual(filesHolding(dist, text), [], `${text} is in the app's own files: the search would prove nothing`);
    assert.deepEqual(filesHolding(profile, text), [], `the profile holds ${what} in readable form (${text})`);
  }
  ({ context, page } = await launch());
  watch(page);
  await context.setOffline(true);
  await open(page, tokens.north);
  await page.getByText('waiting to be sent').waitFor();
  const waiting = await outboxEntries(page);
  assert.deepEqual(waiting.map((e) => e.kind).sort(), ['comment', 'comment', 'contribution', 'contribution', 'contribution']);
  assert.ok(waiting.every((e) => e.format === 'sos-sealed/1'));

  /** How many entries the outbox holds. */
  const outboxCount = async () => (await outboxEntries(page)).length;

  // Meanwhile the grace period of w2 ends.
  sos(['wave', 'schedule', 'acme', 'w2', '--grace', '0']);

  // The endpoint and the network come back: the outbox goes out by itself.
  await setup.startEndpoint();
  await context.setOffline(false);
  await page.getByText('Your answers have been sent.').waitFor({ timeout: 60000 });
  // The pass ends before the page moves on: a page left mid-send has its
  // entry sent again by the next start (at least once; the endpoint counts once).
  await eventually(async () => (await outboxCount()) === 0, 'the outbox is empty', 60000);
  await open(page, tokens.late);
  await page.getByText('Your answers arrived after the survey had closed and could not be counted.').waitFor({ timeout: 60000 });
  // Refused once and never tried again.
  const latePosts = () => setup.requests.filter((r) => r.startsWith(`POST /api/v1/invite/${tokens.late}/contribution`)).length;
  assert.equal(latePosts(), 1);

  // The refusal stays on show for its link until the respondent acknowledges
  // it; then nothing of that submission is left on the device, and the link
  // says what the endpoint says of it now.
  await open(page, tokens.late);
  await page.getByText('Your answers arrived after the survey had closed and could not be counted.').waitFor();
  assert.equal(await page.locator('#outbox-status').getAttribute('data-outbox'), 'refused');
  await expectAccessible(page, 'a refused submission');
  await page.getByRole('button', { name: 'OK, understood' }).click();
  await page.getByText('This link is not valid, or the survey has closed.').waitFor();
  assert.deepEqual(await page.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.open('sos');
    request.onsuccess = () => {
      const all = request.result.transaction('refusals').objectStore('refusals').getAll();
      all.onsuccess = () => resolve(all.result);
    };
  })), []);
  await open(page, tokens.late);
  assert.equal(await page.getByText('could not be counted').count(), 0);
  await page.getByText('This link is not valid, or the survey has closed.').waitFor();
  assert.equal(latePosts(), 1);

  // Once sent, the links open afresh.
  await open(page, tokens.south);
  assert.equal(await heading(page), 'Before you start');
  assert.equal(setup.respondents('w1', 'north'), 1, JSON.stringify(setup.exported().waves[0].aggregates).slice(0, 400));
  assert.equal(setup.respondents('w1', 'south'), 1);
  assert.equal(setup.respondents('w2', 'north'), 0, 'after the grace period nothing is counted');
  const w1 = setup.exported().waves.find((/** @type {any} */ w) => w.id === 'w1');
  assert.deepEqual(w1.comments.map((/** @type {any} */ c) => c.text).sort(), [comments.north, comments.south].sort());
  assert.deepEqual(problems, []);
  await context.close();
});
