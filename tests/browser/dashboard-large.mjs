// A large organisation for the dashboard, through the real tools: 5,000
// groups imported with `sos group import`, a real `sos serve`, sellers'
// contributions sealed into a group five levels down, and the first of two
// waves closed (its figures released for every group). Shared by the extreme
// browser test and the dashboard benchmark (bench/browser/dashboard.mjs),
// which both drive the same steps a user takes and print what they took.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { postSealed } from './sealed-post.mjs';
import { sosPath, startSosServe } from './sos-serve.mjs';

export const groupCount = 5000;
// Sellers who answer in the deep group g4999: enough for its figures to show.
export const deepRespondents = 6;

/** @param {string[]} args */
const sos = (args) => execFileSync(sosPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * @param {{root: string, dist: string}} where the checkout and the web build
 * @returns {Promise<{base: string, viewerLink: () => string, setup: string, stop: () => Promise<void>}>}
 */
export async function startLargeOrganisation({ root, dist }) {
  const surveyPath = path.join(root, 'tests/fixtures/surveys/basic.json');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-large-'));
  const store = ['--store', path.join(dir, 'store')];
  // A tree eight wide: group i's parent is group (i - 1) / 8, five levels deep.
  const attributes = { performance_pay: true, selling: 'volume', field_visits: true };
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    id: `g${i}`, parent: i === 0 ? null : `g${Math.floor((i - 1) / 8)}`, name: `Group ${i}`, headcount: 10, attributes,
  }));
  const groupsPath = path.join(dir, 'groups.json');
  fs.writeFileSync(groupsPath, JSON.stringify({ format: 'sos-groups/1', groups }));
  sos(['org', 'create', 'big', ...store, '--name', 'Big (test)', '--synthetic']);
  let t0 = performance.now();
  sos(['group', 'import', ...store, 'big', groupsPath]);
  const importMs = performance.now() - t0;
  t0 = performance.now();
  sos(['wave', 'create', ...store, 'big', 'w1', '--survey', surveyPath, '--title', 'Spring', '--closes', '2099-01-01']);
  const createMs = performance.now() - t0;
  sos(['wave', 'create', ...store, 'big', 'w2', '--survey', surveyPath, '--title', 'Autumn', '--closes', '2099-01-01']);

  const server = await startSosServe([...store, '--www', dist, '--insecure-cookies', '--close-check', '3600',
    '--token-rate', '0', '--address-rate', '0']);
  try {
    const links = new Map(sos(['invite', 'issue', ...store, 'big', 'w1']).trim().split('\n')
      .map((l) => l.split('\t')).map(([g, , link]) => [g, link.slice(link.indexOf('/#/i/') + 5)]));
    const lines = sos(['simulate', surveyPath, '-n', String(deepRespondents), '--seed', '8', '--group',
      JSON.stringify(attributes), '--roles', 'seller=1', '--output', 'submissions']).trim().split('\n');
    for (const line of lines) {
      const kind = JSON.parse(line).format === 'sos-comment/1' ? 'comments' : 'contributions';
      // A connection per request: the server drops idle ones while the wave closes.
      const r = await postSealed(server.base, `/api/v1/invite/${links.get('g4999')}/${kind}`, line, { connection: 'close' });
      if (r.status >= 300) throw new Error(`${kind}: ${r.status} ${await r.text()}`);
    }
    t0 = performance.now();
    sos(['wave', 'close', ...store, 'big', 'w1']);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const setup = `${groupCount} groups: sos group import ${importMs.toFixed(0)} ms, sos wave create `
    + `${createMs.toFixed(0)} ms, sos wave close ${(performance.now() - t0).toFixed(0)} ms`;
  return {
    base: server.base,
    setup,
    viewerLink: () => sos(['viewer', 'issue', ...store, 'big', '--base-url', server.base]).trim().split('\t')[2],
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The page's own measures (www/dashboard/main.js), in ms. @param {import('playwright-core').Page} page */
export const pageMeasures = (page) => page.evaluate(() => Object.fromEntries(
  ['sos-report-load', 'sos-view-engine', 'sos-view-render']
    .map((name) => [name, performance.getEntriesByName(name).map((e) => Math.round(e.duration))])));

/**
 * Waits until the dashboard has drawn a view, and returns how long `action`
 * and the drawing took, in ms.
 * @param {import('playwright-core').Page} page @param {() => Promise<unknown>} action
 */
export async function timedView(page, action) {
  const t0 = performance.now();
  await action();
  await page.locator('#content:not([aria-busy])').waitFor({ timeout: 300000 });
  return performance.now() - t0;
}

/** Types into the group finder and picks the first match by keyboard. @param {import('playwright-core').Page} page */
export async function findGroup(page, text, id) {
  await page.locator('#group-search').fill(text);
  await page.locator(`#group-matches [role="option"][data-group="${id}"]`).waitFor();
  await page.locator('#group-search').press('ArrowDown');
  await page.locator('#group-search').press('Enter');
}
