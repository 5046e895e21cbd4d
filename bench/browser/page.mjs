// The benchmark page: loads the wasm module through the same facade as the
// app and leaves it on window.benchEngine for run.mjs to measure.
import { createEngine } from '../../www/lib/engine.js';

const wasmDir = new URLSearchParams(location.search).get('wasm') ?? '../../build/wasm-dev/wasm/';
const { default: factory } = await import(`${wasmDir}sos-engine.mjs`);
// @ts-ignore
window.benchEngine = await createEngine(factory);
document.getElementById('status').textContent = 'ready';
