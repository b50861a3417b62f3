// End-to-end: the message queue page in headless Chromium, driven as a person does — send,
// receive, wait out the visibility timeout, nack, ack with a stale receipt, watch a message reach
// the dead-letter queue — and read back from what the page shows; stepping back, the permalink
// and the accessibility check.
import assert from 'node:assert/strict';
import { assertAccessible, callForm, checklist, pageTest, screenshot } from './harness.mjs';

const view = 'sd-queue-state';
const lane = (page, name) => page.locator(`${view} [data-lane="${name}"] li`);
const idsIn = (page, name) => lane(page, name).evaluateAll((cards) => cards.map((c) => c.dataset.message));
const stat = (page, name) => page.locator(`${view} [data-stat="${name}"]`).textContent();
const narration = async (page) => (await page.locator('.narration').first().textContent()).replace(/\s+/g, ' ');

/** Calls `method` through the form, filling the fields named in `fields` (by their labels). */
async function use(page, method, fields = {}) {
  const form = callForm(page);
  await form.getByRole('combobox', { name: 'method' }).selectOption(method);
  for (const [name, value] of Object.entries(fields)) {
    await form.getByRole('textbox', { name: new RegExp(`^${name}`) }).or(form.getByRole('spinbutton', { name: new RegExp(`^${name}`) })).fill(String(value));
  }
  await form.getByRole('button', { name: `${method}()` }).click();
}

const send = (page, id, body, group = '') => use(page, 'send', { id, body, group });

pageTest('queue: redelivery after the visibility timeout, a stale ack refused, a poison message dead-lettered', async (site) => {
  const { page } = await site.open('#/messaging/queue');
  assert.equal(await page.locator(`${view} [data-lane="visible"] .none`).textContent(), 'none waiting');

  await send(page, 'order-1', 'charge $5');
  await send(page, 'order-2', 'ship it', 'cust-7');
  await send(page, 'order-1', 'charge $5 again');
  assert.match(await narration(page), /“order-1” is a duplicate within the dedup window \(remembered until 60\.000 s\): nothing queued/);
  assert.deepEqual(await idsIn(page, 'visible'), ['order-1', 'order-2']);
  assert.equal(await stat(page, 'duplicates'), '1');

  await use(page, 'receive');
  assert.match(await narration(page), /received “order-1” with receipt r0\.1, in flight until 5\.000 s/);
  const flying = lane(page, 'inFlight').first();
  assert.equal(await flying.getAttribute('data-receipt'), 'r0.1');
  assert.equal(await flying.getAttribute('data-receives'), '1');
  assert.equal(await flying.locator('[data-due]').textContent(), 'visible again in 5.000 s (at 5.000 s)');
  assert.match(await flying.getAttribute('class'), /came/, 'the card that moved with this step is lit');

  await use(page, 'advance', { ms: 4999.999 });
  assert.equal(await lane(page, 'inFlight').first().locator('[data-due]').textContent(), 'visible again in 0.000001 s (at 5.000 s)');
  await use(page, 'advance', { ms: 0.001 });
  assert.match(await narration(page), /to 5\.000 s; “order-1” visible again \(not acked in time\)/);
  assert.deepEqual(await idsIn(page, 'visible'), ['order-1', 'order-2']);

  await use(page, 'receive');
  assert.match(await narration(page), /received “order-1” \(receive 2: a redelivery\) with receipt r0\.2/);
  assert.equal(await lane(page, 'inFlight').first().getAttribute('data-receives'), '2');
  assert.equal(await stat(page, 'redeliveries'), '1');

  await use(page, 'ack', { receipt: 'r0.1' });
  assert.match(await page.getByRole('alert').textContent(), /MessageQueue\.ack: receipt handle "r0\.1" has expired: message order-1 was received again as r0\.2/);
  assert.equal(await stat(page, 'acks'), '0', 'the refused ack changed nothing');

  await use(page, 'nack', { receipt: 'r0.2' });
  assert.match(await narration(page), /“order-1” nacked with “r0\.2”: visible again now/);
  await use(page, 'receive');
  await use(page, 'nack', { receipt: 'r0.3' });
  await use(page, 'receive');
  assert.match(await narration(page), /received “order-2” with receipt r1\.1.*on the way: “order-1” was received 3 of 3 times and never acked: moved to the dead-letter queue/);
  assert.deepEqual(await idsIn(page, 'deadLetters'), ['order-1']);
  assert.equal(await lane(page, 'deadLetters').first().getAttribute('data-receives'), '3');
  assert.equal(await stat(page, 'deadLettered'), '1');
  assert.ok((await checklist(page)).every(([, holds]) => holds), 'every invariant holds');
  await assertAccessible(page, 'light');
  await screenshot(page, 'message-queue');

  await page.getByRole('button', { name: 'Step back' }).click();
  assert.deepEqual(await idsIn(page, 'deadLetters'), [], 'one step back: not yet dead-lettered');
  assert.deepEqual(await idsIn(page, 'visible'), ['order-1', 'order-2']);

  const reopened = await site.open(page.url());
  assert.deepEqual(await idsIn(reopened.page, 'deadLetters'), [], 'the permalink reproduces the step on show');
  await reopened.page.keyboard.press('End');
  assert.deepEqual(await idsIn(reopened.page, 'deadLetters'), ['order-1']);
  assert.deepEqual(await idsIn(reopened.page, 'inFlight'), ['order-2']);
});

pageTest('queue: a group waits for its message in flight; the tour plays to the dead-letter queue', async (site) => {
  const { page } = await site.open('#/messaging/queue');
  await page.getByRole('button', { name: 'Load an example' }).click();
  assert.deepEqual(await idsIn(page, 'inFlight'), ['a']);
  assert.deepEqual(await idsIn(page, 'visible'), ['c']);
  await page.getByRole('button', { name: 'Step back' }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.match(await narration(page), /nothing to receive: 1 visible, 2 in flight; on the way: “c” waits: “b” of its group “orders” is in flight/);

  const tour = await site.open('#/messaging/queue?tour=redelivery');
  const next = tour.page.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < 7; ++i) await next.click();
  assert.deepEqual(await idsIn(tour.page, 'deadLetters'), ['order-1']);
  assert.equal(await stat(tour.page, 'duplicates'), '1');
});
