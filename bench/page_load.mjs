// Page load of the built site (dist/), printed as JSON on stdout.
//   node bench/page_load.mjs
//
// loadMs: cold load to interactive — navigation start until the app sets
//   document.documentElement.dataset.sdlabReady = "1" (module loaded, first view rendered), read
//   in the page by a MutationObserver (installed before <html> exists, so it watches the
//   document). Each of RUNS loads uses a fresh browser context (empty cache); the median is
//   reported. Site and browser come from the end-to-end tests' harness: `vite preview` on a free
//   localhost port, Debian's Chromium headless with a fresh user-data-dir (playwright's own).
// sizes: bytes of every .wasm and .js file in dist/assets, raw and gzipped (zlib's default level).
// When dist/ is missing or the page never becomes ready, `skipped` says why.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, root, serveSite } from '../tests/e2e/harness.mjs';

const RUNS = 5;
const TIMEOUT_MS = 15_000;
const assets = join(root, 'dist/assets');

function sizes() {
  const total = { wasm: { raw: 0, gzip: 0 }, js: { raw: 0, gzip: 0 } };
  for (const name of readdirSync(assets)) {
    const kind = name.endsWith('.wasm') ? 'wasm' : name.endsWith('.js') ? 'js' : null;
    if (!kind) continue;
    const bytes = readFileSync(join(assets, name));
    total[kind].raw += bytes.length;
    total[kind].gzip += gzipSync(bytes).length;
  }
  return total;
}

// Milliseconds from navigation start until the app is ready, in a fresh context.
async function loadOnce(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.documentElement?.dataset.sdlabReady !== '1') return;
        window.sdlabReadyAt = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-sdlab-ready'] });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.sdlabReadyAt !== undefined, null, { timeout: TIMEOUT_MS });
    return await page.evaluate(() => window.sdlabReadyAt);
  } finally {
    await context.close();
  }
}

async function measure() {
  if (!existsSync(assets)) return { skipped: 'dist/ is missing: run scripts/build.sh' };
  const site = await serveSite();
  const browser = await launchBrowser();
  try {
    const times = [];
    for (let i = 0; i < RUNS; ++i) times.push(await loadOnce(browser, site.url));
    times.sort((a, b) => a - b);
    return { loadMs: times[RUNS >> 1], runsMs: times, sizes: sizes() };
  } catch (error) {
    return { skipped: `the page never became ready (data-sdlab-ready="1"): ${error.message.split('\n')[0]}`, sizes: sizes() };
  } finally {
    await browser.close();
    site.stop();
  }
}

console.log(JSON.stringify(await measure(), null, 2));
