// Builds the respondent app into www/dist: static files that run under
// Content-Security-Policy "script-src 'self' 'wasm-unsafe-eval'" (no inline
// script). The engine module comes from the wasm build folder, SOS_WASM_DIR
// (default build/wasm-dev/wasm).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const www = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(www, '..');
const wasmDir = path.resolve(repo, process.env.SOS_WASM_DIR ?? 'build/wasm-dev/wasm');

// Survey definitions the demo invites in public/links point at, served from
// their one place in the repository rather than copied.
const demoSurveys = {
  'surveys/fixture_basic.json': 'tests/fixtures/surveys/basic.json',
  'surveys/sos_standard.json': 'surveys/standard/survey.json',
};

function demoSurveyFiles() {
  return {
    name: 'sos-demo-surveys',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0].replace(/^\//, '');
        const source = demoSurveys[url];
        if (!source) return next();
        res.setHeader('content-type', 'application/json');
        res.end(fs.readFileSync(path.join(repo, source)));
      });
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(demoSurveys)) {
        if (!fs.existsSync(path.join(repo, source))) continue;
        this.emitFile({ type: 'asset', fileName, source: fs.readFileSync(path.join(repo, source)) });
      }
    },
  };
}

export default defineConfig({
  root: www,
  base: './',
  envDir: www,
  publicDir: path.join(www, 'public'),
  plugins: [demoSurveyFiles()],
  resolve: {
    alias: { 'sos-engine-module': path.join(wasmDir, 'sos-engine.mjs') },
  },
  build: {
    outDir: path.join(www, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs (the wasm must stay a file).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { fs: { allow: [repo] } },
});
