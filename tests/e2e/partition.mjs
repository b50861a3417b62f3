// End-to-end: consistent hashing, rendezvous and jump hash pages and the load-spread lab in
// headless Chromium, driven through the controls and read back from what the page shows.
import assert from 'node:assert/strict';
import { call, pageTest, screenshot } from './harness.mjs';

const view = 'sd-placement-state';
const moved = async (page) => Number(await page.locator(`${view} [data-stat="moved"]`).textContent());
const modN = async (page) => Number(await page.locator(`${view} [data-stat="modN"]`).textContent());
const keysOf = async (page, node) => Number(await page.locator(`${view} tr[data-node="${node}"] [data-keys]`).textContent());

pageTest('ring: a lookup is drawn step by step; a node removal moves only its keys, far fewer than mod N', async (site) => {
  const { page } = await site.open('#/partition/consistent-hashing');
  assert.equal(await page.locator(`${view} svg .point`).count(), 3 * 8);
  assert.equal(await page.locator(`${view} svg .key`).count(), 40);

  await call(page, 'owner', 'user:42');
  const owner = (await page.locator('.narration').first().textContent()).match(/“user:42” belongs to (\w+) \(its hash lies/)[1];
  assert.deepEqual(await page.locator(`${view} svg .badge`).allTextContents(), ['1', '2', '3']);
  assert.equal(await page.locator(`${view} svg .walk`).count(), 1, 'the clockwise walk to the owner');
  assert.deepEqual(await page.locator('.steps .kind').allTextContents(), ['lookup', 'hash', 'search', 'owner']);
  assert.deepEqual(await page.locator('.steps li').evaluateAll((items) => items.map((li) => li.dataset.depth)), ['0', '1', '1', '1'], 'nested under the lookup');
  assert.match(await page.locator('.steps li').last().textContent(), new RegExp(`owner\\s*point \\d+ \\(${owner}#\\d+, [\\d.]+%\\) is the first of a node not yet chosen: ${owner} owns the key`), 'the step in words');
  assert.match(await page.locator('.steps .where').first().getAttribute('title'), /^core\/partition\/hash_ring\.cpp:\d+$/);
  await screenshot(page, 'ring-lookup');

  const keysOfA = await keysOf(page, 'A');
  await call(page, 'removeNode', 'A');
  assert.equal(await moved(page), keysOfA, 'exactly the leaver’s keys move');
  assert.ok((await moved(page)) < (await modN(page)), 'fewer than hash mod N would move');
  assert.equal(await page.locator(`${view} .keys li.moved`).count(), keysOfA, 'the moved keys are marked');
  assert.equal(await page.locator(`${view} tr[data-node="A"]`).count(), 0);
  assert.equal(await page.locator(`${view} svg .point`).count(), 2 * 8);
  await screenshot(page, 'ring-remove');

  await call(page, 'addNode', 'D', 2);
  assert.ok((await moved(page)) < (await modN(page)));
  assert.equal(await page.locator(`${view} svg .point`).count(), 2 * 8 + 2 * 8);

  const link = page.url();
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.equal(await moved(page), keysOfA);
  const reopened = await site.open(link);
  assert.equal(await reopened.page.locator(`${view} svg .point`).count(), 32);
  assert.equal(await reopened.page.locator(`${view} tr[data-node="D"] td`).nth(1).textContent(), '2');
});

pageTest('ring: the starting nodes are a list, each item checked by addNode’s rule', async (site) => {
  const { page } = await site.open('#/partition/consistent-hashing');
  const nodes = page.getByRole('form', { name: 'Parameters' }).getByRole('textbox', { name: /^nodes/ });
  assert.equal(await nodes.inputValue(), 'A, B, C');
  await nodes.fill('us-east, eu-west,\nap-south ,, sa-east');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.deepEqual(await page.locator(`${view} tbody tr`).evaluateAll((rows) => rows.map((r) => r.dataset.node)), ['us-east', 'eu-west', 'ap-south', 'sa-east']);
  assert.equal(await page.locator(`${view} svg .point`).count(), 4 * 8);
  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.locator(`${view} tr[data-node="sa-east"]`).count(), 1);
  await nodes.fill(`A, ${'x'.repeat(65)}`);
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.match(await page.getByRole('alert').textContent(), /HashRing.addNode: name must be at most 64 bytes long, got 65/);
  assert.equal(await page.locator(`${view} tbody tr`).count(), 4, 'the running ring is kept');
});

pageTest('ring: bad input shows the module’s error and changes nothing; typed keys render as text', async (site) => {
  const { page } = await site.open('#/partition/consistent-hashing');
  await call(page, 'removeNode', 'Q');
  assert.equal(await page.getByRole('alert').textContent(), 'HashRing.removeNode: no node named "Q"');
  await call(page, 'addNode', 'B', 1);
  assert.match(await page.getByRole('alert').textContent(), /HashRing.addNode: .*"B"/);
  assert.equal(await page.locator(`${view} tbody tr`).count(), 3);
  await page.getByLabel(/vnodes/).fill('0');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.match(await page.getByRole('alert').textContent(), /HashRing: vnodes must be an integer in \[1, 1000\], got 0/);

  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const hostile = '<img src=x onerror=alert(1)>';
  await call(page, 'addKey', hostile);
  assert.match(await page.locator(`${view} .keys li`).last().textContent(), /<img src=x onerror=alert\(1\)> →/);
  assert.equal(dialogs, 0);
});

pageTest('ring: the sub-step cursor walks a lookup from the hash to the owner', async (site) => {
  const { page } = await site.open('#/partition/consistent-hashing');
  await call(page, 'owner', 'user:42');
  const ringed = page.locator(`${view} svg circle.current`);
  const badges = () => page.locator(`${view} svg .badge`).allTextContents();
  assert.equal(await ringed.count(), 0);
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  assert.equal(await ringed.getAttribute('data-substep'), 'hash');
  assert.deepEqual(await badges(), ['1']);
  const hashAt = await ringed.getAttribute('cx');
  await page.keyboard.press(']');
  assert.equal(await ringed.getAttribute('data-substep'), 'search');
  assert.notEqual(await ringed.getAttribute('cx'), hashAt, 'the ring moves from the hash to the point found');
  assert.deepEqual(await badges(), ['1', '2']);
  await page.getByRole('button', { name: 'next sub-step' }).click();
  assert.equal(await ringed.getAttribute('data-substep'), 'owner');
  assert.deepEqual(await badges(), ['1', '2', '3']);
  assert.equal(await page.getByRole('button', { name: 'next sub-step' }).isDisabled(), true);
  await screenshot(page, 'ring-substep');
});

pageTest('rendezvous and jump hash share the view: joins move few keys, jump hash only drops its last bucket', async (site) => {
  const hrw = await site.open('#/partition/rendezvous');
  await call(hrw.page, 'addNode', 'D', 1);
  assert.ok((await moved(hrw.page)) < (await modN(hrw.page)));
  assert.equal(await hrw.page.locator(`${view} svg`).count(), 0, 'no ring for rendezvous');
  await call(hrw.page, 'owner', 'user:42');
  assert.deepEqual(await hrw.page.locator('.steps .kind').allTextContents(), ['lookup', 'score', 'score', 'score', 'score', 'owner']);
  assert.match(await hrw.page.locator('.narration').first().textContent(), /“user:42” belongs to \w+ \(the highest score of 4: [\d.]+\)/);
  await screenshot(hrw.page, 'rendezvous');

  const jump = await site.open('#/partition/jump-hash');
  await call(jump.page, 'addNode', 'D', 1);
  assert.equal(await moved(jump.page), await keysOf(jump.page, 'D'), 'the keys that jump all land in the new bucket');
  await call(jump.page, 'removeNode', 'A');
  assert.match(await jump.page.getByRole('alert').textContent(), /JumpHash.removeNode: jump hash can only remove the last bucket \("D"\), not "A"/);
  await call(jump.page, 'addNode', 'E', 2);
  assert.match(await jump.page.getByRole('alert').textContent(), /weight must be 1, got 2/);
});

pageTest('load-spread lab: more virtual nodes even out the load', async (site) => {
  const { page } = await site.open('#/partition/load-spread');
  await page.locator('.results tr[data-vnodes="1000"]').waitFor({ timeout: 60000 });
  const value = async (vnodes, stat) => Number(await page.locator(`.results tr[data-vnodes="${vnodes}"] [data-stat="${stat}"]`).textContent());
  assert.ok((await value(1, 'max')) > 1.5, 'one point per node: the busiest node is far above the mean');
  assert.ok((await value(1000, 'max')) < 1.15, 'a thousand: close to even');
  assert.ok((await value(1000, 'stddev')) < (await value(1, 'stddev')) / 5);
  assert.equal(await page.locator('sd-line-chart canvas').count(), 1);
  await screenshot(page, 'ring-load-spread');

  const form = page.getByRole('form', { name: 'Load spread' });
  await form.getByLabel('nodes', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Run' }).click();
  assert.match(await page.getByRole('alert').textContent(), /ringLoadSpread: options.nodes must be an integer in \[1, 100\], got 0/);
});

pageTest('snowflake: ids coloured by field, unique across machines; a clock stepped back refuses', async (site) => {
  const { page } = await site.open('#/partition/snowflake');
  await page.getByRole('button', { name: 'Load an example' }).click();
  await page.keyboard.press('ArrowLeft');
  const id = await page.locator('sd-snowflake-state [data-id]').textContent();
  assert.equal(id, String((20n << 22n) | (2n << 12n)), 'time 20 ms, machine 2, sequence 0');
  assert.equal(await page.locator('sd-snowflake-state .bits span.machine').count(), 10);
  assert.equal(await page.locator('sd-snowflake-state .bits span.time').count(), 41);
  const ids = await page.getByRole('list', { name: 'ids so far' }).locator('li').allTextContents();
  assert.equal(new Set(ids.map((line) => line.split(' · ')[0])).size, 4, 'four distinct ids');
  await page.keyboard.press('End');
  const form = page.getByRole('form', { name: 'Call a method' });
  await form.getByRole('combobox', { name: 'method' }).selectOption('next');
  await form.getByLabel('machine').fill('2');
  await form.getByRole('button', { name: 'next()' }).click();
  assert.match(await page.getByRole('alert').textContent(), /SnowflakeCluster.next: .*backwards/);
  assert.equal(await page.locator('sd-snowflake-state [data-stat="ids"]').textContent(), '4');
  await screenshot(page, 'snowflake');
});

pageTest('URL shortener: codes, aliases, clicks and expiry; bad URLs and taken aliases refused', async (site) => {
  const { page } = await site.open('#/partition/url-shortener');
  await page.getByRole('button', { name: 'Load an example' }).click();
  const row = (code) => page.locator(`sd-url-shortener-state tr[data-code="${code}"]`);
  assert.equal(await row('launch').locator('[data-clicks]').textContent(), '2');
  assert.match(await row('0001').getAttribute('class'), /expired/);
  assert.match(await page.locator('.narration').first().textContent(), /resolve\("0001"\) — “0001” expired at 0\.500 s: “https:\/\/example\.com\/sale” is no longer served\./);
  assert.equal(await page.getByRole('table', { name: 'short code capacity' }).locator('tbody tr').count(), 5);

  const form = page.getByRole('form', { name: 'Call a method' });
  await form.getByRole('combobox', { name: 'method' }).selectOption('shortenWithAlias');
  await form.getByRole('textbox', { name: 'alias' }).fill('launch');
  await form.getByRole('button', { name: 'shortenWithAlias()' }).click();
  assert.match(await page.getByRole('alert').textContent(), /UrlShortener.shortenWithAlias: .*launch.*taken/);
  await form.getByRole('combobox', { name: 'method' }).selectOption('shorten');
  await form.getByRole('textbox', { name: 'url' }).fill('javascript:alert(1)');
  await form.getByRole('button', { name: 'shorten()' }).click();
  assert.match(await page.getByRole('alert').textContent(), /UrlShortener.shorten: .*http/);
  assert.equal(await page.locator('sd-url-shortener-state [data-stat="codes"]').textContent(), '3');

  await page.getByLabel(/^mode/).selectOption('hash');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  await form.getByRole('combobox', { name: 'method' }).selectOption('shorten');
  await form.getByRole('textbox', { name: 'url' }).fill('https://example.com/x');
  await form.getByRole('button', { name: 'shorten()' }).click();
  assert.match(await page.locator('sd-url-shortener-state td.code').first().textContent(), /^[0-9A-Za-z]{4}$/);
  await screenshot(page, 'url-shortener');
});

pageTest('sharding: sequential keys pile onto the last range; a split moves half of one shard', async (site) => {
  const { page } = await site.open('#/partition/sharding');
  await page.getByRole('button', { name: 'Load an example' }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  const count = (shard) => page.locator(`sd-sharding-state [data-shard="${shard}"] [data-count]`).textContent();
  assert.equal(await count(3), '12', 'every sequential key on the last range');
  assert.equal(await count(0), '0');
  await page.keyboard.press('End');
  assert.equal(await page.locator('sd-sharding-state .moves').getAttribute('data-moved'), '6');
  assert.equal(await count(4), '6');

  await page.getByLabel(/^strategy/).selectOption('hash');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  const form = page.getByRole('form', { name: 'Call a method' });
  for (let i = 0; i < 12; ++i) {
    await form.getByRole('textbox', { name: /^key/ }).fill(`order-${i}`);
    await form.getByRole('button', { name: 'put()' }).click();
  }
  await form.getByRole('combobox', { name: 'method' }).selectOption('addShard');
  await form.getByRole('button', { name: 'addShard()' }).click();
  assert.ok(Number(await page.locator('sd-sharding-state .moves').getAttribute('data-moved')) > 6, 'hash mod N moves most keys');
  await screenshot(page, 'sharding');
});
