// What a rate limiter call did, in words: a request's verdict ("admitted, 4 left") with the state
// it met (from the step core/ratelimit reported), and a clock step by what the clock did to the
// limiter's state — never by the verdict of an earlier request.
import type {
  FixedWindowSnapshot, GcraSnapshot, LeakyBucketMeterSnapshot, LeakyBucketQueueDecision, LeakyBucketQueueSnapshot, RateLimitDecision,
  SlidingWindowCounterSnapshot, SlidingWindowLogSnapshot, TokenBucketSnapshot, TraceStep,
} from 'sdlab-wasm';
import type { Phrases, Words } from '../../lab/block';
import { amount, byMethod, figure, figures, seconds, stepOf } from '../../lab/words';

export type LimiterSnapshot = TokenBucketSnapshot | LeakyBucketQueueSnapshot | LeakyBucketMeterSnapshot | FixedWindowSnapshot
  | SlidingWindowLogSnapshot | SlidingWindowCounterSnapshot | GcraSnapshot;

/** What fills up in a limiter, and its ceiling; `time`: the value is a duration in ms. */
export function measure(s: LimiterSnapshot): { label: string; value: number; max: number; time?: true } {
  if ('tokens' in s) return { label: 'tokens', value: s.tokens, max: s.burst };
  if ('level' in s) return { label: 'level', value: s.level, max: s.capacity };
  if ('queue' in s) return { label: 'queued', value: s.queued, max: s.capacity };
  if ('estimate' in s) return { label: 'estimate', value: s.estimate, max: s.limit };
  if ('aheadMs' in s) return { label: 'TAT ahead of now (ms)', value: s.aheadMs, max: s.toleranceMs, time: true };
  return { label: 'in the window', value: s.count, max: s.limit };
}

/** The state a request met, from its step's figures: "5 of 5 tokens". */
function met(step: TraceStep | undefined): string {
  const f = figures(step) as Record<string, number>;
  if ('tokens' in f) return `${amount(f.tokens)} of ${amount(f.burst)} tokens`;
  if ('level' in f) return `level ${amount(f.level)} of ${amount(f.capacity)}`;
  if ('queued' in f) return `${amount(f.queued)} of ${amount(f.capacity)} queued`;
  if ('estimate' in f) return `an estimate of ${amount(f.estimate)} of ${amount(f.limit)}`;
  if ('aheadMs' in f) return `its TAT ${seconds(f.aheadMs)} ahead, within ${seconds(f.toleranceMs)}`;
  if ('count' in f) return `${amount(f.count)} of ${amount(f.limit)} in the window`;
  return '';
}

function verdict(d: RateLimitDecision & Partial<LeakyBucketQueueDecision>, cost: number): string {
  const costly = cost === 1 ? '' : ` (cost ${cost})`;
  if (d.allowed) return `admitted${costly}, ${amount(d.remaining)} left${d.waitMs ? `; it waits ${seconds(d.waitMs)} in the queue` : ''}`;
  if (d.retryAfterMs < 0) return `rejected${costly}: more than it can ever allow`;
  return `rejected${costly}, ${amount(d.remaining)} left; retry in ${seconds(d.retryAfterMs)}`;
}

/** A request's step in words: when, its cost, the state it met, the verdict. */
function decided(s: TraceStep): string {
  const cost = figure(s, 'cost');
  const request = `at ${seconds(figure(s, 'atMs'))} a request${cost === 1 ? '' : ` of cost ${cost}`} meets ${met(s)}`;
  if (s.kind === 'admit') return `${request}: admitted, ${amount(figure(s, 'remaining'))} left`;
  const retry = figure(s, 'retryAfterMs');
  return `${request}: rejected, ${retry < 0 ? 'more than it can ever allow' : `retry in ${seconds(retry)}`}`;
}

/** Every step a limiter reports, in words. */
export const rateLimitPhrases: Phrases = { admit: decided, reject: decided };

export const rateLimitWords: Words = byMethod({
  request: (said) => {
    const before = met(stepOf(said.trace, 'admit', 'reject'));
    return `${verdict(said.result as RateLimitDecision, said.op.args[0] as number)}${before ? ` — it met ${before}` : ''}`;
  },
  advance: (said) => {
    const [before, after] = [said.before, said.state] as LimiterSnapshot[];
    const [was, now] = [measure(before), measure(after)];
    const show = now.time ? seconds : amount;
    const label = now.time ? 'the TAT ahead of now' : now.label === 'in the window' ? 'the count in the window' : now.label;
    const state = was.value === now.value
      ? `${label} stays ${show(now.value)} of ${show(now.max)}`
      : `${label} ${show(was.value)} → ${show(now.value)} of ${show(now.max)}`;
    return `the clock moved on ${seconds(said.op.args[0] as number)} to ${seconds(after.nowMs)}; ${state}`;
  },
});
