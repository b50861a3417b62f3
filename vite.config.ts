// Vite builds web/ into dist/: a static site with relative URLs, so it runs from any static host
// and any sub-path. The WASM module comes from web/generated/ (written by the Emscripten build).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('web'),
  base: './',
  resolve: { alias: { 'sdlab-wasm': here('web/generated/sdlab.mjs') } },
  build: { outDir: here('dist'), emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  // Embeds live in <iframe sandbox="allow-scripts">, whose origin is null: scripts and .wasm are
  // then fetched with CORS.
  preview: { headers: { 'Access-Control-Allow-Origin': '*' } },
  server: { headers: { 'Access-Control-Allow-Origin': '*' } },
  test: { root: here('.'), include: ['tests/web/**/*.test.ts'], environment: 'node' },
});
