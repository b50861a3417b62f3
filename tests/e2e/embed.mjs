// End-to-end: a block embedded in a tutorial page on another origin (a plain page served from a
// second localhost port; the site's server sends Access-Control-Allow-Origin):
//   - <sdlab-block> (sdlab-embed.js) renders the LRU from its attributes, reopens when they
//     change, grows with its content, takes its theme from --sdlab-*, shows a bad attribute in
//     place, and leaves the host's address and keys alone;
//   - the author panel's two snippets, pasted as they are, open the run on show; the sandboxed
//     iframe reports its height (the snippet's listener fits the frame to it) and its "Open in
//     sdlab" link opens the full page in a new tab that escaped the sandbox.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { call, pageTest, screenshot } from './harness.mjs';

/** Serves `html` at every path on a free localhost port until the test ends: a tutorial page on
 *  another origin than the site. */
async function hostPage(t, html) {
  const server = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${server.address().port}/`;
}

const head = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>A tutorial</title>';
/** The keys a cache's state view shows, in order. */
const keys = (scope) => scope.locator('sd-cache-state .entry:not(.empty) .key').allTextContents();
const step = (scope) => scope.getByRole('slider', { name: 'Step' }).inputValue();
const box = (locator) => locator.evaluate((e) => e.getBoundingClientRect().toJSON());
const puts = (n) => Array.from({ length: n }, (_, i) => `put("k${i}", "v")`).join('; ');

pageTest('<sdlab-block> on another origin renders a block from its attributes, grows with its content, is themed, and leaves the host alone', async (site, t) => {
  const host = await hostPage(t, `${head}
    <style>#themed { --sdlab-accent: rgb(194, 65, 12); --sdlab-bg: rgb(16, 16, 16); --sdlab-fg: rgb(240, 240, 240); --sdlab-font: Georgia, serif; }</style>
    <script type="module" src="${site.url}sdlab-embed.js"></script>
    <h1>Caches</h1>
    <sdlab-block id="lru" block="cache/lru" params='{"capacity": 2}' calls='put("a", "1"); put("b", "2"); get("a"); put("c", "3")'></sdlab-block>
    <p id="after">What comes next.</p>
    <sdlab-block id="themed" block="cache/lfu" tour="hot-key"></sdlab-block>
    <sdlab-block id="bad" block="cache/lru" calls='put(a, 1)'></sdlab-block>
    <sdlab-block id="unknown" block="cache/nope"></sdlab-block>
    <sdlab-block id="range" block="cache/lru" params='{"capacity": -1}' calls='put("a", "1")'></sdlab-block>`);
  const page = await site.newPage();
  await page.goto(host);
  const lru = page.locator('#lru');
  await lru.locator('sd-cache-state').waitFor();

  assert.deepEqual(await keys(lru), ['c', 'a'], 'capacity 2 from params: put c evicted b');
  assert.equal(await step(lru), '4', 'the calls replayed, the last step on show');
  assert.match(await lru.locator('.narration').textContent(), /put\("c", "3"\) — evicted “b” \(least recently used: at the tail\); inserted “c” at the head/);
  assert.equal(await lru.getByRole('heading', { name: 'Console' }).count(), 0, 'embed mode: compact');

  const open = lru.getByRole('link', { name: /Open in sdlab/ });
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.getAttribute('rel'), 'noopener');
  const href = await open.getAttribute('href');
  assert.ok(href.startsWith(`${site.url}#/cache/lru?s=`), href);
  const full = await site.open(href);
  assert.deepEqual(await keys(full.page), ['c', 'a'], 'the link opens the same run on the site');
  assert.equal(await full.page.getByRole('heading', { name: 'Console' }).count(), 1, 'in full');

  assert.equal(page.url(), host, 'the host page\'s address is untouched');
  await page.keyboard.press('Home');
  assert.equal(await step(lru), '4', 'keys pressed on the host page stay the host\'s');
  await lru.getByRole('button', { name: 'Step back' }).focus();
  await page.keyboard.press('Home');
  assert.equal(await step(lru), '0', 'keys pressed inside the element step its timeline');

  const [before, after] = [await box(lru), await box(page.locator('#after'))];
  await lru.evaluate((e, calls) => {
    e.setAttribute('params', '{"capacity": 40}');
    e.setAttribute('calls', calls);
  }, puts(40));
  await lru.locator('sd-timeline input[type="range"][max="40"]').waitFor();
  assert.equal((await keys(lru)).length, 40, 'reopened with the new attributes');
  const [grown, moved] = [await box(lru), await box(page.locator('#after'))];
  assert.ok(grown.height > before.height + 50, `the element grew with its content: ${before.height} → ${grown.height}`);
  assert.ok(Math.abs(moved.y - after.y - (grown.height - before.height)) < 1, 'and pushed the host\'s text down as much');

  const themed = page.locator('#themed');
  await themed.locator('sd-cache-state').waitFor();
  const style = await themed.evaluate((e) => {
    const inner = e.shadowRoot.querySelector('sd-block-page').shadowRoot;
    return {
      background: getComputedStyle(e).backgroundColor,
      text: getComputedStyle(inner.querySelector('h1')).color,
      font: getComputedStyle(inner.querySelector('h1')).fontFamily,
      link: getComputedStyle(inner.querySelector('a')).color,
    };
  });
  assert.deepEqual(style, { background: 'rgb(16, 16, 16)', text: 'rgb(240, 240, 240)', font: 'Georgia, serif', link: 'rgb(194, 65, 12)' });
  const tour = themed.getByRole('region', { name: 'Tour' });
  assert.match(await tour.textContent(), /Why LFU keeps the hot key/, 'the tour attribute plays the tour');
  await tour.getByRole('button', { name: 'Next' }).click();
  assert.deepEqual(await keys(themed), ['hot']);
  assert.equal(page.url(), host, 'a tour step leaves the host page\'s address alone');

  const bad = page.locator('#bad');
  assert.match(await bad.getByRole('alert').first().textContent(), /^<sdlab-block> calls: call 1: the arguments must be JSON values \(strings in "double quotes"\), at "put\(a, 1\)"\. Showing a fresh LRU cache\.$/);
  assert.equal(await step(bad), '0', 'a fresh block');
  assert.match(await page.locator('#unknown').getByRole('alert').textContent(), /^<sdlab-block> block must name a block as "domain\/id", got "cache\/nope"; there are cache\/lru, /);
  assert.match(await page.locator('#range').getByRole('alert').textContent(), /^<sdlab-block>'s run could not be replayed: LruCache: capacity must be an integer in \[0, \d+\], got -1$/);
  assert.equal(await step(page.locator('#range')), '0', 'the block itself refused the parameter: a fresh block');
  await screenshot(page, 'embed-element');
});

pageTest('the author panel\'s snippets on another origin open the run on show; the sandboxed iframe fits its height and opens the full page in a new tab', async (site, t) => {
  const { page: lab } = await site.open('#/cache/lru');
  await lab.getByRole('button', { name: 'Load an example' }).click();
  await lab.getByRole('button', { name: 'Step back' }).click();
  const shown = await keys(lab);
  await lab.getByRole('button', { name: 'Author' }).click();
  const element = await lab.getByLabel('Custom element').textContent();
  const iframe = await lab.getByLabel('Sandboxed iframe').textContent();
  assert.match(element, /calls='put\("a", "1"\); put\("b", "2"\); put\("c", "3"\); get\("a"\); put\("d", "4"\)' step="4"/);
  assert.match(iframe, /sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"/);
  await screenshot(lab, 'embed-author-panel');

  const host = await hostPage(t, `${head}
    <script>window.reports = []; addEventListener('message', (e) => reports.push(e.data));</script>
    <h1>LRU, step by step</h1>${element}<p>And in a frame:</p>${iframe}<p>The end.</p>`);
  const page = await site.newPage();
  await page.goto(host);
  await page.locator('sdlab-block sd-cache-state').waitFor();
  assert.deepEqual(await keys(page.locator('sdlab-block')), shown, 'the element opens at the step on show');
  const frame = page.frameLocator('iframe');
  await frame.locator('sd-cache-state').waitFor();
  assert.deepEqual(await keys(frame), shown, 'so does the iframe');

  const fitted = async () => {
    await page.waitForFunction(() => {
      const last = globalThis.reports.at(-1)?.height;
      return last !== undefined && document.querySelector('iframe').height === String(last);
    });
    const content = await frame.locator('html').evaluate((e) => Math.ceil(e.getBoundingClientRect().height));
    assert.equal(await page.locator('iframe').getAttribute('height'), String(content), 'the frame is as tall as its content');
    assert.deepEqual((await page.evaluate(() => globalThis.reports)).at(-1), { type: 'sdlab:height', height: content });
    return content;
  };
  const first = await fitted();
  assert.notEqual(first, 600, 'not the snippet\'s starting height');
  await call(frame, 'get', 'x'.repeat(2000));
  await frame.getByRole('alert').waitFor();
  assert.ok((await fitted()) > first, 'the frame grew with its content (an error shown)');
  await screenshot(page, 'embed-snippets');

  const open = frame.getByRole('link', { name: /Open in sdlab/ });
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.getAttribute('rel'), 'noopener');
  assert.ok((await open.getAttribute('href')).startsWith(`${site.url}#/cache/lru?s=`), 'the full page, not embed mode');
  const [popup] = await Promise.all([page.context().waitForEvent('page'), open.click()]);
  await popup.waitForFunction(() => document.documentElement.dataset.sdlabReady === '1');
  assert.equal(await popup.evaluate(() => origin), new URL(site.url).origin, 'the new tab escaped the sandbox (a sandboxed one has origin null)');
  assert.deepEqual(await keys(popup), shown);
});
