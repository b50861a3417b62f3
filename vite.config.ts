// Vite builds web/ into dist/: a static site with relative URLs, so it runs from any static host
// and any sub-path. The WASM module comes from web/generated/ (written by the Emscripten build).
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
    build: { outDir: here(strict ? 'dist-strict' : 'dist'), emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
    // Embeds live in <iframe sandbox="allow-scripts">, whose origin is null: scripts and .wasm are
    // then fetched with CORS.
    preview: { headers: { 'Access-Control-Allow-Origin': '*' } },
    server: { headers: { 'Access-Control-Allow-Origin': '*' } },
    test: { root: here('.'), include: ['tests/web/**/*.test.ts'], environment: 'node' },
  };
});
