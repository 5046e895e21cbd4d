// Builds the respondent app into www/dist (or SOS_DIST): static files that run under
// Content-Security-Policy "script-src 'self' 'wasm-unsafe-eval'" (no inline
// script). The engine module comes from the wasm build folder, SOS_WASM_DIR
// (default build/wasm-dev/wasm).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, transformWithEsbuild } from 'vite';

const www = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(www, '..');
const wasmDir = path.resolve(repo, process.env.SOS_WASM_DIR ?? 'build/wasm-dev/wasm');
// Separate output folders let several builds and test runs share one checkout.
const outDir = process.env.SOS_DIST ? path.resolve(process.env.SOS_DIST) : path.join(www, 'dist');

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

// The service worker (www/service-worker/sw.js, docs/offline.md) goes out as
// /sw.js with the respondent app's files to precache (its entry, everything
// that entry loads, the wasm module) and a version named by their hashes.
function serviceWorker() {
  return {
    name: 'sos-service-worker',
    enforce: 'post',
    generateBundle(_, bundle) {
      const files = new Set(['index.html']);
      const visit = (/** @type {string} */ name) => {
        const item = bundle[name];
        if (!item || files.has(name)) return;
        files.add(name);
        if (item.type !== 'chunk') return;
        for (const next of [...item.imports, ...item.dynamicImports]) visit(next);
        for (const css of item.viteMetadata?.importedCss ?? []) files.add(css);
        for (const asset of item.viteMetadata?.importedAssets ?? []) files.add(asset);
      };
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk' && item.isEntry && item.name === 'main') visit(item.fileName);
        // The dashboard's report module is not the respondent's to carry.
        if (item.fileName.endsWith('.wasm') && !item.fileName.includes('sos-engine-report')) files.add(item.fileName);
      }
      for (const file of ['favicon.svg', 'old-browser.js']) if (fs.existsSync(path.join(www, 'public', file))) files.add(file);
      const list = [...files].sort();
      const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 16);
      const source = fs.readFileSync(path.join(www, 'service-worker/sw.js'), 'utf8')
        .replace('self.__SOS_PRECACHE__', JSON.stringify(list))
        .replace('self.__SOS_VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// The results dashboard (www/dashboard/) is served where viewer links point:
// /view/ (docs/dashboard.md). Same folder depth, so its relative asset URLs hold.
function dashboardAtView() {
  return {
    name: 'sos-dashboard-at-view',
    enforce: 'post',
    generateBundle(_, bundle) {
      const page = bundle['dashboard/index.html'];
      if (page) page.fileName = 'view/index.html';
    },
  };
}

// The embed script (www/embed/embed.js, docs/embedding.md) goes out as
// /embed.js: a classic script without imports, minified, never hashed, since
// intranet pages link it by that name.
function embedScript() {
  const source = path.join(www, 'embed/embed.js');
  return {
    name: 'sos-embed-script',
    async generateBundle() {
      const { code } = await transformWithEsbuild(fs.readFileSync(source, 'utf8'), source, { minify: true, target: 'es2020' });
      this.emitFile({ type: 'asset', fileName: 'embed.js', source: code });
    },
  };
}

// The respondent's page names its engine module in preload hints, so the
// browser fetches the module's JavaScript and .wasm with the page's first
// requests instead of after the app's JavaScript that asks for them has
// arrived and run. The .wasm fetch matches the module's own (same-origin
// credentials), so the preloaded response is used.
function preloadEngine() {
  return {
    name: 'sos-preload-engine',
    transformIndexHtml: {
      order: 'post',
      handler(_, ctx) {
        if (!ctx.bundle || path.resolve(ctx.filename) !== path.join(www, 'index.html')) return [];
        const items = Object.values(ctx.bundle);
        const wasm = items.find((item) => item.fileName.endsWith('.wasm') && !item.fileName.includes('sos-engine-report'));
        const glue = items.find((item) => item.type === 'chunk' && item.facadeModuleId === path.join(wasmDir, 'sos-engine.mjs'));
        if (!wasm || !glue) throw new Error(`the engine module is missing from the build (${wasmDir})`);
        return [
          { tag: 'link', attrs: { rel: 'preload', href: `./${wasm.fileName}`, as: 'fetch', type: 'application/wasm', crossorigin: '' }, injectTo: 'head-prepend' },
          { tag: 'link', attrs: { rel: 'modulepreload', href: `./${glue.fileName}`, crossorigin: '' }, injectTo: 'head' },
        ];
      },
    },
  };
}

export default defineConfig({
  root: www,
  base: './',
  envDir: www,
  publicDir: path.join(www, 'public'),
  plugins: [demoSurveyFiles(), dashboardAtView(), embedScript(), serviceWorker(), preloadEngine()],
  resolve: {
    alias: {
      'sos-engine-module': path.join(wasmDir, 'sos-engine.mjs'),
      'sos-engine-report-module': path.join(wasmDir, 'sos-engine-report.mjs'),
    },
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs (the wasm must stay a file).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      input: { main: path.join(www, 'index.html'), dashboard: path.join(www, 'dashboard/index.html') },
    },
  },
  // The dashboard's report worker (www/dashboard/report-worker.js) is an ES
  // module worker: it imports the report engine module, whose .wasm it finds
  // by import.meta.url.
  worker: { format: 'es' },
  server: { fs: { allow: [repo] } },
});
