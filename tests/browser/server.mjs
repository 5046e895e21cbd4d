// A small static server for the browser tests and the benchmark: serves
// www/dist with the strict Content-Security-Policy the app must work under,
// hands out the demo invites with a sealing key of its own (a P-256 pair made
// with node's WebCrypto at start), opens each sealed submission as the
// endpoint would (docs/sealed-submission.md), answers it with 202 and records
// the plaintext, and records every request that is not a plain GET of a
// static file.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

import { envelopeKey, fromBase64url, sealedFormat, toBase64url } from '../../www/lib/seal.js';

export const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png',
};

// Compressed once per file version, so measuring sizes costs requests nothing.
const gzipCache = new Map();
/** @param {string} file @param {Buffer} body */
function gzipped(file, body) {
  const key = `${file}:${fs.statSync(file).mtimeMs}`;
  if (!gzipCache.has(key)) gzipCache.set(key, zlib.gzipSync(body, { level: 9 }));
  return gzipCache.get(key);
}

/** A key pair like the endpoint's, and the opening of an envelope with it. */
async function sealingKey() {
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
  const pair = /** @type {CryptoKeyPair} */ (await crypto.subtle.generateKey(algorithm, false, ['deriveBits']));
  const sealing = { format: sealedFormat, key: `kmock-${toBase64url(crypto.getRandomValues(new Uint8Array(6)))}`,
    publicKey: toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))) };
  /**
   * @param {string} body @param {'contribution' | 'comment'} purpose
   * @returns {Promise<string | null>} the plaintext, or null when it does not open
   */
  async function open(body, purpose) {
    try {
      const envelope = JSON.parse(body);
      if (envelope.format !== sealedFormat || envelope.key !== sealing.key) return null;
      const epk = fromBase64url(envelope.epk);
      const peer = await crypto.subtle.importKey('raw', epk, algorithm, false, []);
      const key = await envelopeKey(pair.privateKey, peer, epk, purpose, ['decrypt']);
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(envelope.iv),
        additionalData: new TextEncoder().encode(envelope.key) }, key, fromBase64url(envelope.data));
      return new TextDecoder().decode(plain);
    } catch {
      return null;
    }
  }
  return { sealing, open };
}

/**
 * @param {{root: string, gzip?: boolean}} options
 * @returns {Promise<{state: {failPosts: number}, requests: string[], url: string, posts: {path: string, body: string, type: string, sealed: string}[], unopened: string[], waitForPosts: (n: number, ms?: number) => Promise<void>, other: string[], close: () => Promise<void>, bytes: {raw: number, gzip: number, files: Map<string, number>}, resetBytes: () => void}>}
 */
export async function startServer({ root, gzip = false }) {
  const key = await sealingKey();
  /** @type {{path: string, body: string, type: string, sealed: string}[]} */
  const posts = [];
  /** Bodies that did not open: none may ever arrive from the app. */
  const unopened = [];
  const other = [];
  // Set failPosts to answer that many submissions with 503 (an unreachable endpoint).
  const state = { failPosts: 0 };
  const bytes = { raw: 0, gzip: 0, files: new Map() };
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method === 'POST' && /^\/api\/v1\/invite\/[A-Za-z0-9_-]+\/(contribution|comment)$/.test(url.pathname)) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        if (state.failPosts > 0) {
          state.failPosts--;
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('try later');
          return;
        }
        const sealed = Buffer.concat(chunks).toString('utf8');
        const body = await key.open(sealed, url.pathname.endsWith('/comment') ? 'comment' : 'contribution');
        if (body === null) {
          unopened.push(sealed);
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ format: 'sos-error/1', error: { code: 'seal.failed', message: 'the envelope does not open', pointer: '/data' } }));
          return;
        }
        posts.push({ path: url.pathname, body, sealed, type: req.headers['content-type'] ?? '' });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      other.push(`${req.method} ${url.pathname}`);
      res.writeHead(405);
      res.end();
      return;
    }
    const file = path.join(root, decodeURIComponent(url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (!url.pathname.startsWith('/links/') && url.pathname !== '/favicon.ico') other.push(`GET ${url.pathname}`);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    let body = fs.readFileSync(file);
    // The demo invites carry this server's public key, as the endpoint's lookup
    // does, wherever the web build lies under the root (the benchmark serves
    // the checkout).
    const invite = /\/links\/[A-Za-z0-9_-]+\.json$/.test(url.pathname);
    if (invite) {
      body = Buffer.from(JSON.stringify({ ...JSON.parse(body.toString('utf8')), sealing: key.sealing }));
    }
    const headers = {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    // An invite's body is this server's own, so it is not shared through the cache.
    const zipped = invite ? zlib.gzipSync(body) : gzipped(file, body);
    bytes.raw += body.length;
    bytes.gzip += zipped.length;
    bytes.files.set(url.pathname, zipped.length);
    if (gzip && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      headers['content-encoding'] = 'gzip';
      body = zipped;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    state,
    requests,
    url: `http://127.0.0.1:${port}/`,
    posts,
    unopened,
    /** Resolves once `n` submissions have arrived (comments leave after a random delay). */
    async waitForPosts(n, ms = 30000) {
      const until = Date.now() + ms;
      while (posts.length < n && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      if (posts.length < n) throw new Error(`${posts.length} of ${n} submissions arrived within ${ms} ms`);
    },
    other,
    bytes,
    resetBytes() {
      bytes.raw = 0;
      bytes.gzip = 0;
      bytes.files.clear();
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
