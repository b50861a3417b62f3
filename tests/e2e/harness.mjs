// Shared by the end-to-end tests (and bench/page_load.mjs): serves the built site (dist/) with
// `vite preview` on a free localhost port and drives Debian's Chromium with playwright-core.
//
// One server and one browser per process, however many suite files import this (site.test.mjs
// imports them all into one process). Every test is a `pageTest`: it opens pages through its
// `site`, and fails if any of them logged a console error or raised an uncaught error — unless
// the test allows that message and says why. Its browser contexts are closed when it ends, pass
// or fail.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

export const root = new URL('../..', import.meta.url).pathname;
export const artifacts = join(root, 'test-results');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts `vite preview` on dist/; resolves to {url, stop}. */
export async function serveSite() {
  const port = await freePort();
  const child = spawn(join(root, 'node_modules/.bin/vite'), ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 100; ++attempt) {
    try {
      if ((await fetch(url)).ok) return { url, stop: () => child.kill() };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],  // playwright gives every launch a fresh, empty user-data-dir
  });
}

let shared;

/** The process's site and browser, started before the first test and stopped after the last. */
function sharedSite() {
  if (shared) return shared;
  shared = {};
  before(async () => {
    shared.site = await serveSite();
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    shared.site?.stop();
  });
  return shared;
}

/** What a test opens pages through. Collects every console error and uncaught page error of
 *  every page it opened (iframes and workers included). */
class Site {
  constructor({ site, browser }, allowErrors) {
    this.url = site.url;
    this.allowErrors = allowErrors;
    this.browser = browser;
    this.contexts = [];
    this.problems = [];
  }

  /** A blank page in a fresh context (viewport 1280×900 unless `options` say otherwise). */
  async newPage(options = {}) {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    this.contexts.push(context);
    context.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    context.on('weberror', (error) => this.problems.push(`uncaught: ${error.error().message}`));
    return context.newPage();
  }

  /** Opens `path` (relative to the site, or a whole URL) and waits until the app says it is
   *  ready. Resolves to {page, context}. */
  async open(path = '', options = {}) {
    const page = await this.newPage(options);
    await page.goto(path.startsWith('http') ? path : this.url + path);
    await page.waitForFunction(() => document.documentElement.dataset.sdlabReady === '1');
    return { page, context: page.context() };
  }

  /** Fails on an error of any page opened so far that the test does not allow. */
  assertNoErrors() {
    const unexpected = this.problems.filter((p) => !this.allowErrors.some((a) => a.pattern.test(p)));
    assert.deepEqual(unexpected, [], 'the pages logged no errors');
  }

  async close() {
    await Promise.all(this.contexts.map((c) => c.close()));
  }
}

/**
 * A test that drives pages: `body(site, t)` opens them with site.open(path, options). It fails on
 * any console error or uncaught error of those pages, except ones matching an entry of
 * `allowErrors: [{pattern, why}]` (a test that provokes one on purpose says why).
 */
export function pageTest(name, body, { allowErrors = [] } = {}) {
  const resources = sharedSite();
  test(name, async (t) => {
    const site = new Site(resources, allowErrors);
    try {
      await body(site, t);
    } finally {
      await site.close();
    }
    site.assertNoErrors();
  });
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The form that calls a block's methods (on a page or in an iframe's frameLocator). */
export const callForm = (page) => page.getByRole('form', { name: 'Call a method' }).first();

/** Calls a block method through the page's form: `args` fill the method's fields in order,
 *  `times` repeats the call. */
export async function callTimes(page, times, method, ...args) {
  const form = callForm(page);
  await form.getByRole('combobox', { name: 'method' }).selectOption(method);
  const inputs = form.locator('input:not([name="times"])');
  for (const [i, arg] of args.entries()) await inputs.nth(i).fill(String(arg));
  await form.getByLabel('times').fill(String(times));
  await form.getByRole('button', { name: `${method}()` }).click();
}

export const call = (page, method, ...args) => callTimes(page, 1, method, ...args);

/** The rows of the invariant checklists (<sd-invariants>) in `scope`: [name, holds, step] each,
 *  step the one that first broke it (null while it holds). Waits for the first row: a lab fills
 *  its checklists after its first run, which may come after the page is shown. */
export async function checklist(scope) {
  const rows = scope.locator('sd-invariants li');
  await rows.first().waitFor();
  return rows.evaluateAll((items) =>
    items.map((row) => [row.querySelector('.name').textContent, row.dataset.holds === 'true', row.dataset.step ?? null]));
}

/** For a suite file not yet written with pageTest (it runs in its own process): the shared
 *  site's url and browser, started before its first test. */
export function useSite() {
  const resources = sharedSite();
  return {
    get url() {
      return resources.site.url;
    },
    get browser() {
      return resources.browser;
    },
  };
}

/** With useSite: opens `path` in a fresh context and waits until the app is ready; `errors`
 *  collects the page's console errors and uncaught errors for the test to assert empty. */
export async function openPage(browser, url, path = '', options = {}) {
  const site = new Site({ site: { url }, browser }, []);
  const { page, context } = await site.open(path, options);
  return { page, context, errors: site.problems };
}

/** Waits until every animation between steps, in every shadow root, has played out: axe measures
 *  contrast as it is at that instant, and a fading-in entry is half transparent. An endless one (a
 *  message in flight, drawn as flowing dashes) never ends and is not waited for. */
function settleMotion(page) {
  return page.evaluate(() => {
    const animations = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        animations.push(...el.getAnimations());
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    const ending = animations.filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    return Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  });
}

/** axe-core's rules (WCAG A and AA, best practices) find nothing on the page as it is. */
export async function assertAccessible(page, scheme) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
  await settleMotion(page);
  const violations = await page.evaluate(async () => (await window.axe.run()).violations.map((v) =>
    `${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`));
  assert.deepEqual(violations, [], `axe finds no violations in the ${scheme} scheme`);
}
