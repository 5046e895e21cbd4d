// A browser that gives the app no service worker (docs/offline.md): Chromium
// over HTTPS on 127.0.0.2 (a secure context, so only the worker is missing)
// with service workers blocked, against a real `sos serve`. The survey works
// online; the respondent is told plainly that offline use is not available;
// the submission still waits sealed in the IndexedDB outbox while the
// endpoint is down and goes out by itself when it is back, counted once.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { expectAccessible, root } from './harness.mjs';
import { createOfflineSetup, eventually, heading, outboxEntries, steps } from './offline-harness.mjs';

const comment = 'No worker note kudu-2718';
const notice = 'This browser does not allow offline use here: the survey opens only while you are online.';
const setup = createOfflineSetup('no-worker');
let token = '';

before(async () => {
  setup.deploy();
  setup.createOrganisation();
  setup.sos(['wave', 'create', 'acme', 'w1', '--survey', path.join(root, 'tests/fixtures/surveys/basic.json'),
    '--closes', '2099-01-01', '--grace', '7d']);
  token = setup.issue('w1', 'north');
  await setup.startEndpoint();
  await setup.startProxy();
});

after(() => setup.close());

test('with service workers blocked the survey works online, says offline use is not available, and the outbox still sends', async () => {
  const { context, page } = await setup.launch({ serviceWorkers: 'block' });
  const problems = /** @type {string[]} */ ([]);
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await setup.open(page, token);
    assert.equal(await heading(page), 'Before you start');
    // Told on the first screen, once the registration has failed.
    await page.getByText(notice).waitFor();
    assert.equal(await page.getByText(notice).count(), 1);
    await expectAccessible(page, 'the notice that offline use is not available');
    assert.deepEqual(await page.evaluate(async () => ({
      secure: isSecureContext,
      registrations: (await navigator.serviceWorker.getRegistrations()).length,
      controlled: Boolean(navigator.serviceWorker.controller),
    })), { secure: true, registrations: 0, controlled: false });

    await steps.role(page);
    // And on every screen after.
    await page.getByText(notice).waitFor();
    await steps.page1(page);
    await steps.page2(page);
    await steps.page3(page);

    // The endpoint goes down before the submission: it waits, sealed.
    await setup.stopEndpoint();
    await steps.submit(page, comment);
    await page.getByText('waiting to be sent').waitFor();
    await page.getByText(notice).waitFor();
    const waiting = await outboxEntries(page);
    assert.deepEqual(waiting.map((e) => e.kind).sort(), ['comment', 'contribution']);
    assert.ok(waiting.every((e) => e.format === 'sos-sealed/1'), JSON.stringify(waiting));

    // The endpoint and the network come back: the outbox goes out by itself.
    await setup.startEndpoint();
    await context.setOffline(true);
    await context.setOffline(false);
    await page.getByText('Your answers have been sent.').waitFor({ timeout: 60000 });
    assert.deepEqual(await outboxEntries(page), []);
    await eventually(() => setup.respondents('w1', 'north') === 1, 'the contribution is counted');
    const w1 = setup.exported().waves.find((/** @type {any} */ w) => w.id === 'w1');
    assert.deepEqual(w1.comments.map((/** @type {any} */ c) => c.text), [comment]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
