// A real `sos serve` for the kiosk and embedding browser tests: a temp store
// made with the real `sos` admin commands (an organisation with its allowed
// embedding origins, one team, a wave of the fixture survey, respondent and
// kiosk links), the built app configured to resolve invites through the API
// (docs/invite-link.md), and the store's aggregates read back with
// `sos org export`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { dist, root } from './harness.mjs';
import { sosPath, startSosServe } from './sos-serve.mjs';

export { sosPath };
const surveyPath = path.join(root, 'tests/fixtures/surveys/basic.json');

const groupsCsv =
  'id,parent,name,headcount,performance_pay,selling,field_visits\n' +
  'acme,,Acme,2,true,complex,true\n' +
  'team,acme,Team,40,true,complex,true\n';

/** @param {string[]} args */
export function sos(args) {
  return execFileSync(sosPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The built app as a deployment serves it: the same files, with the invite
 * source set to the endpoint's API.
 * @param {string} to
 */
function appResolvingThroughApi(to) {
  fs.cpSync(dist, to, { recursive: true });
  const index = path.join(to, 'index.html');
  const html = fs.readFileSync(index, 'utf8');
  const configured = html.replace(/(<meta name="sos-invite-source" content=")[^"]*"/, '$1api"');
  if (configured === html && !html.includes('content="api"')) throw new Error('index.html has no sos-invite-source meta');
  fs.writeFileSync(index, configured);
}

/**
 * @param {{origins?: string[], host?: string, survey?: string}} [options] origins allowed to embed
 *   the survey; the survey the wave pins (default the basic fixture; its group attributes are the
 *   standard survey's too)
 */
export async function startSurveyEndpoint({ origins = [], host = '127.0.0.1', survey = surveyPath } = {}) {
  if (!fs.existsSync(sosPath)) throw new Error(`${sosPath} is missing: build the native tool or set SOS_BIN`);
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} is missing: run \`npm run build:www\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-kiosk-'));
  const store = path.join(dir, 'store');
  const www = path.join(dir, 'www');
  appResolvingThroughApi(www);
  const csv = path.join(dir, 'groups.csv');
  fs.writeFileSync(csv, groupsCsv);
  const org = ['--store', store];
  sos(['org', 'create', 'acme', ...org, '--name', 'Acme (test)', '--k', '3', '--comment-k', '3',
    ...origins.flatMap((o) => ['--origin', o])]);
  sos(['group', 'import', ...org, 'acme', csv]);
  sos(['wave', 'create', ...org, 'acme', 'w1', '--survey', survey, '--title', 'Wave 1', '--closes', '2099-01-01']);
  /** @param {string[]} extra */
  const tokens = (extra) => Object.fromEntries(sos(['invite', 'issue', ...org, 'acme', 'w1', ...extra]).trim().split('\n')
    .map((l) => l.split('\t')).map(([g, , link]) => [g, link.slice(link.indexOf('/#/i/') + 5)]));
  const links = { respondent: tokens([])['team'], kiosk: tokens(['--kiosk'])['team'] };

  const server = await startSosServe([...org, '--host', host, '--www', www, '--insecure-cookies',
    '--token-rate', '0', '--address-rate', '0'], { host });
  const { base } = server;
  return {
    base, links, store,
    /**
     * What the store holds for the team in wave w1: per role, each cell's
     * aggregate row from `sos org export` (sos-org-export/1).
     * @returns {Record<string, Record<string, any>>}
     */
    aggregates() {
      const exported = JSON.parse(sos(['org', 'export', ...org, 'acme']));
      const wave = exported.waves.find((/** @type {any} */ w) => w.id === 'w1');
      /** @type {Record<string, Record<string, any>>} */
      const out = {};
      for (const row of wave.aggregates) {
        if (row.group !== 'team') continue;
        (out[row.role] ??= {})[row.cell] = row;
      }
      return out;
    },
    /**
     * Waits until `check` holds (submissions leave the outbox on their own
     * time), failing with `what` after 15 s.
     * @param {() => boolean} check @param {string} what
     */
    async until(check, what) {
      for (const started = Date.now(); !check(); await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() - started > 15000) throw new Error(`timed out waiting for: ${what}`);
      }
    },
    /** The comments the store holds for the team (texts only). */
    comments() {
      const exported = JSON.parse(sos(['org', 'export', ...org, 'acme']));
      const wave = exported.waves.find((/** @type {any} */ w) => w.id === 'w1');
      return (wave.comments ?? []).filter((/** @type {any} */ c) => c.group === 'team').map((/** @type {any} */ c) => c.text);
    },
    async close() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const en = { start: 'Start', next: 'Next', no: 'No', review: 'Review answers', submit: 'Submit answers', thanks: 'Thank you!' };
export const sv = { start: 'Börja', next: 'Nästa', no: 'Nej', review: 'Granska svaren', submit: 'Skicka svaren', thanks: 'Tack!' };

/**
 * One respondent through the fixture survey for the team (pay, visits),
 * on a page or inside a frame, up to the thank-you screen.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} page
 * @param {{role: string, goals: number, comment?: string, texts: Record<string, string>}} r
 */
export async function answerFixture(page, r) {
  const t = r.texts;
  const choose = (/** @type {string} */ id, /** @type {number} */ value) => page.locator(`#in-${id}-${value}`).check();
  await page.getByRole('radio', { name: r.role, exact: true }).check();
  await page.getByRole('button', { name: t.start }).click();
  await choose('goals_clear', r.goals);
  await choose('goals_followed', 4);
  await choose('pay_fair', 3);
  await page.getByRole('button', { name: t.next }).click();
  await page.getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByRole('button', { name: t.next }).click();
  await choose('visits_planned', 3);
  if (r.role === 'Seller' || r.role === 'Säljare') await choose('visits_feedback', 4);
  await page.getByRole('button', { name: t.next }).click();
  if (r.comment) await page.locator('#q-free_words textarea').fill(r.comment);
  await page.getByRole('button', { name: t.review }).click();
  await page.getByRole('button', { name: t.submit }).click();
  await page.getByRole('heading', { level: 1, name: t.thanks }).waitFor();
}
