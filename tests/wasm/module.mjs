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

/** The raw module, instantiated from bytes: node 20's fetch cannot load a file URL. */
export async function loadModule() {
  const modulePath = path.join(wasmDir, 'sos-engine.mjs');
  if (!fs.existsSync(modulePath)) {
    throw new Error(`${modulePath} is missing: build the wasm module first (docs/wasm-api.md)`);
  }
  const { default: factory } = await import(modulePath);
  return { factory, options: { wasmBinary: fs.readFileSync(path.join(wasmDir, 'sos-engine.wasm')) } };
}

export async function loadEngine() {
  const { factory, options } = await loadModule();
  return createEngine(factory, options);
}
