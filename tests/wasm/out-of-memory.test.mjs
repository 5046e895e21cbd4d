// The respondent's module is built without C++ exceptions: a call that runs out
// of memory must still come back as engine.out_of_memory (docs/wasm-api.md),
// never as an abort, and the module must go on working once memory is free.
import assert from 'node:assert/strict';
import test from 'node:test';

import { fixtureText, loadModule } from './module.mjs';

/** Takes every byte the module's heap can still give, largest blocks first. */
function fillHeap(module) {
  const blocks = [];
  for (let size = 1 << 20; size >= 16; size >>= 2) {
    for (let p = module._malloc(size); p !== 0; p = module._malloc(size)) blocks.push({ p, size });
  }
  return blocks;
}

test('a load that runs out of memory answers engine.out_of_memory and the module lives on', async () => {
  const { factory, options } = await loadModule();
  const module = await factory(options);
  const text = fixtureText();
  const session = new module.Session();

  const blocks = fillHeap(module);
  // Room for the survey text on its way in (two copies), not for loading it.
  for (let freed = 0; freed < 4 * text.length; ) {
    const { p, size } = blocks.pop();
    module._free(p);
    freed += size;
  }
  const refused = JSON.parse(session.load(text));
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'engine.out_of_memory');
  assert.equal(refused.error.pointer, '');

  for (const { p } of blocks) module._free(p);
  const loaded = JSON.parse(session.load(text));
  assert.equal(loaded.ok, true, JSON.stringify(loaded).slice(0, 300));
  const started = JSON.parse(session.start('seller', 'en', '{"performance_pay":true,"selling":"volume","field_visits":false}'));
  assert.equal(started.ok, true, JSON.stringify(started));
  assert.equal(JSON.parse(session.pageView()).ok, true);
  session.delete();
});
