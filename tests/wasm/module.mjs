// Loads the built WebAssembly module for the node tests. The build folder is
// SOS_WASM_DIR, else build/wasm-dev/wasm (see docs/wasm-api.md, "Building").
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEngine } from '../../www/lib/engine.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = path.resolve(root, process.env.SOS_WASM_DIR ?? 'build/wasm-dev/wasm');

export function fixtureText(name = 'basic.json') {
  return fs.readFileSync(path.join(root, 'tests/fixtures/surveys', name), 'utf8');
}

/**
 * The raw module, instantiated from bytes: node 20's fetch cannot load a file URL.
 * @param {'sos-engine' | 'sos-engine-report'} name the respondent's module or the dashboard's
 */
export async function loadModule(name = 'sos-engine') {
  const modulePath = path.join(wasmDir, `${name}.mjs`);
  if (!fs.existsSync(modulePath)) {
    throw new Error(`${modulePath} is missing: build the wasm module first (docs/wasm-api.md)`);
  }
  const { default: factory } = await import(modulePath);
  return { factory, options: { wasmBinary: fs.readFileSync(path.join(wasmDir, `${name}.wasm`)) } };
}

/** @param {'sos-engine' | 'sos-engine-report'} [name] */
export async function loadEngine(name) {
  const { factory, options } = await loadModule(name);
  return createEngine(factory, options);
}
