// End-to-end: the rate-limiting pages in headless Chromium — requests through the controls,
// decisions and reasons read from the page, stepping, permalinks, the traffic lab's boundary
// attack and the distributed view's over-admission.
import assert from 'node:assert/strict';
import { call, callTimes, pageTest, screenshot } from './harness.mjs';

const decision = (page) => page.locator('sd-ratelimit-state .decision');

pageTest('every limiter page decides a request and says why', async (site) => {
  const pages = ['token-bucket', 'leaky-bucket-queue', 'leaky-bucket-meter', 'fixed-window', 'sliding-window-log', 'sliding-window-counter', 'gcra'];
  for (const id of pages) {
    const { page } = await site.open(`#/ratelimit/${id}`);
    await callTimes(page, 7, 'request', 1);
    assert.equal(await decision(page).getAttribute('data-decision'), 'rejected', id);
    assert.match(await decision(page).textContent(), /rejected, retry in/, id);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    assert.equal(await decision(page).getAttribute('data-decision'), 'admitted', id);
  }
});

pageTest('a limiter speaks in words, and a clock step after a rejection is told by the clock, not the rejection', async (site) => {
  const { page } = await site.open('#/ratelimit/token-bucket');
  const narration = () => page.locator('.narration').first().textContent();
  await call(page, 'request', 1);
  assert.match(await narration(), /request\(1\) — admitted, 4 left — it met 5 of 5 tokens\./);
  await callTimes(page, 5, 'request', 1);
  assert.match(await narration(), /request\(1\) — rejected, 0 left; retry in 0\.500 s — it met 0 of 5 tokens\./);
  await call(page, 'advance', 250);
  const said = await narration();
  assert.match(said, /advance\(250\) — the clock moved on 0\.250 s to 0\.250 s; tokens 0 → 0\.50 of 5\./);
  assert.doesNotMatch(said, /reject|admit|retry/);
  assert.doesNotMatch(await page.locator('.log li').last().textContent(), /reject|admit/);
  assert.equal(await decision(page).count(), 0, 'the view shows no verdict for a clock step');

  const lockstep = await site.open('#/ratelimit/lockstep');
  await callTimes(lockstep.page, 7, 'request', 1);
  assert.match(await lockstep.page.locator('.narration').first().textContent(), /Token bucket: rejected/);
  await call(lockstep.page, 'advance', 100);
  const each = await lockstep.page.locator('.narration').first().textContent();
  assert.match(each, /Token bucket: the clock moved on 0\.100 s/);
  assert.doesNotMatch(each, /reject|admit|retry/);
});

pageTest('token bucket: a duration typed with its unit, a chart of the tokens in the view, light and dark', async (site) => {
  const { page } = await site.open('#/ratelimit/token-bucket');
  await callTimes(page, 6, 'request', 1);
  await call(page, 'advance', '1.5 s');
  assert.match(await page.locator('.narration').first().textContent(), /advance\(1500\) — the clock moved on 1\.500 s to 1\.500 s; tokens 0 → 3 of 5\./);
  assert.equal(await page.locator('[data-gauge="tokens"] [data-value]').textContent(), '3 / 5');
  await call(page, 'advance', '2 h');
  assert.equal(await page.getByRole('alert').textContent(), 'advance: ms unknown unit "h" (units: µs, ms or s)');
  assert.equal(await page.getByRole('list', { name: 'calls made' }).locator('li').count(), 1 + 7, 'nothing was called');
  assert.equal(await page.locator('sd-ratelimit-state sd-line-chart canvas').count(), 1, 'uPlot draws inside the view’s shadow root');
  const overlay = await page.locator('sd-ratelimit-state sd-line-chart .u-over').evaluate((el) => getComputedStyle(el).position);
  assert.equal(overlay, 'absolute', 'uPlot’s stylesheet applies in the shadow root');
  await screenshot(page, 'token-bucket-chart');
  for (const [name, options] of [['token-bucket-chart-phone-dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' }]]) {
    const phone = await site.open('#/ratelimit/token-bucket', options);
    await phone.page.getByRole('button', { name: 'Load an example' }).click();
    await phone.page.locator('sd-ratelimit-state sd-line-chart canvas').waitFor();
    await screenshot(phone.page, name);
  }
});

/** The gauge's fill and track colours, and the theme's colour `name`, as the browser computes them. */
const paintOf = (gauge, name) => gauge.evaluate((element, variable) => {
  const probe = document.createElement('div');
  probe.style.background = `var(${variable})`;
  element.append(probe);
  const theme = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const colour = (selector) => getComputedStyle(element.querySelector(selector)).backgroundColor;
  return { fill: colour('.fill'), track: colour('.track'), theme };
}, name);

pageTest('token bucket: a burst empties it, time refills it, the permalink reproduces the step', async (site) => {
  const { page } = await site.open('#/ratelimit/token-bucket');
  const tokens = page.locator('[data-gauge="tokens"]');
  await call(page, 'request', 0);
  assert.equal(await tokens.locator('[data-value]').textContent(), '5 / 5');
  const full = await paintOf(tokens, '--accent');
  assert.equal(full.fill, full.theme, 'a full bucket is the calm accent');
  await callTimes(page, 6, 'request', 1);
  assert.match(await decision(page).textContent(), /Rejected · remaining 0 · retry after 0\.500 s/);
  assert.equal(await tokens.locator('[data-value]').textContent(), '0 / 5');
  const empty = await paintOf(tokens, '--warn-bg');
  assert.equal(empty.track, empty.theme, 'an empty bucket is the warning');
  assert.notEqual(empty.track, full.track);
  await call(page, 'advance', 1000);
  assert.equal(await page.locator('[data-gauge="tokens"] [data-value]').textContent(), '2 / 5');
  await call(page, 'request', 1);
  assert.match(await decision(page).textContent(), /Admitted · remaining 1/);
  assert.equal(await page.locator('sd-ratelimit-state .admit-dot').count(), 7);
  assert.equal(await page.locator('sd-ratelimit-state .reject-dot').count(), 1);
  await screenshot(page, 'token-bucket');

  await page.getByRole('button', { name: 'Step back' }).click();
  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.locator('[data-gauge="tokens"] [data-value]').textContent(), '2 / 5');
  assert.equal(await reopened.page.locator('[data-stat="time"]').textContent(), '1.000 s');
});

pageTest('fixed window: the sixth request in a window is rejected until the boundary', async (site) => {
  const { page } = await site.open('#/ratelimit/fixed-window');
  await callTimes(page, 6, 'request', 1);
  assert.match(await decision(page).textContent(), /window 0\.000 s–10\.000 s holds 5 of 5: rejected, retry in 10\.000 s/);
  await call(page, 'advance', 10000);
  await call(page, 'request', 1);
  assert.equal(await decision(page).getAttribute('data-decision'), 'admitted');
});

pageTest('bad input is an error naming the rule, and changes nothing', async (site) => {
  const { page } = await site.open('#/ratelimit/token-bucket');
  await call(page, 'request', 1);
  await call(page, 'request', 1.5);
  assert.equal(await page.getByRole('alert').textContent(), 'TokenBucket.request: cost must be an integer in [0, 1000000000], got 1.5');
  await page.getByLabel(/^ratePerSec/).fill('-1');
  await page.getByRole('button', { name: 'Restart with these' }).click();
  assert.equal(await page.getByRole('alert').textContent(), 'TokenBucket: ratePerSec must be a finite number in [0.000001, 1000000000], got -1');
  assert.equal(await page.locator('[data-gauge="tokens"] [data-value]').textContent(), '4 / 5');
});

pageTest('traffic lab: the boundary attack gets 2x the limit through the fixed window only', async (site) => {
  const { page } = await site.open('#/ratelimit/compare');
  await page.getByRole('button', { name: 'boundary' }).click();
  const cell = (algorithm, stat) => page.locator(`tr[data-algorithm="${algorithm}"] td[data-stat="${stat}"]`).textContent();
  await page.locator('tr[data-algorithm="fixedWindow"]').waitFor();
  assert.equal(await cell('fixedWindow', 'maxInWindow'), '20 (2.00× limit)');
  for (const algorithm of ['tokenBucket', 'slidingWindowLog', 'slidingWindowCounter', 'gcra']) {
    assert.equal(await cell(algorithm, 'maxInWindow'), '10 (1.00× limit)', algorithm);
  }
  assert.equal(await cell('fixedWindow', 'admitted'), '40');
  assert.equal(await cell('slidingWindowLog', 'admitted'), '20');
  assert.equal(await page.locator('sd-line-chart canvas').count(), 1);
  await screenshot(page, 'traffic-lab');
  await page.getByLabel('limit per window').fill('4');
  await page.getByRole('button', { name: 'Run' }).click();
  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.getByLabel('limit per window').inputValue(), '4');
  assert.equal(await reopened.page.locator('tr[data-algorithm="fixedWindow"] td[data-stat="maxInWindow"]').textContent(), '8 (2.00× limit)');
  await page.getByLabel('limit per window').fill('0');
  await page.getByRole('button', { name: 'Run' }).click();
  assert.match(await page.getByRole('alert').textContent(), /limit must be an integer in \[1, 1000000000\], got 0/);
});

pageTest('distributed: a racy shared counter over-admits, an atomic one does not', async (site) => {
  const { page } = await site.open('#/ratelimit/distributed');
  const cell = (placement, stat) => page.locator(`tr[data-placement="${placement}"] td[data-stat="${stat}"]`).textContent();
  assert.equal(await cell('atomic', 'overAdmitted'), '0');
  assert.ok(Number(await cell('racy', 'overAdmitted')) > 0);
  assert.ok(Number(await cell('local-full', 'overAdmitted')) > Number(await cell('racy', 'overAdmitted')));
  await page.getByLabel('store round trip (ms)').fill('0');
  await page.getByRole('button', { name: 'Run' }).click();
  assert.equal(await cell('racy', 'overAdmitted'), '0', 'with no latency nothing can race');
  const reopened = await site.open(page.url());
  assert.equal(await reopened.page.getByLabel('store round trip (ms)').inputValue(), '0');
  assert.equal(await reopened.page.locator('tr[data-placement="racy"] td[data-stat="overAdmitted"]').textContent(), '0');
  await screenshot(page, 'distributed');
});

pageTest('quiz mode asks before each call, then marks the prediction right or wrong from the real decision', async (site) => {
  const { page } = await site.open('#/ratelimit/fixed-window');
  await page.getByLabel('Quiz me').check();
  const quiz = page.getByRole('group', { name: 'Quiz' });
  const predict = async (choice, mark) => {
    assert.match(await quiz.textContent(), /Will request\(1\) be admitted or rejected\?/);
    await quiz.getByRole('button', { name: choice }).click();
    assert.match(await quiz.getByRole('status').textContent(), mark);
  };
  await call(page, 'request', 1);
  assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), '0', 'nothing is called before the prediction');
  await predict('rejected', /✗ Not quite: you said rejected; it was admitted\./);
  assert.equal(await decision(page).getAttribute('data-decision'), 'admitted');

  await callTimes(page, 5, 'request', 1);
  for (let i = 0; i < 4; ++i) await predict('admitted', /✓ Right: admitted\./);
  await predict('rejected', /✓ Right: rejected\./);
  assert.equal(await decision(page).getAttribute('data-decision'), 'rejected');
  assert.match(await quiz.getByLabel('score').textContent(), /Score: 5 of 6 right/);
  await screenshot(page, 'fixed-window-quiz');
});
