// Shared by the end-to-end tests (and scripts/screenshot.mjs): serves the built site (dist/) with
// `vite preview` on a free localhost port and drives Debian's Chromium with playwright-core.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
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

/** Opens `path` (relative to the site) and waits until the app says it is ready. */
export async function openPage(browser, url, path = '', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(url + path);
  await page.waitForFunction(() => document.documentElement.dataset.sdlabReady === '1');
  return { page, context, errors };
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** For a test file: serves the site and launches Chromium before its tests, stops both after.
 *  Returns live accessors: lab.url (the site's root) and lab.browser. */
export function useSite() {
  let site;
  let browser;
  before(async () => {
    site = await serveSite();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    site?.stop();
  });
  return {
    get url() {
      return site.url;
    },
    get browser() {
      return browser;
    },
  };
}

/** Calls a block method through the page's form (a page or an iframe's frameLocator): `args`
 *  fill the method's fields in order, `times` repeats the call. */
export async function callTimes(page, times, method, ...args) {
  const form = page.getByRole('form', { name: 'Call a method' }).first();
  await form.getByRole('combobox', { name: 'method' }).selectOption(method);
  const inputs = form.locator('input:not([name="times"])');
  for (const [i, arg] of args.entries()) await inputs.nth(i).fill(String(arg));
  await form.getByLabel('times').fill(String(times));
  await form.getByRole('button', { name: `${method}()` }).click();
}

export const call = (page, method, ...args) => callTimes(page, 1, method, ...args);
