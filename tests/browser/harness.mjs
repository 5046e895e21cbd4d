// Shared set-up for the respondent browser tests: the built app served with
// the strict CSP, Chromium at phone or desktop size, an axe-core scan, phone
// screenshots under build/screenshots/, and a record of CSP violations and
// page errors (a test fails on any).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from './browser.mjs';
import { startServer } from './server.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The built web files: www/dist (npm run build:www), or SOS_DIST.
export const dist = process.env.SOS_DIST ? path.resolve(process.env.SOS_DIST) : path.join(root, 'www/dist');
export const screenshots = path.join(root, 'build/screenshots');
const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

export const phone = { width: 360, height: 740 };
export const desktop = { width: 1280, height: 800 };

export async function startApp() {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('www/dist is missing: run `npm run build:www` first (after the wasm build)');
  }
  fs.mkdirSync(screenshots, { recursive: true });
  const server = await startServer({ root: dist });
  const browser = await launchChromium();
  return { server, browser, async close() { await browser.close(); await server.close(); } };
}

/**
 * A page in a context of its own (its own storage) at the given size, that
 * records CSP violations, page errors and console errors.
 * @param {import('playwright-core').Browser} browser
 * @param {{width: number, height: number}} viewport
 */
export async function openPage(browser, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  return watch(page);
}

/** @param {import('playwright-core').Page} page */
async function watch(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems };
}

/**
 * Runs axe-core on the page and asserts zero violations. The source goes in
 * through the DevTools protocol, so the page's CSP stays as it is.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function expectAccessible(page, name) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // @ts-ignore
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  assert.deepEqual(result, [], `axe violations on ${name}: ${JSON.stringify(result, null, 1)}`);
}

/** @param {import('playwright-core').Page} page @param {string} name */
export async function screenshot(page, name) {
  // A full-page capture of a long page waits for every frame to be painted,
  // which on a loaded 2-core machine took longer than the default 30 s.
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true, timeout: 120_000 });
}

/** The keys the app keeps in localStorage. */
export async function storedKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sos:')).sort());
}
