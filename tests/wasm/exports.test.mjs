// The hand-written declaration files www/lib/sos-engine.d.ts and
// sos-engine-report.d.ts against the real modules' exports: a binding added,
// renamed or removed without the other fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { loadEngine, loadModule, root, wasmDir } from './module.mjs';

const declarationsOf = (file) => fs.readFileSync(path.join(root, 'www/lib', file), 'utf8');

/** Member names of one `export interface NAME { ... }` block. */
function declaredMembers(name, declarations = declarationsOf('sos-engine.d.ts')) {
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
  // setjmp's runtime, which the respondent's module uses for out-of-memory without exceptions.
  'stackSave', 'stackRestore',
]);

test('the module exports exactly what SosEngineModule declares', async () => {
  const { factory, options } = await loadModule();
  const module = await factory(options);
  const actual = Object.keys(module).filter((k) => !k.startsWith('_') && !runtime.has(k)).sort();
  assert.deepEqual(actual, declaredMembers('SosEngineModule'));
  assert.equal(typeof module.heapBytesInUse, 'function');
  assert.equal(typeof module.Session, 'function');
  assert.equal(module.reportView, undefined, 'the report view lives in the dashboard\'s module');
});

test('the report module exports exactly what SosEngineReportModule declares', async () => {
  const { factory, options } = await loadModule('sos-engine-report');
  const module = await factory(options);
  const actual = Object.keys(module).filter((k) => !k.startsWith('_') && !runtime.has(k)).sort();
  assert.deepEqual(actual, declaredMembers('SosEngineReportModule', declarationsOf('sos-engine-report.d.ts')));
  assert.equal(typeof module.reportView, 'function');
  assert.equal(module.Session, undefined, 'a session lives in the respondent\'s module');
});

test('Session has exactly the methods SessionHandle declares', async () => {
  const { factory, options } = await loadModule();
  const module = await factory(options);
  const actual = Object.getOwnPropertyNames(module.Session.prototype).filter((k) => k !== 'constructor').sort();
  assert.deepEqual(actual, declaredMembers('SessionHandle'));
  for (const name of actual) assert.equal(typeof module.Session.prototype[name], 'function', name);
  for (const name of declaredMembers('EmbindHandle')) assert.equal(typeof module.Session.prototype[name], 'function', name);
});

test('Report has exactly the methods ReportHandle declares', async () => {
  const { factory, options } = await loadModule('sos-engine-report');
  const module = await factory(options);
  const actual = Object.getOwnPropertyNames(module.Report.prototype).filter((k) => k !== 'constructor').sort();
  assert.deepEqual(actual, declaredMembers('ReportHandle', declarationsOf('sos-engine-report.d.ts')));
});

test('SosEngineOptions lists the module options the link accepts', () => {
  const cmake = fs.readFileSync(path.join(root, 'wasm/CMakeLists.txt'), 'utf8');
  const accepted = cmake.match(/-sINCOMING_MODULE_JS_API=\[([^\]]*)\]/)[1].split(',').sort();
  assert.deepEqual(declaredMembers('SosEngineOptions'), accepted);
});

test('the modules need no eval: no Function constructor in their JavaScript', () => {
  for (const file of ['sos-engine.mjs', 'sos-engine-report.mjs']) {
    const js = fs.readFileSync(path.join(wasmDir, file), 'utf8');
    assert.doesNotMatch(js, /new Function\s*\(/, file);
    assert.doesNotMatch(js, /[^.\w]eval\s*\(/, file);
  }
});

test('the facade refuses a call into the other module with facade.wrong_module', async () => {
  const respondent = await loadEngine('sos-engine');
  const report = await loadEngine('sos-engine-report');
  assert.throws(() => respondent.reportView('{}', {}), { name: 'EngineError', code: 'facade.wrong_module' });
  assert.throws(() => report.openSurvey('{}'), { name: 'EngineError', code: 'facade.wrong_module' });
  assert.throws(() => respondent.openReport('{}', {}), { name: 'EngineError', code: 'facade.wrong_module' });
  assert.equal(typeof report.heapBytesInUse(), 'number');
});
