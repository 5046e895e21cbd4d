// Starts compiling the engine's WebAssembly as soon as the app's code runs:
// imported first by main.js, so this runs before the rest of the app is
// evaluated, and the compile overlaps the invite, survey and device reads
// instead of waiting for the module's JavaScript to be imported and called.
// The .wasm is the one index.html preloads (the same request, so the
// preloaded response is used); without that hint (the dev server) the
// module fetches and compiles its .wasm itself, as before.

const hint = /** @type {HTMLLinkElement | null} */ (document.querySelector('link[rel=preload][type="application/wasm"]'));

/** @param {string} url */
function compile(url) {
  // Same mode and credentials as the hint (crossorigin=""), so the preload is used.
  const get = () => fetch(url, { credentials: 'same-origin' });
  return WebAssembly.compileStreaming(get())
    // A server that names the .wasm another type: compiled from its bytes.
    .catch(() => get().then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
}

/** @type {Promise<WebAssembly.Module> | null} */
const compiled = hint && typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function' ? compile(hint.href) : null;
compiled?.catch(() => {});  // reported through engineOptions' failure

/**
 * The module factory's options that hand it the module compiled here
 * (Emscripten's instantiateWasm), and a promise that rejects when compiling
 * or instantiating fails (the factory's own promise would then never settle).
 * @returns {{options: import('../lib/sos-engine').SosEngineOptions, failure: Promise<never>}}
 */
export function engineOptions() {
  if (!compiled) return { options: {}, failure: new Promise(() => {}) };
  /** @type {(error: unknown) => void} */
  let failed = () => {};
  /** @type {Promise<never>} */
  const failure = new Promise((_, reject) => { failed = reject; });
  return {
    failure,
    options: {
      instantiateWasm(imports, receive) {
        compiled.then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module))).catch(failed);
        return {};  // the exports arrive through receive
      },
    },
  };
}
