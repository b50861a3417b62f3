// @vitest-environment happy-dom
// StateView.resultOf: the result of the call on show (or of a given frame) when it was the method
// asked for, typed by the handle's declared method; undefined for any other call or none.
import type { RateLimitDecision, TokenBucket, TokenBucketSnapshot } from 'sdlab-wasm';
import { describe, expect, it } from 'vitest';
import { StateView, type ViewFrame } from '../../web/src/ui/state-view';

class BucketView extends StateView<TokenBucketSnapshot, TokenBucket> {
  decision(frame?: ViewFrame<TokenBucketSnapshot>): RateLimitDecision | undefined {
    return this.resultOf('request', frame);
  }
}
customElements.define('test-bucket-view', BucketView);

const state = { ratePerSec: 1, burst: 1, tokens: 0, tokensAtLastRefill: 0, lastRefillMs: 0, nowMs: 0, bytes: 48 };
const decision = { allowed: true, remaining: 0, retryAfterMs: 0, resetAfterMs: 1000 };

describe('StateView.resultOf', () => {
  it('gives the result of the method asked for, and nothing for another call or none', () => {
    const view = new BucketView();
    view.frame = { op: { method: 'request', args: [1] }, result: decision, trace: [], state };
    expect(view.decision()).toBe(decision);
    const advanced = { op: { method: 'advance', args: [10] }, result: undefined, trace: [], state };
    expect(view.decision(advanced)).toBeUndefined();
    expect(view.decision({ trace: [], state })).toBeUndefined();
  });
});
