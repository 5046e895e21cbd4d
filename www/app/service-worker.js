// Registers the service worker that lets the app open offline after the first
// visit (docs/offline.md), and asks it to keep the invite's survey. Where
// service workers are unavailable (plain HTTP away from localhost, some
// embedded frames, blocked storage) the app simply works online only.
// Loaded with later.js once the first screen is up: the worker's precache
// downloads the app's files again (the wasm module most of all), which must
// not compete with the respondent's first question.

let registering = /** @type {Promise<ServiceWorkerRegistration | null> | null} */ (null);

/**
 * The worker's registration, or null where there is none: the app then works
 * online only and says so (offline-notice.js).
 */
export function registerServiceWorker() {
  registering ??= (async () => {
    try {
      if (!globalThis.isSecureContext || !('serviceWorker' in navigator)) return null;
      // A blocked registration may resolve with nothing rather than fail.
      return (await navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' })) ?? null;
    } catch {
      return null;
    }
  })();
  return registering;
}

/**
 * Once a worker is active, it fetches and keeps the survey at `url` (the one
 * the invite names) unless it has it already.
 * @param {string} url
 */
export async function keepSurvey(url) {
  const registration = await registerServiceWorker();
  if (!registration) return;
  try {
    const ready = await navigator.serviceWorker.ready;
    ready.active?.postMessage({ keepSurvey: new URL(url, document.baseURI).href });
  } catch {
    // no worker: online only
  }
}
