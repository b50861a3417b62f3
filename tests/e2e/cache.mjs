// End-to-end: the cache pages in headless Chromium, driven as a person would — click, type, step,
// go back, reload a permalink, use the console — and the comparison, stampede and experiment labs.
// What every block shares (catalogue, permalink reload, bad input, heap, phone width, embed) is
// in blocks.mjs.
import assert from 'node:assert/strict';
import { call, checklist, pageTest, screenshot } from './harness.mjs';

/** The keys the state view shows, in order (the picture may shorten a long key; data-key holds it whole). */
const keys = (page, scope = page) => scope.locator('sd-cache-state .entry').evaluateAll((entries) => entries.map((e) => e.dataset.key));
const stat = (page, name) => page.locator(`sd-cache-state [data-stat="${name}"]`).first().textContent();

pageTest('LRU: calls change the picture, the timeline steps back and forth, the permalink reproduces it', async (site) => {
  const { page } = await site.open('#/cache/lru');
  for (const [k, v] of [['a', '1'], ['b', '2'], ['c', '3']]) await call(page, 'put', k, v);
  await call(page, 'get', 'a');
  await call(page, 'put', 'd', '4');
  assert.deepEqual(await keys(page), ['d', 'a', 'c']);
  const narration = await page.locator('.narration').first().textContent();
  assert.match(narration, /put\("d", "4"\) — evicted “b” \(least recently used: at the tail\); inserted “d” at the head\./);
  assert.doesNotMatch(narration, /[{}]|returned/, 'words, not JSON');
  assert.match(await page.locator('.log li').last().textContent(), /put\("d", "4"\) → evicted “b”/);
  await page.getByText('The full result').click();
  assert.equal(await page.locator('details.value pre').textContent(), '"b"', 'the value as it came back, one click away');
  assert.equal(await stat(page, 'evictions'), '1');
  assert.equal(await stat(page, 'hit ratio'), '100.0%');
  assert.equal(await page.locator('sd-cache-state [data-stat="expired"]').count(), 0, 'no expiry count without a TTL');
  await screenshot(page, 'lru-after-eviction');

  await page.getByRole('button', { name: 'Step back' }).click();
  assert.deepEqual(await keys(page), ['a', 'c', 'b']);
  await page.keyboard.press('Home');
  assert.deepEqual(await keys(page), []);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await keys(page), ['a']);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await keys(page), ['c', 'b', 'a']);

  const link = page.url();
  const reopened = await site.open(link);
  assert.deepEqual(await keys(reopened.page), ['c', 'b', 'a']);
  assert.match(await reopened.page.locator('sd-timeline .where').textContent(), /step 3 \/ 5/);
  await reopened.page.keyboard.press('End');
  assert.deepEqual(await keys(reopened.page), ['d', 'a', 'c']);
});

pageTest('the code that ran: the C++ line of the step on show is lit, follows stepping and sub-steps, and pseudocode is a switch away', async (site) => {
  const { page } = await site.open('#/cache/lru');
  const code = page.locator('sd-source');
  const lit = code.locator('li.lit');
  await call(page, 'put', 'a', '1');
  await call(page, 'put', 'b', '2');
  await call(page, 'get', 'a');
  assert.equal(await code.locator('.file').textContent(), 'core/cache/list_cache.h');
  assert.match(await lit.textContent(), /note\(trace_, "promote"/, 'the get ends moving the entry to the head');
  assert.ok((await code.locator('li.trail').count()) >= 1, 'the hit that led there is on the trail');
  await page.keyboard.press('ArrowLeft');
  assert.match(await lit.textContent(), /note\(trace_, "insert"/, 'one step back: the put of b');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press(']');
  assert.match(await lit.textContent(), /note\(trace_, "hit"/, 'the get\'s first sub-step');
  await screenshot(page, 'lru-code');
  await code.getByRole('button', { name: 'Pseudocode' }).click();
  assert.match(await lit.textContent(), /hit: the map gives the node/);
  await page.keyboard.press(']');
  assert.match(await lit.textContent(), /relink it at the head/);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'LRU cache' }).waitFor();
  assert.equal(await code.getByRole('button', { name: 'Pseudocode' }).getAttribute('aria-pressed'), 'true', 'the choice is remembered');
  assert.match(await lit.textContent(), /relink it at the head/, 'the permalink reopens the get');
  await code.getByRole('button', { name: 'C++' }).click();
});

pageTest('undo and redo from the keyboard; a call while stepped back starts a branch, and the old future is returned to', async (site) => {
  const { page } = await site.open('#/cache/fifo');
  for (const k of ['a', 'b', 'c']) await call(page, 'put', k, 'v');
  const pressed = async (key, expected) => {
    await page.keyboard.press(key);
    assert.deepEqual(await keys(page), expected, key);
  };
  await pressed('Control+z', ['b', 'a']);
  await pressed('Control+z', ['a']);
  await pressed('Control+Shift+z', ['b', 'a']);
  await pressed('Control+y', ['c', 'b', 'a']);
  await pressed('Control+z', ['b', 'a']);

  await call(page, 'put', 'z', 'v');
  assert.deepEqual(await keys(page), ['z', 'b', 'a']);
  assert.equal(await page.locator('.log li').count(), 3 + 1);
  const branches = page.getByRole('group', { name: 'Branches' });
  assert.match(await branches.textContent(), /Branch 2 of 2 at step 3/);
  await screenshot(page, 'fifo-branches');
  await branches.getByRole('button', { name: 'Branch 1' }).click();
  assert.match(await branches.textContent(), /Branch 1 of 2 at step 2/);
  await pressed('Control+y', ['c', 'b', 'a']);
  assert.match(await page.locator('.log li').last().textContent(), /put\("c", "v"\)/);

  const reopened = await site.open(page.url());
  assert.deepEqual(await keys(reopened.page), ['c', 'b', 'a'], 'the link carries the branch on show');
  assert.equal(await reopened.page.getByRole('group', { name: 'Branches' }).count(), 0, 'and that branch only');
});

pageTest('a tour plays from the Tours menu to its summary, step by step, with a quiz on the way; the address names it', async (site) => {
  const { page } = await site.open('#/cache/lfu');
  await page.locator('details.tours summary').click();
  await page.getByRole('button', { name: 'Why LFU keeps the hot key' }).click();
  const tour = page.getByRole('region', { name: 'Tour' });
  const next = tour.getByRole('button', { name: 'Next' });
  assert.match(await tour.textContent(), /Make one key popular/);
  for (let i = 0; i < 6; ++i) await next.click();
  assert.match(await tour.textContent(), /The cache is full: hot \(4 uses\), a \(1\) and b \(1\)\.\s*Previous\s*step 6 of 9/);
  assert.match(page.url(), /[?&]tour=hot-key/);

  await page.getByLabel('Quiz me').check();
  await next.click();
  const quiz = page.getByRole('group', { name: 'Quiz' });
  assert.match(await quiz.textContent(), /Which key will put\("c", "3"\) evict\?/);
  assert.equal(await next.isDisabled(), true, 'the tour waits for the answer');
  await quiz.getByRole('button', { name: 'a', exact: true }).click();
  assert.match(await quiz.getByRole('status').textContent(), /✓ Right: a\./);
  assert.match(await tour.textContent(), /step 7 of 9/);
  assert.deepEqual(await keys(page), ['c', 'b', 'hot']);
  await page.getByLabel('Quiz me').uncheck();

  await tour.getByRole('button', { name: 'Previous' }).click();
  assert.deepEqual(await keys(page), ['b', 'a', 'hot']);
  for (let i = 0; i < 3; ++i) await next.click();
  assert.match(await tour.getByRole('status').textContent(), /Tour complete\. LFU kept the hot key/);
  assert.equal(await next.isDisabled(), true);
  assert.deepEqual(await keys(page), ['e', 'd', 'hot']);
  await screenshot(page, 'lfu-tour-complete');

  const reopened = await site.open(page.url());
  assert.match(await reopened.page.getByRole('region', { name: 'Tour' }).textContent(), /step 9 of 9/, 'a link to a tour step reopens it there');
  await reopened.page.getByRole('button', { name: 'Exit tour' }).click();
  assert.equal(await reopened.page.getByRole('region', { name: 'Tour' }).count(), 0);
  assert.doesNotMatch(reopened.page.url(), /tour=/);

  const unknown = await site.open('#/cache/lfu?tour=cold-key');
  assert.match(await unknown.page.getByRole('alert').first().textContent(), /The LFU cache has no tour "cold-key"; its tours are "hot-key"/);
});

pageTest('LFU shows frequency buckets and evicts the least used', async (site) => {
  const { page } = await site.open('#/cache/lfu');
  await call(page, 'put', 'a', '1');
  await call(page, 'put', 'b', '2');
  await call(page, 'get', 'a');
  await call(page, 'get', 'a');
  await call(page, 'put', 'c', '3');
  await call(page, 'put', 'd', '4');
  const buckets = page.locator('sd-cache-state .bucket');
  assert.equal(await buckets.count(), 2);
  assert.equal(await buckets.nth(0).getAttribute('data-frequency'), '1');
  assert.deepEqual(await buckets.nth(0).locator('.key').allTextContents(), ['d', 'c']);
  assert.deepEqual(await buckets.nth(1).locator('.key').allTextContents(), ['a']);
  assert.match(await page.locator('sd-cache-state .left').textContent(), /b \(evict: least frequently used/);
  await screenshot(page, 'lfu-buckets');
});

pageTest('bad input shows an error naming the problem and leaves the state unchanged', async (site) => {
  const { page } = await site.open('#/cache/lru');
  await call(page, 'put', 'a', '1');
  await page.getByLabel(/capacity/).fill('-1');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.equal(await page.getByRole('alert').textContent(), 'LruCache: capacity must be an integer in [0, 1000000], got -1');
  assert.deepEqual(await keys(page), ['a']);
  await call(page, 'put', 'k'.repeat(1100), 'v');
  assert.match(await page.getByRole('alert').textContent(), /LruCache.put: key must be at most 1024 bytes long, got 1100/);
  assert.deepEqual(await keys(page), ['a']);
  assert.match(await page.locator('.log .rejected').first().textContent(), /capacity|key must be/);

  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const hostile = '<img src=x onerror=alert(1)>';
  await call(page, 'put', hostile, '<b>bold</b>');
  assert.deepEqual(await keys(page), [hostile, 'a']);
  assert.equal(await page.locator('sd-cache-state .entry .value').first().textContent(), '<b>bold</b>');
  assert.equal(dialogs, 0);
  await screenshot(page, 'lru-bad-input');
});

pageTest('the console calls the API and the views follow', async (site) => {
  const { page } = await site.open('#/cache/lru');
  const input = page.getByRole('textbox', { name: 'JavaScript to run' });
  await input.fill('block.put("x", "1")');
  await input.press('Enter');
  await input.fill('block.get("x")');
  await input.press('Enter');
  await input.fill('block.put(1, 2)');
  await input.press('Enter');
  const output = page.getByRole('list', { name: 'console output' });
  assert.match(await output.textContent(), /"1"/);
  assert.match(await output.textContent(), /Error: put: key must be a string, got number/);
  assert.deepEqual(await keys(page), ['x']);
  assert.equal(await stat(page, 'hits'), '1');
  assert.equal(await page.getByRole('list', { name: 'calls made' }).locator('li').count(), 3);
});

pageTest('side by side: one sequence, three policies, in lockstep', async (site) => {
  const { page } = await site.open('#/cache/compare');
  await page.getByRole('button', { name: 'Load the example sequence' }).click();
  const ratio = (policy) => page.locator(`section[data-policy="${policy}"] .ratio`).textContent();
  const ratios = { lru: await ratio('lru'), lfu: await ratio('lfu'), fifo: await ratio('fifo') };
  // a b c a a b d a e b a c, capacity 3: LRU hits a a b a a; LFU also keeps b (used twice) over d
  // and e; FIFO evicts a at d and misses it once more.
  assert.deepEqual(ratios, { lru: '41.7%', lfu: '50.0%', fifo: '33.3%' });
  await screenshot(page, 'compare');
  await page.keyboard.press('Home');
  for (const policy of ['lru', 'lfu', 'fifo']) assert.equal(await ratio(policy), '—');
  const link = page.url();
  await page.keyboard.press('End');
  const reopened = await site.open(link);
  assert.equal(await reopened.page.locator('section[data-policy="lfu"] .ratio').textContent(), '—');
});

pageTest('experiment: hit ratio against capacity, computed in a worker and plotted; the permalink runs it again', async (site) => {
  const { page } = await site.open('#/cache/experiment');
  await page.getByLabel('operations per point').fill('100000');
  await page.getByLabel('largest capacity').fill('1000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.results tbody tr:nth-child(10) td[data-policy="fifo"]').filter({ hasText: '%' }).waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 60000 });
  const cell = (row, policy) => page.locator(`.results tbody tr:nth-child(${row}) td[data-policy="${policy}"]`).textContent();
  const percent = async (row, policy) => Number.parseFloat(await cell(row, policy));
  assert.equal(await page.locator('.results tbody tr').count(), 10);
  assert.ok((await percent(10, 'lru')) > (await percent(1, 'lru')), 'a bigger cache hits more');
  assert.ok((await percent(10, 'lfu')) >= (await percent(10, 'fifo')), 'LFU beats FIFO on zipf');
  assert.equal(await page.locator('.chart canvas').count(), 1);
  await screenshot(page, 'experiment');

  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.getByLabel('largest capacity').inputValue(), '1000');
  assert.equal(await reopened.page.getByLabel('operations per point').inputValue(), '100000');
  await reopened.page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 60000 });
  assert.equal(await reopened.page.locator('.results tbody tr:nth-child(10) th, .results tbody tr:nth-child(10) td').first().textContent(), '1,000');
  assert.equal(await reopened.page.locator('.results tbody tr:nth-child(10) td[data-policy="lru"]').textContent(), await cell(10, 'lru'), 'the same run');
  await page.getByLabel('largest capacity').fill('-5');
  await page.getByRole('button', { name: 'Run' }).click();
  assert.match(await page.getByRole('alert').textContent(), /capacity must be an integer in \[0, 1000000\], got -5/);
});

pageTest('TTL: entries expire on the simulated clock; lazy expiry and sweep', async (site) => {
  const { page } = await site.open('#/cache/ttl');
  await page.getByRole('button', { name: 'Load an example' }).click();
  assert.deepEqual(await keys(page), []);
  assert.equal(await stat(page, 'expired'), '2');
  assert.equal(await stat(page, 'time'), '1100 ms');
  await page.getByRole('button', { name: 'Step back' }).click();
  // After advance(800): "session" is past its expiry but not yet swept: still there, marked expired.
  assert.deepEqual(await page.locator('sd-cache-state .entry.expired .key').allTextContents(), ['session']);
  assert.equal(await page.locator('sd-cache-state .entry.expired .extra').textContent(), 'expired · not yet removed');
  await screenshot(page, 'ttl-expired');
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.deepEqual(await keys(page), ['session']);
  assert.equal(await page.locator('sd-cache-state .entry.expired').count(), 0);
  assert.match(await page.locator('sd-cache-state .entry .extra').first().textContent(), /700 ms left/);
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.match(await page.locator('.narration').first().textContent(), /get\("otp"\) — “otp” had expired: removed; miss: “otp” is not cached\./);
  await call(page, 'advance', -5);
  assert.match(await page.getByRole('alert').textContent(), /TtlCache.advance: ms must be a finite number in \[0, \d+\], got -5/);
  await screenshot(page, 'ttl');
});

pageTest('write-back loses acknowledged writes in a crash; write-through does not', async (site) => {
  const back = await site.open('#/cache/write-back');
  await back.page.getByRole('button', { name: 'Load an example' }).click();
  assert.equal(await stat(back.page, 'writes lost in crashes'), '2');
  assert.match(await back.page.locator('.log li').nth(4).textContent(), /crash\(\) → the cache crashed and lost its entries; the acknowledged writes of “a” and “b” never reached the store/);
  assert.match(await back.page.locator('.narration').first().textContent(), /get\("a"\) — miss: “a” is not cached; “a” is not in the store either\./);
  await back.page.getByRole('button', { name: 'Step back' }).click();
  await back.page.getByRole('button', { name: 'Step back' }).click();
  assert.equal(await back.page.locator('sd-cache-state .entry.dirty').count(), 2);
  await screenshot(back.page, 'write-back');

  const through = await site.open('#/cache/write-through');
  await through.page.getByRole('button', { name: 'Load an example' }).click();
  assert.equal(await stat(through.page, 'writes lost in crashes'), '0');
  assert.match(await through.page.locator('.narration').first().textContent(), /get\("a"\) — miss: “a” is not cached; read “a” through from the store; .*: “3”\./);
});

pageTest('stampede: single-flight turns a herd of store loads into one per expiry', async (site) => {
  const { page } = await site.open('#/cache/stampede');
  const cell = (protection, name) => page.locator(`tr[data-protection="${protection}"] td[data-stat="${name}"]`).textContent();
  assert.ok(Number(await cell('none', 'maxConcurrentLoads')) > 50, 'unprotected readers pile onto the store');
  assert.equal(await cell('single-flight', 'maxConcurrentLoads'), '1');
  assert.ok(Number(await cell('early-expiry', 'maxConcurrentLoads')) < Number(await cell('none', 'maxConcurrentLoads')));
  assert.equal(await page.locator('sd-line-chart canvas').count(), 1);
  await screenshot(page, 'stampede');
  await page.getByLabel('hot keys').fill('50');
  await page.getByRole('button', { name: 'Run' }).click();
  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.getByLabel('hot keys').inputValue(), '50');
  await page.getByLabel('readers').fill('-1');
  await page.getByRole('button', { name: 'Run' }).click();
  assert.match(await page.getByRole('alert').textContent(), /readers must be an integer in \[1, 1000000\], got -1/);
});

pageTest('LRU: the invariants checklist stays green through inserts, hits and evictions', async (site) => {
  const { page } = await site.open('#/cache/lru');
  const checks = page.getByRole('group', { name: 'Invariants' });
  assert.deepEqual(await checklist(checks), [
    ['holds at most capacity entries', true, null],
    ['the index and the list hold the same entries', true, null],
  ]);
  await page.getByRole('button', { name: 'Load an example' }).click();
  await call(page, 'put', 'e', '5');
  assert.equal(await stat(page, 'evictions'), '2');
  assert.deepEqual((await checklist(checks)).map(([, holds]) => holds), [true, true]);
  await screenshot(page, 'lru-invariants');
});

pageTest('stampede: Step lets one reader arrive; without protection a second concurrent load breaks single-flight’s promise', async (site) => {
  const { page } = await site.open('#/cache/stampede');
  const promise = (protection) => checklist(page.locator(`.invariant-grid section[data-protection="${protection}"]`));
  const [[name, holds, step]] = await promise('none');
  assert.equal(name, 'at most one store load per key at a time');
  assert.equal(holds, false);
  assert.ok(Number(step) > 0, 'the reader that started the second load is named');
  assert.deepEqual(await promise('single-flight'), [[name, true, null]]);
  await page.getByRole('button', { name: 'Step' }).click();
  assert.match(await page.getByRole('status').textContent(), /^Reader 1 of 5000 has arrived, at [\d.]+ ms\.$/);
  await page.getByRole('button', { name: 'Step' }).click();
  assert.match(await page.getByRole('status').textContent(), /^Reader 2 of 5000 has arrived/);
  assert.equal((await promise('none'))[0][1], true, 'two readers in, nothing has expired yet');
  await page.getByRole('button', { name: 'Run' }).click();
  assert.equal(await page.getByRole('status').count(), 0, 'a finished run shows no progress');
  assert.equal((await promise('none'))[0][2], step);
});
