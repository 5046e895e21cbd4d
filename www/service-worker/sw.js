// The respondent app's service worker (docs/offline.md): after the first
// visit the app, its WebAssembly module and the wave's survey open with no
// network. The build (www/vite.config.mjs) puts the list of the app's files
// and their version in place of the two names below.
//
// - The app's files come from a cache of their own version. A new version
//   installs beside it and takes over only once no page of the old one is
//   open (no skipWaiting), so a page never mixes versions; a session in
//   progress resumes in the new version against the same pinned survey.
// - The survey an invite names is fetched from the network when there is one
//   and kept per URL (each invite's URL serves the one version its wave
//   pins), apart from the app's versions, so an update never drops it.
// - No other response is ever kept: invite lookups live in the app's
//   IndexedDB, and everything else under /api/ goes to the network only,
//   the survey in one language (`…/survey?lang=`) too: offline, the app
//   opens the whole survey kept here instead.

/* global self, caches */
const precache = /** @type {string[]} */ (self.__SOS_PRECACHE__);
const appCache = `sos-app-${self.__SOS_VERSION__}`;
const surveyCache = 'sos-surveys-1';

const scope = () => new URL(self.registration.scope);

/** @param {URL} url */
function isSurvey(url) {
  if (url.search) return false;  // the one-language copy of the first screen
  const path = url.pathname.slice(scope().pathname.length);
  return /^(?:o\/[A-Za-z0-9_.-]{1,64}\/)?api\/v1\/invite\/[A-Za-z0-9_-]{1,64}\/survey$/.test(path) ||
    /^surveys\/[A-Za-z0-9_.-]+\.json$/.test(path);
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(appCache).then((cache) =>
    cache.addAll(precache.map((file) => new Request(new URL(file, scope()), { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('sos-app-') && name !== appCache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** @param {Request} request */
async function surveyFirstFromNetwork(request) {
  const cache = await caches.open(surveyCache);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.url, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request.url);
    if (kept) return kept;
    throw error;
  }
}

/** @param {Request} request */
async function fromApp(request) {
  const url = new URL(request.url);
  // The app's page answers a navigation to the app itself only (not /view/).
  const here = scope();
  const page = request.mode === 'navigate' && (url.pathname === here.pathname || url.pathname === `${here.pathname}index.html`);
  const cache = await caches.open(appCache);
  const kept = await cache.match(page ? new URL('index.html', here).href : request, { ignoreSearch: page });
  return kept ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(scope().pathname)) return;
  if (isSurvey(url)) return event.respondWith(surveyFirstFromNetwork(request));
  if (url.pathname.includes('/api/')) return;  // never kept
  const file = url.pathname.slice(scope().pathname.length);
  if (request.mode === 'navigate' || precache.includes(file)) event.respondWith(fromApp(request));
});

// The page asks for its invite's survey to be kept: on the first visit it was
// fetched before this worker was in control.
self.addEventListener('message', (event) => {
  const url = typeof event.data?.keepSurvey === 'string' ? new URL(event.data.keepSurvey, scope()) : null;
  if (!url || url.origin !== self.location.origin || !isSurvey(url)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(surveyCache);
    if (await cache.match(url.href)) return;
    const response = await fetch(url.href, { cache: 'no-store', credentials: 'same-origin' });
    if (response.ok) await cache.put(url.href, response);
  })().catch(() => {}));
});
