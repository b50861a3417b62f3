// The code beside each rate limiter's picture: its C++ file and request() as pseudocode. Every
// limiter reports one step per request from Limiter::request (core/ratelimit/limiter.h), an
// "admit" or a "reject"; the lines below say what decided it.
import { pseudocode, type BlockCode } from '../../lab/code';

const limiter = (file: string, ...decide: Parameters<typeof pseudocode>): BlockCode => ({
  file: `core/ratelimit/${file}`,
  pseudocode: pseudocode('request(cost) at now:', '  refuse a clock that went back, a cost of 0', ...decide),
});

export const rateLimitCode: Readonly<Record<string, BlockCode>> = {
  'token-bucket': limiter('token_bucket.h',
    '  tokens = min(burst, tokens + rate × (now − last))',
    ['  if tokens ≥ cost: tokens −= cost, admit', 'admit'],
    ['  else reject: retry after (cost − tokens) / rate', 'reject']),
  'leaky-bucket-queue': limiter('leaky_bucket_queue.h',
    '  drop from the queue every request whose departure time has passed',
    ['  if cost more fit in the queue: admit, leaving at last departure + cost / leak rate', 'admit'],
    ['  else reject: retry when enough have left', 'reject']),
  'leaky-bucket-meter': limiter('leaky_bucket_meter.h',
    '  level = max(0, level − leak rate × (now − last))',
    ['  if level + cost ≤ capacity: level += cost, admit', 'admit'],
    ['  else reject: retry after (level + cost − capacity) / leak rate', 'reject']),
  'fixed-window': limiter('fixed_window.h',
    '  window = now − now mod w; a new window starts its count at 0',
    ['  if count + cost ≤ limit: count += cost, admit', 'admit'],
    ['  else reject: retry at the next window boundary', 'reject']),
  'sliding-window-log': limiter('sliding_window_log.h',
    '  drop logged times ≤ now − w',
    ['  if log size + cost ≤ limit: log now (cost times), admit', 'admit'],
    ['  else reject: retry when the oldest needed entry leaves the window', 'reject']),
  'sliding-window-counter': limiter('sliding_window_counter.h',
    '  roll the counters when now has left the current window',
    '  estimate = previous × (1 − elapsed / w) + current',
    ['  if estimate + cost ≤ limit: current += cost, admit', 'admit'],
    ['  else reject: retry when the estimate has decayed enough', 'reject']),
  gcra: limiter('gcra.h',
    '  tat = max(tat, now)',
    '  new tat = tat + T × cost;  allow at = new tat − τ',
    ['  if allow at ≤ now: tat = new tat, admit', 'admit'],
    ['  else reject: retry after allow at − now', 'reject']),
};
