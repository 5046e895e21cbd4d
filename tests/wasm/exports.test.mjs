// The hand-written declaration file www/lib/sos-engine.d.ts against the real
// module's exports: a binding added, renamed or removed without the other fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { loadModule, root, wasmDir } from './module.mjs';

const declarations = fs.readFileSync(path.join(root, 'www/lib/sos-engine.d.ts'), 'utf8');

/** Member names of one `export interface NAME { ... }` block. */
function declaredMembers(name) {
  const block = declarations.match(new RegExp(`export interface ${name}(?: extends \\w+)? \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(block, `interface ${name} is declared`);
  const body = block[1].replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return [...body.matchAll(/^\s*(\w+)\??\s*[:(]/gm)].map((m) => m[1]).sort();
}

// What Emscripten itself puts on every module: not part of our API.
const runtime = new Set([
  'ready', 'inspect', 'calledRun', 'run', 'asm', 'wasmBinary', 'preloadedImages', 'preloadedAudios',
  'BindingError', 'InternalError', 'UnboundTypeError', 'getInheritedInstanceCount', 'getLiveInheritedInstances',
  'flushPendingDeletes', 'setDelayFunction', 'count_emval_handles', 'get_first_emval',
  'HEAP8', 'HEAP16', 'HEAP32', 'HEAPU8', 'HEAPU16', 'HEAPU32', 'HEAPF32', 'HEAPF64',
]);

test('the module exports exactly what SosEngineModule declares', async () => {
  const { factory, options } = await loadModule();
  const module = await factory(options);
  const actual = Object.keys(module).filter((k) => !k.startsWith('_') && !runtime.has(k)).sort();
  assert.deepEqual(actual, declaredMembers('SosEngineModule'));
  assert.equal(typeof module.heapBytesInUse, 'function');
  assert.equal(typeof module.Session, 'function');
});

test('Session has exactly the methods SessionHandle declares', async () => {
  const { factory, options } = await loadModule();
  const module = await factory(options);
  const actual = Object.getOwnPropertyNames(module.Session.prototype).filter((k) => k !== 'constructor').sort();
  assert.deepEqual(actual, declaredMembers('SessionHandle'));
  for (const name of actual) assert.equal(typeof module.Session.prototype[name], 'function', name);
  for (const name of declaredMembers('EmbindHandle')) assert.equal(typeof module.Session.prototype[name], 'function', name);
});

test('SosEngineOptions lists the module options the link accepts', () => {
  const cmake = fs.readFileSync(path.join(root, 'wasm/CMakeLists.txt'), 'utf8');
  const accepted = cmake.match(/-sINCOMING_MODULE_JS_API=\[([^\]]*)\]/)[1].split(',').sort();
  assert.deepEqual(declaredMembers('SosEngineOptions'), accepted);
});

test('the module needs no eval: no Function constructor in its JavaScript', () => {
  const js = fs.readFileSync(path.join(wasmDir, 'sos-engine.mjs'), 'utf8');
  assert.doesNotMatch(js, /new Function\s*\(/);
  assert.doesNotMatch(js, /[^.\w]eval\s*\(/);
});
