// Hostile content in the respondent app and the dashboard: markup, script,
// javascript: URLs, bidi overrides, very long words, emoji and zero-width
// characters in every survey text (titles, questions, options, pages, tips,
// dimensions, roles), in group and organisation names and in open comments.
// The respondent app gets the composed hostile survey through a static
// invite; the dashboard reads it from a real `sos serve`. Proves that no
// script runs (a flag the payloads set stays unset, no dialog opens, the CSP
// reports nothing) and that the layout holds at 360 px.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { customerPath, sosPath } from './dashboard-data.mjs';
import { dist, phone, screenshot, screenshots } from './harness.mjs';
import { postSealed } from './sealed-post.mjs';
import { startServer } from './server.mjs';
import { startSosServe } from './sos-serve.mjs';

// Every payload would set window.__pwned or open a dialog if it ever ran.
const payloads = [
  '<img src=x onerror="window.__pwned=\'img\';alert(1)">',
  '<script>window.__pwned=\'script\';alert(2)</script>',
  '<a href="javascript:window.__pwned=\'href\'">javascript:window.__pwned=\'url\'</a>',
  '"><svg onload="window.__pwned=\'svg\';alert(3)">',
  '\'><iframe srcdoc="<script>parent.__pwned=\'iframe\'</script>"></iframe>',
  '\u202Eevil reversed text\u202C \u2067isolate\u2069',
  '👩🏽‍💼🚀🔥👍🏿🇸🇪 emoji',
  'zero\u200Bwidth\u200C\u200Djoiners\uFEFF\u2060here',
];
// Survey texts are limited to 4,000 characters (docs/survey-format.md);
// names and comments take longer words.
const longWord = (n) => 'W'.repeat(n);

/** Every localized text of `survey` (objects keyed by its languages) made hostile. */
function makeHostile(survey) {
  const languages = new Set(survey.languages);
  let i = 0;
  const hostile = (text) => {
    const n = i++;
    const payload = payloads[n % payloads.length];
    return n % 11 === 5 ? `${payload} ${longWord(3800)}` : `${text} ${payload}`;
  };
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    if (keys.length && keys.every((k) => languages.has(k))) {
      return Object.fromEntries(keys.map((k) => [k, typeof node[k] === 'string' ? hostile(node[k])
        : Array.isArray(node[k]) ? node[k].map((t) => (typeof t === 'string' ? hostile(t) : walk(t))) : walk(node[k])]));
    }
    // Messages are templates the engine fills in; they stay as they are.
    return Object.fromEntries(keys.map((k) => [k, k === 'messages' ? node[k] : walk(node[k])]));
  };
  return walk(survey);
}

/** @param {string[]} args */
const sos = (args) => execFileSync(sosPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let dir = '';
let surveyPath = '';
let surveyText = '';
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  fs.mkdirSync(screenshots, { recursive: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-hostile-'));
  const composed = path.join(dir, 'composed.json');
  sos(['compose', customerPath, '-o', composed]);
  const survey = makeHostile(JSON.parse(fs.readFileSync(composed, 'utf8')));
  // Open questions take long answers: the hostile comments below fill them.
  const widen = (node) => {
    if (Array.isArray(node)) node.forEach(widen);
    else if (node && typeof node === 'object') {
      if (node.type === 'comment') node.maxLength = 4000;
      Object.values(node).forEach(widen);
    }
  };
  widen(survey);
  surveyText = JSON.stringify(survey);
  surveyPath = path.join(dir, 'hostile.json');
  fs.writeFileSync(surveyPath, surveyText);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (dir && !process.env.SOS_KEEP) fs.rmSync(dir, { recursive: true, force: true });
});

test('the engine takes the hostile survey, and refuses a 10,000-character word with its place', () => {
  assert.doesNotThrow(() => sos(['validate', surveyPath]));
  const tooLong = JSON.parse(surveyText);
  tooLong.pages[0].title.en = longWord(10000);
  const file = path.join(dir, 'too-long.json');
  fs.writeFileSync(file, JSON.stringify(tooLong));
  let refused = '';
  try {
    sos(['validate', file]);
  } catch (e) {
    refused = `${e.stdout}${e.stderr}`;
  }
  assert.match(refused, /survey\.limit_exceeded/);
  assert.match(refused, /\/pages\/0\/title\/en/);
});

/**
 * A page at phone size that counts CSP violations and dialogs, and records
 * page errors.
 */
async function hostilePage() {
  const context = await browser.newContext({ viewport: phone });
  const page = await context.newPage();
  const seen = { dialogs: 0, errors: /** @type {string[]} */ ([]) };
  page.on('dialog', (dialog) => {
    seen.dialogs++;
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  if (process.env.SOS_DEBUG) {
    page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
    page.on('response', (r) => r.request().method() === 'POST' && console.log('response', r.status(), r.url()));
    page.on('requestfailed', (r) => console.log('requestfailed', r.url(), r.failure()?.errorText));
  }
  await page.addInitScript(() => {
    // @ts-ignore
    window.__csp = 0;
    // @ts-ignore
    document.addEventListener('securitypolicyviolation', () => { window.__csp++; });
  });
  return { page, context, seen };
}

/**
 * Nothing ran, nothing was injected as markup, and the layout holds: no
 * horizontal overflow at 360 px and the control to go on is visible.
 * @param {import('playwright-core').Page} page @param {{dialogs: number, errors: string[]}} seen
 * @param {string} where @param {import('playwright-core').Locator} [control]
 */
async function expectInert(page, seen, where, control) {
  const state = await page.evaluate(() => ({
    // @ts-ignore
    pwned: window.__pwned, csp: window.__csp,
    injected: document.querySelectorAll('img[src="x"], iframe, main script, [onerror], [onload], a[href^="javascript:" i]').length,
    overflow: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
    // What sticks out, to name it in the failure.
    wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`),
  }));
  assert.equal(state.pwned, undefined, `${where}: a payload ran`);
  assert.equal(seen.dialogs, 0, `${where}: a dialog opened`);
  assert.equal(state.csp, 0, `${where}: CSP violations`);
  assert.equal(state.injected, 0, `${where}: markup from a text became elements`);
  assert.ok(state.overflow <= 0, `${where}: the page is ${state.overflow}px wider than the screen: ${state.wide.join(' | ')}`);
  assert.deepEqual(seen.errors, [], `${where}: page errors`);
  if (control) {
    await control.scrollIntoViewIfNeeded();
    assert.equal(await control.isVisible(), true, `${where}: the control is not visible`);
    const box = await control.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= phone.width, `${where}: the control is off screen`);
  }
}

/** Answers every question shown on the current survey page (the app redraws after each answer). */
async function answerPage(page) {
  const names = await page.locator('main form input[type=radio], main form input[type=checkbox]')
    .evaluateAll((inputs) => [...new Set(inputs.map((i) => /** @type {HTMLInputElement} */ (i).name))]);
  for (const name of names) {
    const group = page.locator(`main form input[name="${name}"]`);
    if (await group.evaluateAll((inputs) => inputs.some((i) => /** @type {HTMLInputElement} */ (i).checked))) continue;
    // The last option: the first of a "which applies" list can be one that
    // other answers must not accompany.
    await group.last().check();
  }
  for (const area of await page.locator('main textarea').all()) {
    if (!(await area.inputValue())) await area.fill('<img src=x onerror="window.__pwned=\'answer\'"> \u202Eanswer');
  }
  for (const input of await page.locator('main input[inputmode], main input[type=number], main input[type=text]').all()) {
    if (!(await input.inputValue())) await input.fill('3');
  }
}

test('respondent app: the hostile survey answered to the end at 360 px renders inert', async () => {
  // The built app plus a static invite to the hostile survey, in a folder
  // of links to the build so the build itself stays as it is.
  const root = path.join(dir, 'www');
  fs.mkdirSync(root);
  for (const entry of fs.readdirSync(dist)) {
    if (entry !== 'links' && entry !== 'surveys') fs.symlinkSync(path.join(dist, entry), path.join(root, entry));
  }
  fs.mkdirSync(path.join(root, 'links'));
  fs.mkdirSync(path.join(root, 'surveys'));
  const survey = JSON.parse(surveyText);
  fs.writeFileSync(path.join(root, 'surveys/hostile.json'), surveyText);
  fs.writeFileSync(path.join(root, 'links/hostile-invite.json'), JSON.stringify({
    format: 'sos-invite/1',
    survey: { id: survey.id, version: survey.version, url: 'surveys/hostile.json' },
    wave: { id: 'hostile_wave', closes: '2099-12-31' },
    group: { attributes: { performance_pay: true, selling: 'volume', field_visits: true } },
    languages: survey.languages,
    mode: 'respondent',
    anonymityThreshold: 5,
    submit: { contribution: 'api/v1/invite/hostile-invite/contribution', comment: 'api/v1/invite/hostile-invite/comment' },
  }));
  const server = await startServer({ root });
  const { page, context, seen } = await hostilePage();
  try {
    await page.goto(`${server.url}#/i/hostile-invite`);
    await page.locator('input[name=role]').first().waitFor();
    await expectInert(page, seen, 'role screen', page.locator('main button[type=submit]'));
    await screenshot(page, 'hostile-01-role');
    await page.locator('input[name=role]').first().check();
    await page.locator('main button[type=submit]').click();

    let pages = 0;
    for (; pages < 100; pages++) {
      // A screen with a way on, or the thank-you with the profile (sending has neither).
      await page.locator('main .profile, main button.primary').first().waitFor();
      if (await page.locator('main .profile').count()) break;
      // Answers can reveal more questions (a panel): answer until none is new.
      for (let round = 0; round < 3; round++) await answerPage(page);
      const go = page.locator('main button.primary');
      await expectInert(page, seen, `step ${pages}`, go);
      if (pages === 0) await screenshot(page, 'hostile-02-page');
      const before = await page.locator('main').innerText();
      await go.click();
      const moved = await page.waitForFunction((text) => document.querySelector('main')?.innerText !== text, before,
        { timeout: 15000 }).then(() => true, () => false);
      if (!moved) await screenshot(page, 'hostile-stuck');
      assert.ok(moved, `step ${pages} (${(await page.locator('main h1').innerText()).slice(0, 60)}, button ${
        await go.isDisabled() ? 'disabled' : 'enabled'}) does not go on: ${(await page.locator('main [id^="msg-"]').evaluateAll((ms) => ms
        .filter((m) => m.textContent).map((m) => `${m.id}: ${m.textContent} (${m.closest('[id^="q-"]')?.querySelector('input, textarea, select')?.outerHTML.slice(0, 120)})`)))
        .slice(0, 3).join(' | ')}`);
    }
    assert.ok(pages >= 3, `only ${pages} steps to the end`);
    await expectInert(page, seen, 'thank-you screen');
    await screenshot(page, 'hostile-03-thanks');
    assert.equal(server.posts.length >= 1, true, 'the contribution was sent');
  } finally {
    await context.close();
    await server.close();
  }
});

/** `sos serve` on the store, limits off for the test's bursts. @param {string} store */
const serve = (store) => startSosServe(['--store', store, '--www', dist, '--insecure-cookies', '--close-check', '3600',
  '--token-rate', '0', '--address-rate', '0']);

/** Sealed as the app seals it. @param {string} base @param {string} urlPath @param {string} body */
async function post(base, urlPath, body) {
  const r = await postSealed(base, urlPath, body);
  return { status: r.status, body: await r.text() };
}

test('dashboard: hostile organisation, group, survey and comment texts from a real sos serve render inert at 360 px', async () => {
  const store = path.join(dir, 'store');
  const at = ['--store', store];
  const attributes = { performance_pay: true, selling: 'complex', field_visits: true };
  const groups = [
    { id: 'root', parent: null, name: `${payloads[0]} Root ${payloads[6]}`, headcount: 2, attributes },
    { id: 'north', parent: 'root', name: `${payloads[3]} ${longWord(10000)}`, headcount: 12, attributes },
    { id: 'south', parent: 'root', name: `${payloads[1]} ${payloads[5]}`, headcount: 12, attributes },
    { id: 'west', parent: 'south', name: `${payloads[2]} ${payloads[7]}`, headcount: 12, attributes },
  ];
  const groupsPath = path.join(dir, 'groups.json');
  fs.writeFileSync(groupsPath, JSON.stringify({ format: 'sos-groups/1', groups }));
  sos(['org', 'create', 'evil', ...at, '--name', `${payloads[4]} ${payloads[0]} ${longWord(10000)}`, '--k', '3',
    '--comment-k', '3', '--synthetic']);
  sos(['group', 'import', ...at, 'evil', groupsPath]);
  sos(['wave', 'create', ...at, 'evil', 'w1', '--survey', surveyPath, '--title', payloads[3], '--closes', '2098-01-01']);
  const links = Object.fromEntries(sos(['invite', 'issue', ...at, 'evil', 'w1']).trim().split('\n')
    .map((l) => l.split('\t')).map(([g, , link]) => [g, link.slice(link.indexOf('/#/i/') + 5)]));
  const server = await serve(store);
  const { page, context, seen } = await hostilePage();
  try {
    const survey = JSON.parse(surveyText);
    const comment = (function find(node) {
      if (Array.isArray(node)) { for (const x of node) { const f = find(x); if (f) return f; } return null; }
      if (node && typeof node === 'object') {
        if (node.type === 'comment') return node.id;
        for (const v of Object.values(node)) { const f = find(v); if (f) return f; }
      }
      return null;
    })(survey);
    let seed = 1;
    for (const group of ['north', 'south', 'west']) {
      const lines = sos(['simulate', surveyPath, '-n', '6', '--seed', String(seed++), '--group', JSON.stringify(attributes),
        '--roles', 'seller=3', 'manager=1', '--output', 'contributions']).trim().split('\n');
      for (const line of lines) {
        const r = await post(server.base, `/api/v1/invite/${links[group]}/contributions`, line);
        assert.equal(r.status, 200, r.body);
      }
      for (const [k, text] of [...payloads, longWord(4000)].entries()) {
        const id = `${k.toString(16).padStart(2, '0')}${group.padEnd(30, '0').replace(/[^0-9a-f]/g, 'a')}`.slice(0, 32);
        const r = await post(server.base, `/api/v1/invite/${links[group]}/comments`, JSON.stringify({
          format: 'sos-comment/1', survey: survey.id, version: survey.version, question: comment, id, text }));
        assert.equal(r.status, 200, r.body);
      }
    }
    // Longer than any open question allows: refused with the reason.
    const tooLong = await post(server.base, `/api/v1/invite/${links.north}/comments`, JSON.stringify({
      format: 'sos-comment/1', survey: survey.id, version: survey.version, question: comment,
      id: 'ffffffffffffffffffffffffffffffff', text: longWord(10000) }));
    assert.equal(tooLong.status, 400);
    assert.equal(JSON.parse(tooLong.body).error.code, 'comment.too_long');
    sos(['wave', 'close', ...at, 'evil', 'w1']);

    const viewer = sos(['viewer', 'issue', ...at, 'evil', '--base-url', server.base]).trim().split('\t')[2];
    await page.goto(viewer);
    await page.locator('#content:not([aria-busy])').waitFor();
    await expectInert(page, seen, 'dashboard', page.locator('#group'));
    assert.equal(await page.locator('#group option').count(), groups.length);
    await screenshot(page, 'hostile-04-dashboard');
    for (const group of ['root', 'west', 'north']) {
      await page.selectOption('#group', group);
      await page.locator('#content:not([aria-busy])').waitFor();
      await expectInert(page, seen, `dashboard, group ${group}`, page.locator('#group'));
    }
    assert.ok(await page.locator('.comments li').count() > 0, 'the comments are shown');
    const comments = (await page.locator('.comments').innerText());
    assert.ok(comments.includes('<script>'), 'a comment shows its markup as text');
    const dimension = page.locator('button[data-dimension]').first();
    if (await dimension.count()) {
      await dimension.click();
      await expectInert(page, seen, 'dashboard, a dimension opened');
    }
    for (const language of ['sv', 'nb']) {
      if (await page.locator('#language').count()) {
        await page.selectOption('#language', language);
        await page.locator('#content:not([aria-busy])').waitFor();
        await expectInert(page, seen, `dashboard in ${language}`, page.locator('#group'));
      }
    }
    await screenshot(page, 'hostile-05-dashboard-group');
  } finally {
    await context.close();
    await server.stop();
  }
});
