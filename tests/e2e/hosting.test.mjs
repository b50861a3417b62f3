// End-to-end: the site where a host puts it. Served by a small static server with the headers a
// host might send (a Content-Security-Policy, Access-Control-Allow-Origin) in headless Chromium:
// - when the module cannot start (CSP refusing eval or WebAssembly, the .wasm unreachable) the
//   page says why, instead of "Loading…" for ever;
// - the strict-CSP build (dist-strict/, scripts/build.sh --strict-csp) runs every page under
//   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' with no violation;
// - a picture exports as PNG when the policy lets the page load a data: image, and says so when not;
// - inside <iframe sandbox="allow-scripts"> on another origin the worker labs run;
// - the strict build's <sdlab-block> runs in a page of another origin under that page's own CSP.
// Needs dist/ and dist-strict/: npx vite build && npx vite build --mode strict-csp.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, root, screenshot } from './harness.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const NORMAL_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; style-src 'self'";
const CORS = { 'Access-Control-Allow-Origin': '*' };
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json' };

const servers = [];

/** Serves `respond(path) → {body, type} | undefined` with `headers` on a free localhost port. */
function listen(respond, headers) {
  const server = createServer((request, response) => {
    const found = respond(normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!found) response.writeHead(404, headers).end('not found');
    else response.writeHead(200, { 'Content-Type': found.type, ...headers }).end(found.body);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`)));
}

/** Serves the built site in `dir` with `headers`; resolves to its URL. */
function site(dir, headers = {}) {
  return listen((path) => {
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return undefined;
    return { body: readFileSync(file), type: types[extname(file)] ?? 'application/octet-stream' };
  }, headers);
}

/** Serves one page at every path: a host embedding the site. */
const hostPage = (html) => listen(() => ({ body: html, type: 'text/html' }), {});

const dist = join(root, 'dist');
const distStrict = join(root, 'dist-strict');
let browser;
before(async () => {
  assert.ok(existsSync(join(distStrict, 'index.html')), 'build dist-strict/ first: npx vite build --mode strict-csp');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
});

/** A fresh page that records CSP violations (the event, in every frame, and Chromium's console
 *  report, which also covers workers) and uncaught errors. */
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    globalThis.violations = [];
    addEventListener('securitypolicyviolation', (e) => globalThis.violations.push(`${e.effectiveDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return { page, context, problems };
}

const alertText = (page) => page.getByRole('alert').first().textContent({ timeout: 10_000 });

test('a CSP without unsafe-eval stops the normal build, and the page names the directive and what it needs', async () => {
  const url = await site(dist, { 'Content-Security-Policy': STRICT_CSP });
  const { page, context } = await newPage();
  await page.goto(url);
  const text = await alertText(page);
  assert.match(text, /Content-Security-Policy \(script-src\) blocked eval/);
  assert.match(text, /sdlab needs script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'/);
  await context.close();
});

test('a CSP without wasm-unsafe-eval: the page says WebAssembly was refused', async () => {
  const url = await site(distStrict, { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'" });
  const { page, context } = await newPage();
  await page.goto(url);
  const text = await alertText(page);
  assert.match(text, /Content-Security-Policy \(script-src\) blocked wasm-eval/);
  assert.match(text, /sdlab needs script-src 'self' 'wasm-unsafe-eval' \(see/, 'the strict build needs no unsafe-eval');
  await context.close();
});

for (const [how, handle] of [
  ['a failed fetch', (route) => route.abort('connectionrefused')],
  ['a 404', (route) => route.fulfill({ status: 404, body: 'gone' })],
]) {
  test(`the .wasm unreachable (${how}): the page says the module failed to load`, async () => {
    const url = await site(dist, CORS);
    const { page, context } = await newPage();
    await page.route(/\.wasm$/, handle);
    await page.goto(url);
    assert.match(await alertText(page), /The WebAssembly module failed to load: .*(failed to load wasm binary file|both async and sync fetching of the wasm failed|Failed to fetch)/);
    await context.close();
  });
}

for (const [build, dir, policy] of [['the strict build', distStrict, STRICT_CSP], ['the normal build', dist, NORMAL_CSP]]) {
  test(`${build} runs every page under ${policy}: each block takes a call, each lab runs, no violation`, async () => {
    const url = await site(dir, { 'Content-Security-Policy': policy });
    const { page, context, problems } = await newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.sdlabReady === '1');
    const paths = await page.locator('a[href^="#/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
    assert.ok(paths.length >= 25, `the catalog lists every page (${paths.length})`);
    for (const path of paths.filter((p) => p !== '#/')) {
      await page.goto(url + path);
      const form = page.getByRole('form', { name: 'Call a method' }).first();
      const run = page.getByRole('button', { name: /^Run/ }).first();
      await form.or(run).first().waitFor();
      if (await form.count()) {
        const steps = async () => Number(await page.getByRole('slider', { name: 'Step' }).first().getAttribute('max'));
        const before = await steps();
        const method = await form.getByRole('combobox', { name: 'method' }).inputValue();
        await form.getByRole('button', { name: `${method}()` }).click();
        for (let i = 0; (await steps()) === before; ++i) {
          assert.ok(i < 100, `${path}: ${method}() made no step`);
          await page.waitForTimeout(100);
        }
      } else {
        await run.click();
        await page.getByText('Running…').first().waitFor({ state: 'hidden', timeout: 60_000 });
      }
      assert.equal(await page.getByRole('alert').count(), 0, `${path}: ${await page.getByRole('alert').allTextContents()}`);
      assert.deepEqual(await page.evaluate(() => globalThis.violations), [], path);
    }
    await screenshot(page, `csp-${build.replace(/ /g, '-')}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a picture exports as PNG under a policy with img-src 'self' data:, and without it the menu says what the policy needs", async () => {
  for (const [policy, works] of [[`${STRICT_CSP}; img-src 'self' data:`, true], [STRICT_CSP, false]]) {
    const url = await site(distStrict, { 'Content-Security-Policy': policy });
    const { page, context, problems } = await newPage();
    await page.goto(`${url}#/cache/lru`);
    await page.getByRole('button', { name: 'Load an example' }).click();
    await page.getByText('Export', { exact: true }).click();
    if (works) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Picture as PNG' }).click()]);
      assert.equal(download.suggestedFilename(), 'sdlab-cache-lru-step-5.png');
      assert.deepEqual(await page.evaluate(() => globalThis.violations), [], policy);
      assert.deepEqual(problems, [], policy);
    } else {
      await page.getByRole('button', { name: 'Picture as PNG' }).click();
      assert.match(await alertText(page), /Export failed: .*img-src 'self' data:/);
      assert.match((await page.evaluate(() => globalThis.violations)).join(), /img-src data/);
    }
    await context.close();
  }
});

test('inside <iframe sandbox="allow-scripts"> on another origin, the worker labs run and show their results', async () => {
  const url = await site(dist, CORS);
  for (const [path, done] of [
    ['probabilistic/bloom-experiment', 'sd-bloom-experiment table'],
    ['cache/experiment', 'sd-cache-experiment table td[data-policy="lru"]'],
  ]) {
    const host = await hostPage(`<!doctype html><title>tutorial</title>
      <iframe src="${url}#/${path}?embed=1" sandbox="allow-scripts" width="1000" height="800"></iframe>`);
    const { page, context, problems } = await newPage();
    await page.goto(host);
    const frame = page.frameLocator('iframe');
    await frame.getByRole('button', { name: /^Run/ }).first().click();
    await frame.locator(done).first().waitFor({ timeout: 60_000 });
    await frame.getByText('Running…').first().waitFor({ state: 'hidden', timeout: 60_000 });
    assert.deepEqual(await frame.getByRole('alert').allTextContents(), [], path);
    await screenshot(page, `sandboxed-${path.replace('/', '-')}`);
    assert.deepEqual(problems, [], path);
    await context.close();
  }
});

test('<sdlab-block> of the strict build runs in a page of another origin whose CSP allows only the sdlab host and wasm-unsafe-eval', async () => {
  const url = await site(distStrict, CORS);
  const sdlab = new URL(url).origin;
  const host = await listen(() => ({
    type: 'text/html',
    body: `<!doctype html><title>tutorial</title><script type="module" src="${url}sdlab-embed.js"></script>
      <sdlab-block block="cache/lru" calls='put("a", "1"); put("b", "2")'></sdlab-block>`,
  }), { 'Content-Security-Policy': `default-src 'self'; script-src ${sdlab} 'wasm-unsafe-eval'; connect-src ${sdlab}; style-src 'self'; img-src data:` });
  const { page, context, problems } = await newPage();
  await page.goto(host);
  const keys = page.locator('sdlab-block sd-cache-state .entry:not(.empty) .key');
  await keys.first().waitFor();
  assert.deepEqual(await keys.allTextContents(), ['b', 'a']);
  assert.deepEqual(await page.getByRole('alert').allTextContents(), []);
  assert.deepEqual(await page.evaluate(() => globalThis.violations), []);
  await screenshot(page, 'csp-embed-element');
  assert.deepEqual(problems, []);
  await context.close();
});
