// A small static server for the browser tests and the benchmark: serves
// www/dist with the strict Content-Security-Policy the app must work under,
// answers the submission URLs of the demo invites with 202 and records every
// request that is not a plain GET of a static file.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

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

/**
 * @param {{root: string, gzip?: boolean}} options
 * @returns {Promise<{state: {failPosts: number}, requests: string[], url: string, posts: {path: string, body: string, type: string}[], other: string[], close: () => Promise<void>, bytes: {raw: number, gzip: number, files: Map<string, number>}, resetBytes: () => void}>}
 */
export async function startServer({ root, gzip = false }) {
  const posts = [];
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
      req.on('end', () => {
        if (state.failPosts > 0) {
          state.failPosts--;
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('try later');
          return;
        }
        posts.push({ path: url.pathname, body: Buffer.concat(chunks).toString('utf8'), type: req.headers['content-type'] ?? '' });
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
    const headers = {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    const zipped = gzipped(file, body);
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
