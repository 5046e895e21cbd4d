// A new version of the app deployed while respondents are halfway through
// (docs/offline.md), in Debian's Chromium over HTTPS on 127.0.0.2 against a
// real `sos serve`. The new version is the build with its entry script
// changed and renamed, a new precache list and version in sw.js, and the old
// version's files gone from the server, as a deployment leaves them.
// - A respondent halfway reloads: the page stays on the old version, all of
//   it from the old precache (its files are no longer on the server), the
//   answers are kept, and the contribution is accepted.
// - Another, halfway when the browser closes, comes back: the new version has
//   taken over (the old cache deleted, nothing of the old version loaded),
//   the session resumes with its answers on the survey the wave pins, and the
//   contribution is accepted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { dist, root } from './harness.mjs';
import { createOfflineSetup, heading, steps, until } from './offline-harness.mjs';

const setup = createOfflineSetup('update');
/** @type {Record<string, string>} */
const tokens = {};

/**
 * The build's entry script and service worker version.
 * @param {string} folder
 */
function versionOf(folder) {
  const index = fs.readFileSync(path.join(folder, 'index.html'), 'utf8');
  const sw = fs.readFileSync(path.join(folder, 'sw.js'), 'utf8');
  const entry = /assets\/main-[A-Za-z0-9_-]+\.js/.exec(index)?.[0];
  const version = /sos-app-\$\{"([0-9a-f]{16})"\}/.exec(sw)?.[1];
  assert.ok(entry && version, `no entry script or version in ${folder}`);
  return { entry, version };
}

/**
 * A new version of the build in `to`: the entry script with a change of its
 * own under a new name, listed in index.html and the worker's precache and
 * imported by that name from the chunks that share its code, and a new worker
 * version.
 * @param {string} from @param {string} to
 */
function makeNewVersion(from, to) {
  fs.cpSync(from, to, { recursive: true });
  const old = versionOf(from);
  const entry = old.entry.replace(/\.js$/, 'N2.js');
  fs.writeFileSync(path.join(to, entry), `${fs.readFileSync(path.join(from, old.entry), 'utf8')}\n// the next version\n`);
  fs.rmSync(path.join(to, old.entry));
  // Chunks the entry loads later import from it by its file name, as a new
  // build's would by the new one.
  const chunks = fs.readdirSync(path.join(to, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  for (const file of chunks) {
    const text = fs.readFileSync(path.join(to, file), 'utf8');
    const renamed = text.replaceAll(`./${path.basename(old.entry)}`, `./${path.basename(entry)}`);
    if (renamed !== text) fs.writeFileSync(path.join(to, file), renamed);
  }
  for (const file of ['index.html', 'sw.js']) {
    const text = fs.readFileSync(path.join(to, file), 'utf8').replaceAll(old.entry, entry)
      .replace(`sos-app-\${"${old.version}"}`, `sos-app-\${"${old.version.split('').reverse().join('')}"}`);
    fs.writeFileSync(path.join(to, file), text);
  }
  return versionOf(to);
}

/**
 * What the page loaded of the app: its entry script and every file of its
 * own origin outside the API.
 * @param {import('playwright-core').Page} page
 */
const loaded = (page) => page.evaluate(async () => ({
  entry: /** @type {HTMLScriptElement} */ (document.querySelector('script[type=module]')).src.replace(/^.*\/(assets\/)/, '$1'),
  files: performance.getEntriesByType('resource').map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && !u.pathname.includes('/api/')).map((u) => u.pathname.slice(1)),
  caches: await caches.keys(),
}));

/** @param {import('playwright-core').Page} page */
const workerState = (page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return { active: registration?.active?.state ?? null, waiting: registration?.waiting?.state ?? null };
});

/**
 * Page 1's answers as the page shows them after going back to it.
 * @param {import('playwright-core').Page} page
 */
async function page1Answers(page) {
  await page.getByRole('button', { name: 'Previous' }).click();
  const checked = [];
  for (const id of ['goals_clear', 'goals_followed', 'pay_fair']) checked.push(await page.locator(`#in-${id}-4`).isChecked());
  await page.getByRole('button', { name: 'Next' }).click();
  return checked;
}

let v1 = { entry: '', version: '' };
let v2 = { entry: '', version: '' };

before(async () => {
  v1 = versionOf(dist);
  v2 = makeNewVersion(dist, path.join(setup.work, 'next'));
  setup.deploy();
  setup.createOrganisation();
  setup.sos(['wave', 'create', 'acme', 'w1', '--survey', path.join(root, 'tests/fixtures/surveys/basic.json'),
    '--closes', '2099-01-01', '--grace', '7d']);
  tokens.north = setup.issue('w1', 'north');
  tokens.south = setup.issue('w1', 'south');
  await setup.startEndpoint();
  await setup.startProxy();
});

after(() => setup.close());

// A respondent back at the welcome screen continues, finds page 1 as they
// left it, answers the rest and submits.
async function resumeAndFinish(page) {
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.deepEqual(await page1Answers(page), [true, true, true]);
  await steps.page2(page);
  await steps.page3(page);
  await steps.submit(page);
  await page.getByText('Your answers have been sent.').waitFor({ timeout: 30000 });
}

test('a new version deployed mid-session: the open session ends on the old one, the next start is all new, answers kept', async () => {
  let { context, page } = await setup.launch();
  const problems = /** @type {string[]} */ ([]);
  const watch = (/** @type {import('playwright-core').Page} */ p) => p.on('pageerror', (e) => problems.push(e.message));
  watch(page);

  // First visits on the old version, until its worker is active and holds
  // each invite's survey.
  for (const [i, token] of [tokens.north, tokens.south].entries()) {
    await setup.open(page, token);
    await until(page, new Function(`return (async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const surveys = await (await caches.open('sos-surveys-1')).keys();
      return registration?.active?.state === 'activated' && surveys.length === ${i + 1};
    })()`));
  }

  // North is halfway when the new version is deployed.
  await setup.open(page, tokens.north);
  await steps.role(page);
  await steps.page1(page);
  setup.deploy(path.join(setup.work, 'next'));
  assert.ok(!fs.existsSync(path.join(setup.www, v1.entry)), 'the old version is still on the server');

  // A reload mid-session: the new worker installs and waits; the page is the
  // old version throughout, from the old precache.
  await page.reload();
  await until(page, async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.waiting?.state === 'installed';
  });
  assert.equal(await heading(page), 'Welcome back');
  let seen = await loaded(page);
  assert.equal(seen.entry, v1.entry);
  assert.ok(!seen.files.includes(v2.entry), JSON.stringify(seen.files));
  assert.deepEqual(seen.caches.filter((c) => c.startsWith('sos-app-')).sort(), [`sos-app-${v1.version}`, `sos-app-${v2.version}`].sort());
  await resumeAndFinish(page);
  assert.equal(setup.respondents('w1', 'north'), 1);
  assert.equal((await loaded(page)).entry, v1.entry);

  // South starts in the same tab (the app reloads on the new link), still
  // the old version, and is halfway when the browser is closed.
  await page.evaluate((token) => { location.hash = `#/i/${token}`; }, tokens.south);
  await page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
  assert.equal((await loaded(page)).entry, v1.entry);
  assert.deepEqual(await workerState(page), { active: 'activated', waiting: 'installed' });
  await steps.role(page);
  await steps.page1(page);
  await context.close();

  // Back later: the new version has taken over, alone.
  ({ context, page } = await setup.launch());
  watch(page);
  await setup.open(page, tokens.south);
  assert.equal(await heading(page), 'Welcome back');
  seen = await loaded(page);
  assert.equal(seen.entry, v2.entry);
  assert.ok(!seen.files.includes(v1.entry), JSON.stringify(seen.files));
  assert.deepEqual(seen.caches.filter((c) => c.startsWith('sos-app-')), [`sos-app-${v2.version}`]);
  assert.deepEqual(await workerState(page), { active: 'activated', waiting: null });
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)));
  await resumeAndFinish(page);
  // The endpoint re-validated it against the wave's pinned survey.
  assert.equal(setup.respondents('w1', 'south'), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
