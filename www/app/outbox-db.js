// The app's IndexedDB database: the outbox of sealed submissions not yet
// acknowledged, the refusals to tell the respondent about, the invite
// lookups kept from the first visit so the survey opens offline, and the key
// of each saved session. Nothing in it is readable answers: outbox bodies are
// sealed envelopes (docs/offline.md).

const name = 'sos';
const version = 1;

/**
 * @typedef {{id: string, token: string, kind: 'contribution' | 'comment', url: string, body: string,
 *   notBefore: number, retryAt: number, attempts: number}} OutboxEntry
 *   body is the sealed envelope; notBefore the entry's own random delay
 *   (comments), retryAt the backoff after a failed attempt
 * @typedef {{id: string, token: string, kind: 'contribution' | 'comment', code: string, message: string,
 *   at: number}} Refusal
 * @typedef {{token: string, invite: any, keptAt: number}} KeptInvite
 */

/** @type {Promise<IDBDatabase | null> | null} */
let opening = null;

/** @param {IDBRequest | IDBTransaction} request */
function done(request) {
  return new Promise((resolve, reject) => {
    if ('oncomplete' in request) {
      request.oncomplete = () => resolve(undefined);
      request.onabort = request.onerror = () => reject(request.error ?? new Error('transaction aborted'));
    } else {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }
  });
}

/** The database, or null where the browser refuses IndexedDB (some embedded frames, private modes). @returns {Promise<IDBDatabase | null>} */
export function database() {
  opening ??= (async () => {
    try {
      const request = globalThis.indexedDB.open(name, version);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('token', 'token');
        db.createObjectStore('refusals', { keyPath: 'id' }).createIndex('token', 'token');
        db.createObjectStore('invites', { keyPath: 'token' });
        db.createObjectStore('sessionKeys', { keyPath: 'token' });
      };
      return /** @type {IDBDatabase} */ (await done(request));
    } catch {
      return null;
    }
  })();
  return opening;
}

export const available = async () => (await database()) !== null;

/**
 * False when the browser says the database does not exist yet (a first
 * visit): the reads at the start then know the answer without creating it,
 * which is slow on a phone and would hold up the first screen. Where the
 * browser cannot list its databases, or this page has opened it, true.
 */
async function mayExist() {
  if (opening) return true;
  try {
    const list = await globalThis.indexedDB?.databases?.();
    return !list || list.some((d) => d.name === name);
  } catch {
    return true;
  }
}

// Where IndexedDB is refused, the same stores live in memory: the survey
// still works online, and nothing outlives the page (the app says so).
const memory = { outbox: new Map(), refusals: new Map(), invites: new Map(), sessionKeys: new Map() };

/** A stand-in for an object store over a Map, for the calls this file makes. @param {Map<any, any>} map @param {string} key */
function memoryStore(map, key) {
  const request = (/** @type {any} */ result) => {
    const r = /** @type {any} */ ({ result, onsuccess: null, onerror: null });
    queueMicrotask(() => r.onsuccess?.());
    return r;
  };
  return {
    // CryptoKeys are kept as they are (a Map holds them in memory only).
    put: (/** @type {any} */ v) => { map.set(v[key], v.key instanceof CryptoKey ? v : structuredClone(v)); },
    delete: (/** @type {any} */ k) => { map.delete(k); },
    get: (/** @type {any} */ k) => request(map.get(k)?.key instanceof CryptoKey ? map.get(k) : structuredClone(map.get(k))),
    getAll: () => request([...map.values()].map((v) => structuredClone(v))),
    index: () => ({
      getAll: (/** @type {any} */ t) => request([...map.values()].filter((v) => v.token === t).map((v) => structuredClone(v))),
      getAllKeys: (/** @type {any} */ t) => request([...map.values()].filter((v) => v.token === t).map((v) => v[key])),
    }),
  };
}

const memoryTransaction = () => /** @type {any} */ ({
  objectStore: (/** @type {'outbox' | 'refusals' | 'invites' | 'sessionKeys'} */ n) =>
    memoryStore(memory[n], n === 'invites' || n === 'sessionKeys' ? 'token' : 'id'),
});

/**
 * Runs `work` in one transaction over `stores` and waits for its commit.
 * @template T
 * @param {string[]} stores @param {IDBTransactionMode} mode
 * @param {(tx: IDBTransaction) => Promise<T> | T} work
 * @returns {Promise<T>}
 */
async function within(stores, mode, work) {
  const db = await database();
  if (!db) return work(memoryTransaction());
  const tx = db.transaction(stores, mode, { durability: 'strict' });
  const committed = done(tx);
  const result = await work(tx);
  await committed;
  return result;
}

/** Writes entries in one transaction: all are kept, or none. @param {OutboxEntry[]} entries */
export const addEntries = (entries) => within(['outbox'], 'readwrite', (tx) => {
  for (const entry of entries) tx.objectStore('outbox').put(entry);
});

/** @returns {Promise<OutboxEntry[]>} */
export const allEntries = () => within(['outbox'], 'readonly', (tx) => done(tx.objectStore('outbox').getAll()));

/** @param {OutboxEntry} entry */
export const updateEntry = (entry) => within(['outbox'], 'readwrite', (tx) => { tx.objectStore('outbox').put(entry); });

/** @param {string} id */
export const removeEntry = (id) => within(['outbox'], 'readwrite', (tx) => { tx.objectStore('outbox').delete(id); });

/** The entry leaves the outbox and its refusal is kept, in one step. @param {string} id @param {Refusal} refusal */
export const refuseEntry = (id, refusal) => within(['outbox', 'refusals'], 'readwrite', (tx) => {
  tx.objectStore('outbox').delete(id);
  tx.objectStore('refusals').put(refusal);
});

/** @param {string} token @returns {Promise<Refusal[]>} */
export const refusalsOf = (token) => within(['refusals'], 'readonly',
  (tx) => done(tx.objectStore('refusals').index('token').getAll(token)));

/** @param {string} token */
export const clearRefusals = (token) => within(['refusals'], 'readwrite', async (tx) => {
  const keys = /** @type {IDBValidKey[]} */ (await done(tx.objectStore('refusals').index('token').getAllKeys(token)));
  for (const key of keys) tx.objectStore('refusals').delete(key);
});

/**
 * What the outbox holds for one invite token: entries still to send, and
 * refusals not yet acknowledged.
 * @param {string} token @returns {Promise<{waiting: number, refusals: Refusal[]}>}
 */
export async function outboxStatus(token) {
  if (!(await mayExist())) return { waiting: 0, refusals: [] };
  const entries = await allEntries();
  return { waiting: entries.filter((e) => e.token === token).length, refusals: await refusalsOf(token) };
}

/** @param {string} token @param {any} invite */
export const keepInvite = (token, invite) => within(['invites'], 'readwrite', (tx) => {
  tx.objectStore('invites').put({ token, invite, keptAt: Date.now() });
});

/** @param {string} token @returns {Promise<any | null>} */
export async function keptInvite(token) {
  try {
    if (!(await mayExist())) return null;
    const kept = /** @type {KeptInvite | undefined} */ (await within(['invites'], 'readonly', (tx) => done(tx.objectStore('invites').get(token))));
    return kept?.invite ?? null;
  } catch {
    return null;
  }
}

/**
 * The key a link's saved session is encrypted with (store.js): made on first
 * use, never extractable, deleted with the session.
 * @param {string} token @param {boolean} create
 * @returns {Promise<CryptoKey | null>}
 */
export async function sessionKey(token, create) {
  const kept = await within(['sessionKeys'], 'readonly', (tx) => done(tx.objectStore('sessionKeys').get(token)));
  if (kept?.key || !create) return kept?.key ?? null;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await within(['sessionKeys'], 'readwrite', (tx) => { tx.objectStore('sessionKeys').put({ token, key }); });
  return key;
}

/** @param {string} token */
export const dropSessionKey = (token) => within(['sessionKeys'], 'readwrite', (tx) => { tx.objectStore('sessionKeys').delete(token); });
