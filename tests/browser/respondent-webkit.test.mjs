// A smoke run of the respondent app in WebKit (the engine of Safari) through
// Debian's WebKitWebDriver under Xvfb, spoken to in plain WebDriver HTTP:
// the fixture survey answered from role to submission under the strict CSP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';

import { dist } from './harness.mjs';
import { startServer } from './server.mjs';

const driverPath = process.env.SOS_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const xvfbRun = '/usr/bin/xvfb-run';
const missing = [driverPath, xvfbRun].filter((p) => !fs.existsSync(p));
const skip = missing.length
  ? `WebKit smoke run skipped: ${missing.join(', ')} not installed (apt-get install -y webkit2gtk-driver xvfb)`
  : false;

const elementKey = 'element-6066-11e4-a52e-4f735466cecf';  // the WebDriver standard's key

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A minimal WebDriver client over fetch. */
function webdriver(base) {
  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function call(method, path, body) {
    const response = await fetch(base + path, {
      method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  }
  return { call };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('WebKit: the fixture survey from role to submission', { skip, timeout: 180_000 }, async () => {
  const server = await startServer({ root: dist });
  const port = await freePort();
  const driver = spawn(xvfbRun, ['-a', driverPath, `--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'], detached: true,
  });
  let stderr = '';
  driver.stderr.on('data', (d) => { stderr += d; });
  const wd = webdriver(`http://127.0.0.1:${port}`);
  let session = '';
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await wd.call('GET', '/status')).ready) break;
      } catch {
        if (i > 100) throw new Error(`WebKitWebDriver did not start: ${stderr}`);
      }
      await sleep(100);
    }
    const created = await wd.call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { args: ['--automation'] } } },
    });
    session = created.sessionId;
    const s = (/** @type {string} */ path) => `/session/${session}${path}`;
    const find = async (/** @type {string} */ css) => {
      const found = await wd.call('POST', s('/element'), { using: 'css selector', value: css });
      if (!found?.[elementKey]) throw new Error(`${css}: ${JSON.stringify(found)}`);
      return found[elementKey];
    };
    const waitFor = async (/** @type {string} */ css, timeout = 20_000) => {
      const end = Date.now() + timeout;
      for (;;) {
        try {
          return await find(css);
        } catch (error) {
          if (Date.now() > end) throw new Error(`${css} did not appear: ${error}`);
          await sleep(100);
        }
      }
    };
    const text = async (/** @type {string} */ css) => wd.call('GET', s(`/element/${await waitFor(css)}/text`));
    const click = async (/** @type {string} */ css) => wd.call('POST', s(`/element/${await waitFor(css)}/click`), {});
    const type = async (/** @type {string} */ css, /** @type {string} */ value) =>
      wd.call('POST', s(`/element/${await waitFor(css)}/value`), { text: value });
    const headingIs = async (/** @type {string} */ expected) => {
      const end = Date.now() + 20_000;
      let seen = '';
      while (Date.now() < end) {
        seen = await wd.call('POST', s('/execute/sync'), { script: 'return document.querySelector("main h1")?.textContent ?? ""', args: [] });
        if (seen === expected) return;
        await sleep(100);
      }
      assert.equal(seen, expected);
    };
    /** A scale point or option, clicked through its label as a finger would. */
    const choose = (/** @type {string} */ id, /** @type {string | number} */ value) => click(`label[for="in-${id}-${value}"]`);

    await wd.call('POST', s('/url'), { url: `${server.url}#/i/fixture-all-groups` });
    // WebKit takes the desktop's language; the test speaks English.
    await click('nav.languages button[lang="en"]');
    await headingIs('Before you start');
    await click('label[for="role-seller"]');
    await click('button[type="submit"]');
    await headingIs('Goals');
    await click('button[type="submit"]');
    assert.equal(await text('#msg-goals_clear'), 'Please answer this question.');
    for (const id of ['goals_clear', 'goals_followed', 'pay_fair']) await choose(id, 4);
    await click('button[type="submit"]');
    await headingIs('Coaching');
    await choose('coached', 'yes');
    await choose('coach_regular', 5);
    await choose('coach_useful', 3);
    await choose('kpis', 'calls');
    await click('button[type="submit"]');
    await headingIs('Visits');
    await choose('visits_planned', 2);
    await click('button[type="submit"]');
    await headingIs('Last words');
    await type('#in-free_words-value', 'From WebKit');
    await click('button[type="submit"]');
    await headingIs('Review your answers');
    assert.deepEqual(server.posts, []);
    await click('button.primary');
    await headingIs('Thank you!');
    assert.match(await text('.profile'), /Coaching\s*4\.0/);

    // Sealed with WebKit's WebCrypto and opened by the server; the comment
    // leaves after a random delay of its own.
    await server.waitForPosts(2);
    assert.equal(server.posts.length, 2);
    assert.deepEqual(server.unopened, []);
    assert.equal(JSON.parse(server.posts[0].body).format, 'sos-contribution/1');
    assert.equal(JSON.parse(server.posts[1].body).text, 'From WebKit');
    assert.deepEqual(server.other, []);
  } finally {
    if (session) await wd.call('DELETE', `/session/${session}`).catch(() => {});
    try {
      process.kill(-/** @type {number} */ (driver.pid), 'SIGTERM');
    } catch {
      // already gone
    }
    await server.close();
  }
});
