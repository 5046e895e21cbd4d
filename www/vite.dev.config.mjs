// `npm run dev:www`: the respondent app and the dashboard from their sources,
// reloaded on every change, in front of a real endpoint: invites resolve
// through its API (as a deployment does) and every /api/ request goes to it,
// so each invite carries the endpoint's sealing key and each submission is
// validated and counted. Start the endpoint with demo data first:
// tools/dev/run-demo (http://127.0.0.1:8080, or SOS_ENDPOINT).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { mergeConfig } from 'vite';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The engine module from where tools/dev/run-demo builds it, unless
// SOS_WASM_DIR says otherwise or the build's own default holds one.
if (!process.env.SOS_WASM_DIR && !fs.existsSync(path.join(repo, 'build/wasm-dev/wasm/sos-engine.mjs'))) {
  process.env.SOS_WASM_DIR = path.join(repo, 'build/wasm/wasm');
}

// The page's meta tag asks for invites through the API (docs/invite-link.md);
// Vite gives variables already in the environment precedence over www/.env.
process.env.VITE_SOS_INVITE_SOURCE = 'api';

const endpoint = process.env.SOS_ENDPOINT ?? 'http://127.0.0.1:8080';
// Imported only now: the build's configuration reads SOS_WASM_DIR as it loads.
const { default: build } = await import('./vite.config.mjs');

export default mergeConfig(build, {
  server: {
    host: '127.0.0.1',
    // The Host header stays the dev server's, so the endpoint takes the
    // app's requests as same-origin ones (their Origin names the dev server).
    proxy: { '/api/': { target: endpoint, changeOrigin: false } },
  },
});
