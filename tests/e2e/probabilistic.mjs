// End-to-end: the bloom filter, counting bloom and count-min pages and their labs in headless
// Chromium, driven through the controls and read back from what the page shows.
import assert from 'node:assert/strict';
import { call, pageTest, screenshot } from './harness.mjs';

const stat = (page, view, name) => page.locator(`${view} [data-stat="${name}"]`).first().textContent();
const probes = (page) => page.locator('sd-bloom-state .probes li').allTextContents();

pageTest('bloom: add lights the item’s k cells, contains probes them, an absent item is named absent', async (site) => {
  const { page } = await site.open('#/probabilistic/bloom');
  assert.equal(await stat(page, 'sd-bloom-state', 'hashes k'), '7');
  await call(page, 'add', 'alice');
  const lit = page.locator('sd-bloom-state .cell.lit');
  assert.equal(await lit.count(), 7);
  assert.equal(await page.locator('sd-bloom-state .cell.lit.set').count(), 7, 'every lit cell is set');
  assert.equal(await page.locator('sd-bloom-state .cell.set').count(), 7);
  assert.equal(await stat(page, 'sd-bloom-state', 'items added'), '1');
  const aliceCells = await lit.evaluateAll((cells) => cells.map((c) => c.dataset.index));

  await call(page, 'contains', 'alice');
  assert.match(await page.locator('sd-bloom-state .verdict').textContent(), /“alice” may be present: all 7 cells are set/);
  assert.deepEqual(await page.locator('sd-bloom-state .cell.lit').evaluateAll((cells) => cells.map((c) => c.dataset.index)), aliceCells);

  await call(page, 'contains', 'bob');
  assert.match(await page.locator('sd-bloom-state .verdict').textContent(), /“bob” is definitely absent/);
  assert.match(await page.locator('.narration').first().textContent(), /contains\("bob"\) — definitely not: cell \d+ of “bob” is clear \(probe \d of 7\), so it was never added\./);
  const bobProbes = await probes(page);
  assert.match(bobProbes.at(-1), /clear$/, 'the probe stops at the first clear cell');

  await call(page, 'positions', 'alice');
  assert.equal(await page.locator('sd-bloom-state .cell.lit').count(), 7);
  await screenshot(page, 'bloom-positions');

  const link = page.url();
  const reopened = await site.open(link);
  assert.equal(await reopened.page.locator('sd-bloom-state .cell.set').count(), 7);
  assert.equal(await reopened.page.locator('sd-bloom-state .cell.lit').count(), 7);
  await reopened.page.getByRole('button', { name: 'Step back' }).click();
  assert.match(await reopened.page.locator('sd-bloom-state .verdict').textContent(), /“bob” is definitely absent/);
});

pageTest('bloom: the sizing calculator and a large filter drawn as density slices', async (site) => {
  const { page } = await site.open('#/probabilistic/bloom');
  const sizing = page.locator('sd-bloom-sizing');
  await sizing.getByLabel('expected items n').fill('1000000');
  await sizing.getByLabel('false-positive rate p').fill('0.01');
  assert.equal(await sizing.locator('[data-sizing="bits"]').textContent(), '9,585,059');
  assert.equal(await sizing.locator('[data-sizing="hashes"]').textContent(), '7');
  assert.equal(await sizing.locator('[data-sizing="bytes"]').textContent(), '1.14 MiB');
  await sizing.getByLabel('false-positive rate p').fill('2');
  assert.match(await sizing.getByRole('alert').textContent(), /falsePositiveRate must be a finite number in \[1e-9, 0.5\], got 2/);

  await page.getByLabel(/expectedItems/).fill('100000');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  await call(page, 'add', 'alice');
  assert.equal(await page.locator('sd-bloom-state .strip .slice').count(), 256);
  assert.equal(await page.locator('sd-bloom-state .strip .marker').count(), 7);
  await screenshot(page, 'bloom-large');
});

pageTest('bloom: bad input shows the module’s error, changes nothing, and typed items render as text', async (site) => {
  const { page } = await site.open('#/probabilistic/bloom');
  await call(page, 'add', 'x'.repeat(1100));
  assert.equal(await page.getByRole('alert').textContent(), 'BloomFilter.add: item must be at most 1024 bytes long, got 1100');
  assert.equal(await stat(page, 'sd-bloom-state', 'items added'), '0');
  await page.getByLabel(/^falsePositiveRate/).fill('0.9');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.match(await page.getByRole('alert').textContent(), /BloomFilter: .*falsePositiveRate must be a finite number in \[1e-9, 0.5\], got 0.9/);

  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const hostile = '<img src=x onerror=alert(1)>';
  await call(page, 'contains', hostile);
  assert.match(await page.locator('sd-bloom-state .verdict').textContent(), /“<img src=x onerror=alert\(1\)>” is definitely absent/);
  assert.equal(dialogs, 0);
});

pageTest('counting bloom: remove decrements the counters; removing what was never added is refused', async (site) => {
  const { page } = await site.open('#/probabilistic/counting-bloom');
  await page.getByRole('button', { name: 'Load an example' }).click();
  assert.match(await page.locator('sd-bloom-state .verdict').textContent(), /“bob” is definitely absent/);
  assert.equal(await stat(page, 'sd-bloom-state', 'items added'), '2');
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.ok((await page.locator('sd-bloom-state .cell.lit').count()) > 0, 'remove lights the decremented counters');
  assert.ok((await page.locator('sd-bloom-state .cell.changed').count()) > 0, 'and marks those that changed');
  await screenshot(page, 'counting-bloom');
  await page.keyboard.press('End');
  await call(page, 'remove', 'zed');
  assert.match(await page.getByRole('alert').textContent(), /CountingBloomFilter.remove: item "zed" was never added \(counter \d+ is 0\): nothing removed/);
  assert.equal(await stat(page, 'sd-bloom-state', 'items added'), '2');
});

pageTest('count-min: the conservative flag is a checkbox that restarts the sketch, and a link keeps it', async (site) => {
  const { page } = await site.open('#/probabilistic/count-min');
  const flag = page.getByRole('form', { name: 'Parameters' }).getByRole('checkbox', { name: /conservative/ });
  assert.equal(await flag.isChecked(), false);
  assert.equal(await stat(page, 'sd-count-min-state', 'update'), 'plain');
  await flag.check();
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.equal(await stat(page, 'sd-count-min-state', 'update'), 'conservative');
  await call(page, 'update', '#a', 2);
  const reopened = await site.open(page.url());
  assert.equal(await stat(reopened.page, 'sd-count-min-state', 'update'), 'conservative');
  assert.equal(await reopened.page.getByRole('form', { name: 'Parameters' }).getByRole('checkbox', { name: /conservative/ }).isChecked(), true);
});

pageTest('bloom: the sub-step cursor walks a lookup probe by probe, moving the highlight', async (site) => {
  const { page } = await site.open('#/probabilistic/bloom');
  await call(page, 'add', 'alice');
  await call(page, 'contains', 'alice');
  const current = () => page.locator('sd-bloom-state .cell.current').evaluateAll((cells) => cells.map((c) => c.dataset.index));
  const lit = () => page.locator('sd-bloom-state .cell.lit').count();
  assert.deepEqual(await current(), []);
  assert.equal(await lit(), 7, 'the whole call: every probed cell');
  await page.keyboard.press(']');
  assert.equal(await page.locator('.steps li.current .kind').textContent(), 'lookup');
  await page.keyboard.press(']');
  const first = await current();
  assert.equal(first.length, 1);
  assert.equal(await lit(), 1, 'only the cells probed so far are lit');
  await page.getByRole('button', { name: 'next sub-step' }).click();
  const second = await current();
  assert.equal(second.length, 1);
  assert.notDeepEqual(second, first);
  assert.equal(await lit(), 2);
  assert.match(await page.locator('.substeps').textContent(), new RegExp(`Sub-step 3 of 9: hash 1 → cell ${second[0]}: set`));
  await page.keyboard.press('[');
  assert.deepEqual(await current(), first);
  await screenshot(page, 'bloom-substep');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await current(), [], 'a new step on show starts from the whole call');
  assert.equal(await lit(), 7);
});

pageTest('count-min: update lights one cell per row and picks the minimum; top-K follows', async (site) => {
  const { page } = await site.open('#/probabilistic/count-min');
  await page.getByRole('button', { name: 'Load an example' }).click();
  assert.equal(await stat(page, 'sd-count-min-state', 'total N'), '15');
  // query("#go"), never updated: its estimate is whatever its least polluted cell holds.
  assert.equal(await page.locator('sd-count-min-state td.lit').count(), 3);
  assert.equal(await page.locator('sd-count-min-state td.min').count(), 1);
  assert.deepEqual(await page.locator('sd-count-min-state .top [data-item]').allTextContents(), ['#wasm', '#cpp', '#rust', '#lit']);
  await call(page, 'update', '#lit', 10);
  const narration = await page.locator('.narration').first().textContent();
  assert.match(narration, /update\("#lit", 10\) — counted “#lit” 10 times: \d of 3 cells raised, its estimate is now \d+/);
  const estimate = Number(narration.match(/its estimate is now (\d+)/)[1]);
  assert.ok(estimate >= 11, 'never undercounts');
  assert.equal(await page.locator('sd-count-min-state td.changed').count(), 3);
  assert.equal(Number(await page.locator('sd-count-min-state td.min').textContent()), estimate);
  assert.equal(await page.locator('sd-count-min-state .top [data-item]').first().textContent(), '#lit');
  await screenshot(page, 'count-min');

  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.locator('sd-count-min-state .top [data-item]').first().textContent(), '#lit');
  await call(page, 'update', '#lit', 0);
  assert.match(await page.getByRole('alert').textContent(), /CountMinSketch.update: count must be an integer in \[1, 1000000000\], got 0/);
});

pageTest('bloom lab: measured false positives follow theory up to 1,000,000 items, computed in a worker', async (site) => {
  const { page } = await site.open('#/probabilistic/bloom-experiment');
  const form = page.getByRole('form', { name: 'False-positive experiment' });
  await form.getByLabel('sized for n items').fill('1000000');
  await form.getByLabel('fill up to').fill('1000000');
  await form.getByLabel('measurements').fill('10');
  await form.getByLabel('probes per point').fill('100000');
  await form.getByRole('button', { name: 'Run' }).click();
  await page.locator('[data-at-target="measured"]').filter({ hasText: /e/ }).waitFor();
  await page.locator('.results tbody tr').nth(9).waitFor({ timeout: 60000 });
  // The table draws in its shadow root: locators reach into it, document.querySelector does not.
  await page.locator('.results tbody tr:nth-child(10) td:first-child', { hasText: /^1,000,000$/ }).waitFor({ timeout: 60000 });
  const measured = Number(await page.locator('[data-at-target="measured"]').textContent());
  const theory = Number(await page.locator('[data-at-target="theoretical"]').textContent());
  assert.ok(Math.abs(theory - 0.01) < 0.001, `theory at n is p (${theory})`);
  assert.ok(measured > theory / 1.5 && measured < theory * 1.5, `measured ${measured} within 1.5× of theory ${theory}`);
  assert.equal(await page.locator('sd-line-chart canvas').count(), 1);
  assert.ok(Number(await page.locator('[data-stat="lookupsSaved"]').textContent().then((t) => t.replace(/,/g, ''))) > 60000, 'the filter saves most lookups');
  await screenshot(page, 'bloom-experiment');

  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.getByRole('form', { name: 'False-positive experiment' }).getByLabel('sized for n items').inputValue(), '1000000');

  await form.getByLabel('fill up to').fill('2000000');
  await form.getByRole('button', { name: 'Run' }).click();
  assert.match(await page.getByRole('alert').first().textContent(), /bloomExperiment: options.maxItems must be an integer in \[1, 1000000\], got 2000000/);
});

pageTest('count-min lab: overcounts stay within ε·N and the top-K matches the truth', async (site) => {
  const { page } = await site.open('#/probabilistic/count-min-experiment');
  const cell = (mode, name) => page.locator(`td[data-mode="${mode}"][data-stat="${name}"]`).textContent();
  await page.locator('td[data-stat="withinBound"]').first().waitFor({ timeout: 60000 });
  const bound = Number(await page.locator('[data-stat="bound"]').textContent());
  for (const mode of ['plain', 'conservative']) {
    assert.ok(Number.parseFloat(await cell(mode, 'withinBound')) >= 99, `${mode}: at least 1 − δ within the bound`);
    assert.ok(Number((await cell(mode, 'maxError')).replace(/,/g, '')) <= bound * 2, `${mode}: largest overcount near the bound`);
  }
  assert.ok(Number.parseFloat(await cell('conservative', 'meanError')) <= Number.parseFloat(await cell('plain', 'meanError')), 'conservative update overcounts less');
  assert.equal(await cell('plain', 'topOverlap'), '10 of 10');
  await screenshot(page, 'count-min-experiment');
});
