// Vite builds web/ into dist/: a static site with relative URLs, so it runs from any static host
// and any sub-path. The WASM module comes from web/generated/ (written by the Emscripten build).
// A second entry, sdlab-embed.js (web/sdlab-embed.ts), defines <sdlab-block> for other pages; it
// keeps its name (a tutorial's script tag points at it) and shares the site's chunks and .wasm.
//
// `vite build --mode strict-csp` (scripts/build.sh --strict-csp) builds dist-strict/ instead, on
// the module flavour whose embind needs no `new Function`: that site runs under
// script-src 'self' 'wasm-unsafe-eval' (see contentSecurityPolicy in web/src/lab/sdlab.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => {
  const strict = mode === 'strict-csp';
  return {
    root: here('web'),
    base: './',
    resolve: { alias: { 'sdlab-wasm': here(strict ? 'web/generated/sdlab_strict.mjs' : 'web/generated/sdlab.mjs') } },
    build: {
      outDir: here(strict ? 'dist-strict' : 'dist'),
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: {
        input: { index: here('web/index.html'), 'sdlab-embed': here('web/sdlab-embed.ts') },
        output: { entryFileNames: (chunk) => (chunk.name === 'sdlab-embed' ? '[name].js' : 'assets/[name]-[hash].js') },
      },
    },
    worker: { format: 'es' },
    // Embeds live in <iframe sandbox="allow-scripts">, whose origin is null, or in pages on other
    // origins (<sdlab-block>): scripts and .wasm are then fetched with CORS.
    preview: { headers: { 'Access-Control-Allow-Origin': '*' } },
    server: { headers: { 'Access-Control-Allow-Origin': '*' } },
    // A generous limit: the determinism suite replays every block's run from every step, which a
    // loaded 2-core machine takes seconds over.
    test: { root: here('.'), include: ['tests/web/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
  };
});
