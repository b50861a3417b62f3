// End-to-end tests of the at-least-once delivery lab (messaging/delivery): stepping through the
// swimlane with keys and buttons, an event's why and notes, a crash between side effect and ack
// duplicating the plain consumer's effect and not the idempotent one's, the permalink bringing
// back the same run at the same step, and no accessibility violations along the way.
import assert from 'node:assert/strict';
import { assertAccessible, checklist, pageTest, screenshot } from './harness.mjs';

const slider = (page) => page.getByRole('slider', { name: 'Step' });
const shownStep = (page) => page.getByRole('region', { name: 'Step on show', exact: true });
const effects = (page, message, mode) => page.locator(`tr[data-message="${message}"] td[data-mode="${mode}"][data-stat="effects"]`).textContent();

async function openLab(site) {
  const { page } = await site.open('#/messaging/delivery');
  await page.locator('sd-swimlane .event').first().waitFor();
  return page;
}

pageTest('delivery lab: step through the swimlane with the keyboard and the buttons', async (site) => {
  const page = await openLab(site);
  assert.equal(await slider(page).inputValue(), '0');
  assert.deepEqual(await page.locator('sd-swimlane .lane-name').allTextContents(), ['broker', 'producer', 'consumer-1', 'consumer-2']);
  for (let i = 0; i < 3; ++i) await page.keyboard.press('ArrowRight');
  assert.equal(await slider(page).inputValue(), '3');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await slider(page).inputValue(), '2');
  await page.keyboard.press('End');
  const last = Number(await slider(page).inputValue());
  assert.ok(last > 50, `a run of ${last + 1} steps`);
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.equal(await slider(page).inputValue(), '2');
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.equal(await slider(page).inputValue(), '1');
  // On the swimlane, time flows down: ↓ and ↑ step, and the focus follows the event on show.
  await page.getByRole('button', { name: /^Step 1 at 0 ms: producer start/ }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await slider(page).inputValue(), '3');
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.dataset.step), '3');
  await page.keyboard.press('PageDown');
  assert.equal(await slider(page).inputValue(), '13');
  await page.keyboard.press('ArrowUp');
  assert.equal(await slider(page).inputValue(), '12');
  // Scrubbing: the slider goes anywhere.
  await slider(page).fill('40');
  assert.equal(await slider(page).inputValue(), '40');
  assert.match(await shownStep(page).getByRole('heading').textContent(), /^Step 40 at /);
});

pageTest('delivery lab: click an event to read its why, its notes, its cause and the state then', async (site) => {
  const page = await openLab(site);
  await page.getByRole('button', { name: /^Step 11 at 1\.649 ms: consumer-1 deliver message m0 from broker$/ }).click();
  assert.equal(await slider(page).inputValue(), '11');
  const detail = shownStep(page);
  assert.equal(await detail.locator('.why').textContent(), 'Why: sent by broker at step 6 (1007 µs)');
  assert.deepEqual(await detail.getByRole('list', { name: 'notes' }).locator('li').allTextContents(), ['side effect of m0']);
  // The state as of this step, from the module: m0 in flight, its effect applied by consumer-1.
  assert.match(await page.locator('[data-queue="in-flight"]').textContent(), /^m0 \(receive 1, until 21\.007 ms\)$/);
  assert.equal(await page.locator('[data-consumer="1"]').textContent(), 'm0');
  assert.equal(await page.locator('[data-consumer="2"]').textContent(), '—');
  assert.equal(await page.locator('sd-swimlane tr[data-actor="consumer-1"] td').first().textContent(), 'up');
  // Its cause is a button: the broker's step that sent the message.
  await detail.getByRole('button', { name: 'step 6' }).click();
  assert.equal(await slider(page).inputValue(), '6');
  assert.deepEqual(await shownStep(page).getByRole('list', { name: 'notes' }).locator('li').allTextContents(),
    ['deliver m0: receive 1 as r0.1, in flight until 21007 µs']);
  assert.equal(await page.locator('[data-consumer="1"]').textContent(), '—', 'not applied yet at step 6');
});

pageTest('delivery lab: a crash between side effect and ack duplicates the plain consumer\'s effect, not the idempotent one\'s; the link brings it back', async (site) => {
  const page = await openLab(site);
  assert.equal(await effects(page, 'm0', 'plain'), '1');
  assert.deepEqual((await checklist(page.locator('section[data-mode="plain"]'))).map(([, holds]) => holds), [true, true]);
  await page.getByRole('button', { name: /^Step 11 at/ }).click();
  await page.getByRole('button', { name: 'Crash consumer-1 at the current step' }).click();
  // The crash is put on show, just after the side effect, before the ack.
  assert.match(await shownStep(page).getByRole('heading').textContent(), /^Step 12 at 1\.65 ms: consumer-1 crash$/);
  assert.equal(await page.getByLabel('crashes (consumer@ms+down ms)').inputValue(), '1@1.65+5');
  assert.equal(await page.locator('sd-swimlane tr[data-actor="consumer-1"] td').first().textContent(), 'down');
  assert.equal(await effects(page, 'm0', 'plain'), '2 — duplicate');
  assert.equal(await effects(page, 'm0', 'idempotent'), '1');
  for (const id of ['m1', 'm2', 'm3']) assert.equal(await effects(page, id, 'plain'), '1');
  const plain = await checklist(page.locator('section[data-mode="plain"]'));
  assert.deepEqual(plain.map(([name, holds]) => [name, holds]), [
    ['no message lost: every message is acked or dead-lettered', true],
    ['no duplicate effect: each side effect is applied at most once', false]]);
  const idempotent = await checklist(page.locator('section[data-mode="idempotent"]'));
  assert.deepEqual(idempotent.map(([, holds]) => holds), [true, true]);
  // The broken promise names its step; it is a button to it, where m0 is applied a second time.
  const broke = plain[1][2];
  await page.locator('section[data-mode="plain"] sd-invariants').getByRole('button', { name: new RegExp(`step ${broke}`) }).click();
  assert.equal(await slider(page).inputValue(), broke);
  assert.deepEqual(await shownStep(page).getByRole('list', { name: 'notes' }).locator('li').allTextContents(), ['side effect of m0: applied 2 times']);
  await assertAccessible(page, 'light');
  await screenshot(page, 'delivery-lab');

  const reopened = await site.open(page.url());
  const again = reopened.page;
  await again.locator('sd-swimlane .event').first().waitFor();
  assert.equal(await slider(again).inputValue(), broke, 'the same step');
  assert.equal(await shownStep(again).textContent(), await shownStep(page).textContent());
  assert.equal(await again.getByLabel('crashes (consumer@ms+down ms)').inputValue(), '1@1.65+5');
  assert.equal(await effects(again, 'm0', 'plain'), '2 — duplicate');
});

pageTest('delivery lab: the idempotent consumer on show skips the redelivery it is handed', async (site) => {
  const page = await openLab(site);
  await page.getByLabel('consumer on show').selectOption('idempotent');
  await page.getByLabel('crashes (consumer@ms+down ms)').fill('1@1.65+5');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.keyboard.press('End');
  const applied = [await page.locator('[data-consumer="1"]').textContent(), await page.locator('[data-consumer="2"]').textContent()];
  assert.equal(applied.join(', ').split(', ').filter((id) => id === 'm0').length, 1, `m0 applied once: ${applied}`);
  assert.ok(!applied.join().includes('×'), 'no effect applied twice');
  const skipped = page.locator('sd-swimlane .event', { hasText: 'message m0' });
  assert.ok(await skipped.count() >= 2, 'm0 is delivered twice');
  await skipped.last().click();
  assert.deepEqual(await shownStep(page).getByRole('list', { name: 'notes' }).locator('li').allTextContents(), ['m0 is in the dedup table: already applied, skipped']);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await assertAccessible(page, 'dark');
  await screenshot(page, 'delivery-lab-idempotent-dark');
});
