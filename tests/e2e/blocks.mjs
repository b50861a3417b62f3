// End-to-end, the same for every block the catalogue lists (web/src/blocks/index.ts registers
// them; the catalogue marks each card with data-block="<domain>/<id>" or data-lab="<path>"): a
// new block is covered by being registered. For each one, as a person would see it:
//   - its catalogue card leads to its page, titled as the card, in the document title
//     ("<card> · <domain> · sdlab"), with one main landmark and one h1;
//   - axe-core finds no accessibility violation, in the light scheme and the dark;
//   - a run (its example, or its first method called with the form's values) is told in words in
//     the narration and the log, and survives a step back and a reload of the permalink: the same
//     state drawn, the same step, the same log;
//   - bad input (a parameter below any range, an argument over any rule) is shown in an alert
//     naming the parameter, and changes neither the state drawn nor the log;
//   - restarting, running and stepping through it again and again leaves the module's heap
//     exactly where it was;
//   - at phone width in the dark scheme nothing scrolls sideways and the page is dark;
//   - (the first block of each domain) embedded in a sandboxed iframe, it loads and takes a call.
// Every lab page the same way: its title and landmarks, no violations, its options in the address,
// nothing sideways at phone width. Then what the generic block page does for every block (the
// timeline keys, the log, copying, the repeat count, damaged links), shown on the LRU cache; and
// what every page offers: pictures that move between steps (and stand still under
// prefers-reduced-motion), and the Export menu (the run as JSON, the picture as SVG and PNG).
// What is specific to a block lives in its domain's file.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertAccessible, call, callForm, callTimes, pageTest, screenshot } from './harness.mjs';

/** Everything the State region shows: the timeline position, the narration, the picture. */
const shownState = (page) => page.getByRole('region', { name: 'State' }).innerText();
const callsMade = (page) => page.getByRole('list', { name: 'calls made' }).locator('li').count();
const step = (page) => page.getByRole('slider', { name: 'Step' }).first().inputValue();

/** A run: the block's example if it offers one, else its first method twice with the form's values. */
async function run(page) {
  const example = page.getByRole('button', { name: 'Load an example' });
  if (await example.count()) return example.click();
  const button = callForm(page).getByRole('button');
  await button.click();
  await button.click();
}

/** Evaluates `code` in the page's console and returns what it printed. */
async function evaluateInConsole(page, code) {
  const input = page.getByRole('textbox', { name: 'JavaScript to run' });
  await input.fill(code);
  await input.press('Enter');
  const line = await page.getByRole('list', { name: 'console output' }).locator('li').last().textContent();
  return Number(line.match(/(\d+)\s*$/)[1]);
}

/** Below any range a rule allows, and over any text rule's byte limit. */
const badValues = { number: '-1e300', text: 'x'.repeat(70000) };

/** Spoils the first input of `form` (not its repeat count) that `bad` has a value for; returns
 *  the parameter's name. */
async function fillBad(form, bad) {
  const input = form.locator('input:not([name="times"])').first();
  const value = (await input.count()) ? bad[await input.getAttribute('type')] : undefined;
  if (value === undefined) return undefined;
  await input.fill(value);
  return input.getAttribute('name');
}

/** Waits for an alert naming `name`, then checks that nothing else changed. */
async function expectRefusal(page, name, before) {
  await page.getByRole('alert').filter({ hasText: name }).first().waitFor();
  assert.deepEqual(await Promise.all([shownState(page), callsMade(page)]), before, 'nothing changed');
}

/** Bad input through the parameters (when the block has numeric ones) and through each method
 *  in turn until one has an argument to spoil. */
async function refuseBadInput(page) {
  const before = await Promise.all([shownState(page), callsMade(page)]);
  const params = page.getByRole('form', { name: 'Parameters' });
  const param = await fillBad(params, { number: badValues.number });
  if (param) {
    await params.getByRole('button', { name: 'Restart with these' }).click();
    await expectRefusal(page, param, before);
  }
  const form = callForm(page);
  const methods = await form.getByRole('combobox', { name: 'method' }).locator('option').allTextContents();
  for (const method of methods) {
    await form.getByRole('combobox', { name: 'method' }).selectOption(method);
    const arg = await fillBad(form, badValues);
    if (!arg) continue;
    await form.getByRole('button', { name: `${method}()` }).click();
    await expectRefusal(page, `${method}: ${arg}`, before);
    return;
  }
  assert.ok(param, 'the block has some input to refuse');
}

/** The heap after three more runs is where it was, to within the allocator's noise (a few
 *  bytes either way; a block leaked per run would be hundreds). */
async function assertHeapSteady(page) {
  const cycle = async () => {
    await page.getByRole('button', { name: 'Restart with these' }).click();
    await run(page);
    await page.getByRole('button', { name: 'To start' }).click();
    await page.getByRole('button', { name: 'To end' }).click();
  };
  await cycle();  // warm-up: the allocator reaches its steady size
  const before = await evaluateInConsole(page, 'sdlab.heapBytesInUse()');
  for (let i = 0; i < 3; ++i) await cycle();
  const growth = (await evaluateInConsole(page, 'sdlab.heapBytesInUse()')) - before;
  assert.ok(growth <= 64, `heap grew ${growth} bytes over three runs`);
}

/** The catalogue's cards: what each leads to, its title and its domain's. */
async function catalogue(page) {
  return page.locator('[data-block], [data-lab]').evaluateAll((links) => links.map((a) => ({
    block: a.dataset.block,
    lab: a.dataset.lab,
    title: a.querySelector('strong').textContent,
    domain: a.closest('[data-domain]').querySelector('h2').textContent,
    href: a.getAttribute('href'),
  })));
}

/** The document title names the page and its domain; one main landmark, one h1. */
async function assertPageShape(page, { title, domain }) {
  assert.equal(await page.title(), `${title} · ${domain} · sdlab`);
  assert.equal(await page.getByRole('main').count(), 1, 'one main landmark');
  assert.deepEqual(await page.getByRole('heading', { level: 1 }).allTextContents(), [title], 'one h1, the title');
}

async function assertPhoneDark(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const { overflow, background, text } = await page.evaluate(() => {
    const luminance = (color) => {
      const [r, g, b] = color.match(/\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const style = getComputedStyle(document.body);
    return {
      overflow: document.scrollingElement.scrollWidth - window.innerWidth,
      background: luminance(getComputedStyle(document.documentElement).backgroundColor),
      text: luminance(style.color),
    };
  });
  await screenshot(page, `${name}-phone-dark`);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  assert.ok(background < 0.2 && text > 0.6, `dark background (${background.toFixed(2)}), light text (${text.toFixed(2)})`);
  await assertAccessible(page, 'dark');
}

pageTest('the catalogue lists every block and lab, and each block keeps the shared contract', async (site, t) => {
  const { page } = await site.open();
  const cards = await catalogue(page);
  const blocks = cards.filter((c) => c.block);
  assert.ok(blocks.length >= 20 && cards.length - blocks.length >= 5, `${blocks.length} blocks, ${cards.length - blocks.length} labs`);
  for (const card of cards) assert.equal(card.href, `#/${card.block ?? card.lab}`);
  assert.equal(new Set(cards.map((c) => c.title)).size, cards.length, 'every page has a title of its own');
  assert.equal(await page.title(), 'System-design building blocks · sdlab');
  assert.equal(await page.getByRole('main').count(), 1);
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
  await assertAccessible(page, 'light');
  await screenshot(page, 'catalog');

  for (const card of blocks) {
    const { block, title } = card;
    await t.test(block, async () => {
      await page.goto(`${site.url}#/`);
      await page.locator(`[data-block="${block}"]`).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(new URL(page.url()).hash.split('?')[0], `#/${block}`);
      await assertPageShape(page, card);

      await run(page);
      await assertAccessible(page, 'light');
      assert.ok((await callsMade(page)) > 2, 'the run is in the log');
      const told = [await page.locator('.narration').first().textContent(), ...await page.locator('.log li').allTextContents()];
      for (const line of told) assert.doesNotMatch(line.replace(/^.*?(—|→)/, ''), /[{}]|undefined|NaN/, `said in words: ${line}`);
      await page.getByRole('button', { name: 'Step back' }).click();
      const seen = await Promise.all([shownState(page), step(page), callsMade(page)]);
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.sdlabReady === '1');
      assert.deepEqual(await Promise.all([shownState(page), step(page), callsMade(page)]), seen, 'the permalink reproduces the step on show');

      await assertHeapSteady(page);
      await refuseBadInput(page);
      await assertPhoneDark(page, block.replace('/', '-'));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ colorScheme: 'light' });
      site.assertNoErrors();
    });
  }
});

pageTest('the first block of each domain, embedded in a sandboxed iframe, loads and takes a call', async (site) => {
  const { page } = await site.open();
  const blocks = await page.locator('[data-domain]').evaluateAll((domains) => domains.flatMap((d) => {
    const card = d.querySelector('[data-block]');
    return card ? [[card.dataset.block, card.querySelector('strong').textContent]] : [];  // a domain of labs alone embeds none
  }));
  assert.ok(blocks.length >= 4, `${blocks.length} domains`);
  for (const [block, title] of blocks) {
    await page.setContent(`<link rel="icon" href="data:,"><h1>My tutorial</h1><iframe sandbox="allow-scripts" src="${site.url}#/${block}?embed=1" width="720" height="600"></iframe>`);
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: title }).waitFor();
    assert.equal(await frame.getByRole('heading', { name: 'Console' }).count(), 0, `${block}: embed mode is compact`);
    await callForm(frame).getByRole('button').click();
    assert.equal(await frame.getByRole('list', { name: 'calls made' }).count(), 0, `${block}: no log in embed mode`);
    assert.equal(await frame.getByRole('slider', { name: 'Step' }).inputValue(), '1', `${block}: the call is step 1`);
  }
  await screenshot(page, 'embed-sandboxed');
});

pageTest('every lab keeps the shared contract: title, landmarks, no violations, options in the address, phone width', async (site, t) => {
  const { page } = await site.open();
  const labs = (await catalogue(page)).filter((c) => c.lab);
  for (const card of labs) {
    await t.test(card.lab, async () => {
      await page.goto(`${site.url}#/${card.lab}`);
      await page.getByRole('heading', { level: 1, name: card.title }).waitFor();
      await page.getByText('Running…').first().waitFor({ state: 'hidden', timeout: 60_000 });
      await assertPageShape(page, card);
      assert.deepEqual(await page.getByRole('alert').allTextContents(), [], 'the defaults run');
      assert.match(page.url(), new RegExp(`#/${card.lab}\\?s=`), 'the options on show are in the address');
      await assertAccessible(page, 'light');
      await assertPhoneDark(page, card.lab.replace('/', '-'));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ colorScheme: 'light' });
      site.assertNoErrors();
    });
  }
});

pageTest('a broken permalink says what is wrong and shows a fresh block, until the next call', async (site) => {
  const { page } = await site.open('#/cache/lru?s=not-a-link');
  assert.match(await page.getByRole('alert').first().textContent(), /the link is damaged/);
  assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), '0');
  assert.match(page.url(), /s=not-a-link$/, 'the address keeps the link until the person acts');
  await call(page, 'put', 'a', '1');
  assert.equal(await page.getByRole('alert').count(), 0, 'the next successful call takes the message away');
  assert.doesNotMatch(page.url(), /not-a-link/);
});

pageTest('a broken lab link says what is wrong and shows the defaults, keeping the address until a run', async (site) => {
  const { page } = await site.open('#/ratelimit/compare?s=not-a-link');
  assert.match(await page.getByRole('alert').textContent(), /This link could not be opened: the link is damaged/);
  await page.locator('tr[data-algorithm="fixedWindow"]').waitFor();
  assert.match(page.url(), /s=not-a-link$/, 'the address keeps the link');
  await page.getByRole('button', { name: 'Run' }).click();
  assert.equal(await page.getByRole('alert').count(), 0, 'a successful run takes the message away');
  assert.doesNotMatch(page.url(), /not-a-link/);
});

// The generic block page, on the LRU cache.
const callsLogged = (page) => page.getByRole('list', { name: 'calls made' }).locator('li').count();

/** Whether the log is longer than its box, and whether the row of the step on show is in view. */
const logShown = (page) => page.getByRole('list', { name: 'calls made' }).evaluate((ol) => {
  const row = ol.querySelector('li.current').getBoundingClientRect();
  const box = ol.getBoundingClientRect();
  return { overflowing: ol.scrollHeight > ol.clientHeight, inView: row.top >= box.top - 1 && row.bottom <= box.bottom + 1 };
});

pageTest('the log keeps the step on show in view as the timeline moves, and never scrolls the page', async (site) => {
  const { page } = await site.open('#/cache/lru');
  await callTimes(page, 80, 'put', 'k', 'v');
  assert.deepEqual(await logShown(page), { overflowing: true, inView: true }, 'after the calls: the last');
  await page.keyboard.press('Home');
  assert.deepEqual(await logShown(page), { overflowing: true, inView: true }, 'Home: the first');
  await page.getByRole('slider', { name: 'Step' }).fill('60');
  assert.deepEqual(await logShown(page), { overflowing: true, inView: true }, 'a seek: step 60');
  await page.keyboard.press('Home');
  await page.getByRole('combobox', { name: 'Playback speed' }).selectOption('100');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => Number(document.querySelector('sd-block-page').shadowRoot.querySelector('sd-timeline').cursor) >= 30);
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.deepEqual(await logShown(page), { overflowing: true, inView: true }, 'playing');

  await page.getByRole('slider', { name: 'Step' }).fill('70');
  const reopened = await site.open(page.url());
  assert.deepEqual(await logShown(reopened.page), { overflowing: true, inView: true }, 'a permalink opens with its step in the log in view');
  assert.equal(await reopened.page.evaluate(() => window.scrollY), 0, 'the page itself did not scroll');
});

pageTest('Space plays and pauses, except on a control, which it operates', async (site) => {
  const { page } = await site.open('#/cache/lru');
  for (const key of ['a', 'b', 'c']) await call(page, 'put', key, 'v');
  await callForm(page).getByRole('button', { name: 'put()' }).focus();
  await page.keyboard.press('Space');
  assert.equal(await callsLogged(page), 1 + 4, 'Space on the call button calls');
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 0, 'and does not play');
  await page.getByRole('list', { name: 'calls made' }).getByRole('button').first().focus();
  await page.keyboard.press('Space');
  assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), '0', 'Space on a log row goes to its step');
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 0, 'and does not play');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Play' }).waitFor();
});

pageTest('a repeat count over the limit is refused, naming the limit', async (site) => {
  const { page } = await site.open('#/cache/lru');
  await callTimes(page, 101, 'put', 'k', 'v');
  assert.equal(await page.getByRole('alert').textContent(), 'put: times must be a whole number from 1 to 100 (the most calls one click makes), got 101');
  assert.equal(await callsLogged(page), 1, 'nothing was called');
  await callTimes(page, 100, 'put', 'k', 'v');
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await callsLogged(page), 1 + 100);
});

pageTest('copying says so; without a clipboard the text is selected in a field to copy by hand', async (site) => {
  const { page, context } = await site.open('#/cache/lru');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await call(page, 'put', 'a', '1');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('status').filter({ hasText: 'Copied the link.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  await call(page, 'put', 'b', '2');
  assert.equal(await page.getByRole('status').filter({ hasText: 'Copied' }).count(), 0, 'the note goes with the next change');

  const bare = await site.newPage();
  await bare.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await bare.goto(`${site.url}#/cache/lru`);
  await bare.waitForFunction(() => document.documentElement.dataset.sdlabReady === '1');
  await bare.getByRole('button', { name: 'Author' }).click();
  const snippet = await bare.getByLabel('Sandboxed iframe').textContent();
  await bare.getByRole('figure').filter({ hasText: 'Sandboxed iframe' }).getByRole('button', { name: 'Copy' }).click();
  await bare.getByRole('status').filter({ hasText: 'The clipboard is not available here: the sandboxed iframe is selected below' }).waitFor();
  const field = bare.getByRole('textbox', { name: 'text to copy' });
  const { value, selected, focused } = await field.evaluate((input) => ({
    value: input.value,
    selected: input.value.slice(input.selectionStart, input.selectionEnd),
    focused: input.getRootNode().activeElement === input,
  }));
  assert.equal(value, snippet, 'the snippet, line breaks and all');
  assert.equal(selected, value, 'all of it is selected');
  assert.ok(focused, 'and the field has the focus, for Ctrl+C');
  await screenshot(bare, 'copy-by-hand');
});

/** Makes a call as the console does and waits until the view has drawn it; resolves to how many
 *  animations then run in the page (document.getAnimations() does not see into shadow roots). */
const animationsAfterCall = (page, method, args) => page.evaluate(async ([method, args]) => {
  const blockPage = document.querySelector('sd-block-page');
  if (!blockPage.call(method, args).ok) throw new Error(`${method} was refused`);
  await blockPage.updateComplete;
  await blockPage.shadowRoot.querySelector(blockPage.def.view).updateComplete;
  const count = (root) => root.getAnimations().length
    + [...root.querySelectorAll('*')].reduce((n, el) => n + (el.shadowRoot ? count(el.shadowRoot) : 0), 0);
  return count(document);
}, [method, args]);

pageTest('pictures move between steps, and stand still under prefers-reduced-motion', async (site) => {
  // What moves on each page: an entry sliding to the head and its arrow following, the tokens
  // gauge draining, the cells of an item lighting, the lookup's walk to its owner.
  const moves = [
    ['cache/lru', [['put', ['a', '1']], ['put', ['b', '2']]], ['get', ['a']]],
    ['ratelimit/token-bucket', [], ['request', [3]]],
    ['probabilistic/bloom', [], ['add', ['carol']]],
    ['partition/consistent-hashing', [], ['owner', ['user:7']]],
  ];
  const { page } = await site.open();
  for (const reducedMotion of ['no-preference', 'reduce']) {
    await page.emulateMedia({ reducedMotion });
    for (const [block, before, [method, args]] of moves) {
      await page.goto(`${site.url}#/${block}`);
      await page.waitForFunction((block) => {
        const blockPage = document.querySelector('sd-block-page');
        return `${blockPage?.def.domain}/${blockPage?.def.id}` === block && blockPage.shadowRoot.querySelector(blockPage.def.view)?.hasUpdated;
      }, block);
      for (const [m, a] of before) await animationsAfterCall(page, m, a);
      const running = await animationsAfterCall(page, method, args);
      if (reducedMotion === 'reduce') assert.equal(running, 0, `${block}: no motion`);
      else assert.ok(running > 0, `${block}: ${method} animates the picture`);
    }
  }
});

/** Clicks an item of the Export menu; resolves to the download's suggested name and its bytes. */
async function exported(page, item) {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: item }).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

pageTest('Export: the run as JSON with its calls, results and traces; the picture as SVG and PNG', async (site) => {
  const { page } = await site.open('#/cache/lru', { acceptDownloads: true });
  await call(page, 'put', 'a', '1');
  await call(page, 'put', '<b>&"k"', '2');
  await call(page, 'get', 'a');
  await page.getByRole('button', { name: 'Step back' }).click();

  const json = await exported(page, 'Run as JSON');
  assert.equal(json.name, 'sdlab-cache-lru-run.json');
  const run = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(run.block, 'cache/lru');
  assert.deepEqual(run.params, { capacity: 3 });
  assert.deepEqual(run.calls, [{ method: 'put', args: ['a', '1'] }, { method: 'put', args: ['<b>&"k"', '2'] }, { method: 'get', args: ['a'] }]);
  assert.equal(run.step, 2);
  assert.equal(run.link, page.url());
  const { trace, ...step } = run.steps[2];
  assert.deepEqual(step, { step: 3, call: run.calls[2], result: '1' });
  const where = { depth: 0, parent: -1, file: 'core/cache/list_cache.h' };
  assert.deepEqual(trace.map(({ line, ...s }) => s), [
    { kind: 'hit', subject: 'a', note: 'found in the cache', data: [{ name: 'position', number: 1 }, { name: 'size', number: 2 }], ...where },
    { kind: 'promote', subject: 'a', note: 'moved to the head: most recently used', data: [{ name: 'from', number: 1 }, { name: 'position', number: 0 }], ...where },
  ], 'each step with its figures and where the C++ reported it');
  assert.ok(trace.every((s) => Number.isInteger(s.line) && s.line > 0));

  const svg = await exported(page, 'Picture as SVG');
  assert.equal(svg.name, 'sdlab-cache-lru-step-2.svg');
  const text = svg.bytes.toString('utf8');
  assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)"/);
  assert.match(text, /doubly linked list/);
  assert.match(text, /&lt;b&gt;&amp;"k"/, 'the key is text in the picture');
  const [, width, height] = text.match(/width="(\d+)" height="(\d+)"/).map(Number);

  const png = await exported(page, 'Picture as PNG');
  assert.equal(png.name, 'sdlab-cache-lru-step-2.png');
  assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [2 * width, 2 * height], 'twice the picture’s size');
  // Drawn, not blank: the picture's panel and its ink differ.
  const { page: viewer } = await site.open('');
  const inks = await viewer.evaluate(async (src) => {
    const image = new Image();
    image.src = src;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add(data.slice(i, i + 3).join());
    return colours.size;
  }, `data:image/png;base64,${png.bytes.toString('base64')}`);
  assert.ok(inks > 8, `the PNG has a picture in it (${inks} colours sampled)`);
  await screenshot(page, 'export-menu');
});

