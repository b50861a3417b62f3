// End-to-end, the same for every block the catalogue lists (web/src/blocks/index.ts registers
// them; the catalogue marks each card with data-block="<domain>/<id>" or data-lab="<path>"): a
// new block is covered by being registered. For each one, as a person would see it:
//   - its catalogue card leads to its page, titled as the card;
//   - a run (its example, or its first method called with the form's values) survives a step
//     back and a reload of the permalink: the same state drawn, the same step, the same log;
//   - bad input (a parameter below any range, an argument over any rule) is shown in an alert
//     naming the parameter, and changes neither the state drawn nor the log;
//   - restarting, running and stepping through it again and again leaves the module's heap
//     exactly where it was;
//   - at phone width in the dark scheme nothing scrolls sideways and the page is dark;
//   - (the first block of each domain) embedded in a sandboxed iframe, it loads and takes a call.
// What is specific to a block lives in its domain's file.
import assert from 'node:assert/strict';
import { callForm, pageTest, screenshot } from './harness.mjs';

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
}

pageTest('the catalogue lists every block and lab, and each block keeps the shared contract', async (site, t) => {
  const { page } = await site.open();
  const cards = await page.locator('[data-block], [data-lab]').evaluateAll((links) =>
    links.map((a) => ({ block: a.dataset.block, lab: a.dataset.lab, title: a.querySelector('strong').textContent, href: a.getAttribute('href') })));
  const blocks = cards.filter((c) => c.block);
  assert.ok(blocks.length >= 20 && cards.length - blocks.length >= 5, `${blocks.length} blocks, ${cards.length - blocks.length} labs`);
  for (const card of cards) assert.equal(card.href, `#/${card.block ?? card.lab}`);
  await screenshot(page, 'catalog');

  for (const { block, title } of blocks) {
    await t.test(block, async () => {
      await page.goto(`${site.url}#/`);
      await page.locator(`[data-block="${block}"]`).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(new URL(page.url()).hash.split('?')[0], `#/${block}`);

      await run(page);
      assert.ok((await callsMade(page)) > 2, 'the run is in the log');
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
  const blocks = await page.locator('[data-domain]').evaluateAll((domains) => domains.map((d) => {
    const card = d.querySelector('[data-block]');
    return [card.dataset.block, card.querySelector('strong').textContent];
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

pageTest('a broken permalink says what is wrong and shows a fresh block', async (site) => {
  const { page } = await site.open('#/cache/lru?s=not-a-link');
  assert.match(await page.getByRole('alert').first().textContent(), /the link is damaged/);
  assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), '0');
});
