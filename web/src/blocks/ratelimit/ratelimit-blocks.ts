// The rate limiters as the page sees them. The algorithms are the C++ in core/ratelimit; each
// handle owns a simulated clock that only `advance` moves, so a run replays exactly.
import { html } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import { methodsOf, paramsOf } from '../../lab/api';
import type { Arg, BlockDef, BlockInstance, Op, Params } from '../../lab/block';
import { rateLimitPhrases, rateLimitWords } from './ratelimit-words';
import './sd-ratelimit-state';

const burstThenWait: Op[] = [
  ...Array.from({ length: 6 }, () => ({ method: 'request', args: [1] })),
  { method: 'advance', args: [1000] },
  { method: 'request', args: [1] },
  { method: 'request', args: [1] },
];

type LimiterClass = 'TokenBucket' | 'LeakyBucketQueue' | 'LeakyBucketMeter' | 'FixedWindow' | 'SlidingWindowLog' | 'SlidingWindowCounter' | 'Gcra';

function limiter(
  id: string,
  title: string,
  summary: string,
  api: LimiterClass,
  initial: Record<string, Arg>,
  create: (sdlab: SdlabModule, p: Params) => BlockInstance,
  explain: BlockDef['explain'],
): BlockDef {
  return {
    id, domain: 'ratelimit', title, summary, params: paramsOf(api, initial),
    methods: methodsOf(api, { request: [1], advance: [1000] }), create, view: 'sd-ratelimit-state', explain, words: rateLimitWords, phrases: rateLimitPhrases, example: burstThenWait,
  };
}

const n = (p: Params, name: string) => p[name] as number;

export const rateLimitBlocks: readonly BlockDef[] = [
  limiter('token-bucket', 'Token bucket', 'Tokens refill at a steady rate up to a burst; a request spends tokens.',
    'TokenBucket', { ratePerSec: 2, burst: 5 },
    (s, p) => new s.TokenBucket(n(p, 'ratePerSec'), n(p, 'burst')),
    html`<p>The bucket holds up to <em>burst</em> tokens and gains <em>rate</em> tokens per second
        (fractions count). A request of cost n is admitted if n tokens are there, and spends them;
        otherwise it is rejected with the time until enough have accrued. It starts full and never
        borrows: the semantics of Go's <code>golang.org/x/time/rate</code> <code>AllowN</code>.
        O(1) time, two numbers per client.</p>
      <p><strong>Good at</strong> allowing short bursts while bounding the average rate — the industry default.
        <strong>Watch</strong> a full bucket: a client can spend a whole burst at once.</p>`),
  limiter('leaky-bucket-queue', 'Leaky bucket (queue)', 'Requests queue and leave at a fixed rate; a full queue rejects.',
    'LeakyBucketQueue', { capacity: 5, leakPerSec: 2 },
    (s, p) => new s.LeakyBucketQueue(n(p, 'capacity'), n(p, 'leakPerSec')),
    html`<p>Admitted requests wait in a bounded queue that drains at a fixed rate, so what leaves is
        perfectly smooth (traffic shaping, as in NGINX's <code>limit_req</code> with a queue). Each request's
        departure time is known when it is admitted. A full queue rejects.</p>
      <p><strong>Good at</strong> protecting a backend that needs an even rate.
        <strong>Costs</strong> latency: an admitted request may wait, and memory per queued request.</p>`),
  limiter('leaky-bucket-meter', 'Leaky bucket (meter)', 'A level that drains continuously; a request that would overflow it is rejected.',
    'LeakyBucketMeter', { capacity: 5, leakPerSec: 2 },
    (s, p) => new s.LeakyBucketMeter(n(p, 'capacity'), n(p, 'leakPerSec')),
    html`<p>The meter form: each request adds its cost to a level that leaks away continuously;
        a request that would overflow the bucket is rejected at once (policing, no waiting). It
        makes the same decisions as a token bucket seen upside down. O(1), two numbers per client.</p>`),
  limiter('fixed-window', 'Fixed window', 'Count requests per aligned window; reset at each boundary.',
    'FixedWindow', { limit: 5, windowMs: 10000 },
    (s, p) => new s.FixedWindow(n(p, 'limit'), n(p, 'windowMs')),
    html`<p>Time is cut into windows [k·w, (k+1)·w); each keeps a counter that resets at the
        boundary. O(1), one counter per client — Redis <code>INCR</code> + <code>EXPIRE</code>.</p>
      <p><strong>Weak at</strong> boundaries: a full burst at the end of one window and another at the
        start of the next admit 2× the limit within one window's length (see the comparison lab).</p>`),
  limiter('sliding-window-log', 'Sliding-window log', 'Keep every admitted request’s time; count those in the last window.',
    'SlidingWindowLog', { limit: 5, windowMs: 10000 },
    (s, p) => new s.SlidingWindowLog(n(p, 'limit'), n(p, 'windowMs')),
    html`<p>Each admitted request's timestamp is logged; a new request is admitted if fewer than
        <em>limit</em> lie in (now − w, now]. Exact at every instant — Redis sorted sets with
        <code>ZREMRANGEBYSCORE</code>.</p>
      <p><strong>Costs</strong> memory: one entry per admitted request in the window, per client.</p>`),
  limiter('sliding-window-counter', 'Sliding-window counter', 'Weigh the previous window by how much of it still overlaps.',
    'SlidingWindowCounter', { limit: 5, windowMs: 10000 },
    (s, p) => new s.SlidingWindowCounter(n(p, 'limit'), n(p, 'windowMs')),
    html`<p>Two counters: the previous window's and the current one's. The estimate is
        <code>previous × (1 − elapsed/w) + current</code>, assuming the previous window's requests
        were spread evenly. O(1), two counters per client; Cloudflare measured it within a few
        percent of exact.</p>`),
  limiter('gcra', 'GCRA', 'The generic cell rate algorithm: one timestamp per client (redis-cell).',
    'Gcra', { maxBurst: 4, countPerPeriod: 5, periodMs: 10000 },
    (s, p) => new s.Gcra(n(p, 'maxBurst'), n(p, 'countPerPeriod'), n(p, 'periodMs')),
    html`<p>GCRA stores one time per client, the theoretical arrival time (TAT). Each request would
        push the TAT one emission interval T = period/count later; it is admitted if the new TAT is
        no more than the tolerance τ ahead of now. Same behaviour as a token bucket, in one number:
        the semantics of redis-cell's <code>CL.THROTTLE</code> (limit, remaining, retry-after,
        reset-after; cost 0 peeks).</p>`),
];
