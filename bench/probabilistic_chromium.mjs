// One long batch call against the same work in chunks, in headless Chromium, printed as JSON on
// stdout (the browser half of firstCallMs in bench/probabilistic_node.mjs).
//   node bench/probabilistic_chromium.mjs
//
// Each run opens a fresh browser context on a blank page served from memory (page.route: the
// browser module web/generated/sdlab.mjs + sdlab.wasm and bench/probabilistic_chunks.mjs, no web
// server), compiles the module there, packs 1,048,576 items "item-<i>" and times the first run of
// each kernel workload as one call (`single`) or 16 calls of 65,536 (`chunked`). 5 runs per
// split, alternating; the median of each. Browser: Debian's Chromium via the end-to-end tests'
// harness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, root } from '../tests/e2e/harness.mjs';
import { medians } from './probabilistic_chunks.mjs';

const RUNS = 5;
const ORIGIN = 'http://bench.invalid';
const files = {
  '/sdlab.mjs': [join(root, 'web/generated/sdlab.mjs'), 'text/javascript'],
  '/sdlab.wasm': [join(root, 'web/generated/sdlab.wasm'), 'application/wasm'],
  '/probabilistic_chunks.mjs': [join(root, 'bench/probabilistic_chunks.mjs'), 'text/javascript'],
  '/': [null, 'text/html'],
};

async function runOnce(browser, mode) {
  const context = await browser.newContext();
  try {
    await context.route(`${ORIGIN}/**`, (route) => {
      const [file, contentType] = files[new URL(route.request().url()).pathname] ?? [];
      if (!contentType) return route.fulfill({ status: 404 });
      return route.fulfill({ contentType, body: file ? readFileSync(file) : '<!doctype html><title>bench</title>' });
    });
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`);
    return await page.evaluate(async (split) => {
      const { default: createSdlab } = await import('/sdlab.mjs');
      const chunks = await import('/probabilistic_chunks.mjs');
      const sdlab = await createSdlab();
      const items = chunks.packItems(chunks.TOTAL);
      return chunks.firstCalls(sdlab, split === 'single' ? [items] : chunks.split(items, chunks.CHUNK));
    }, mode);
  } finally {
    await context.close();
  }
}

const browser = await launchBrowser();
try {
  const runs = { single: [], chunked: [] };
  for (let i = 0; i < RUNS; ++i) {
    for (const mode of ['single', 'chunked']) runs[mode].push(await runOnce(browser, mode));
  }
  console.log(JSON.stringify({ browser: browser.version(), ...medians(runs) }, null, 2));
} finally {
  await browser.close();
}
