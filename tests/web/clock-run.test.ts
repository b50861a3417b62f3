// @vitest-environment happy-dom
// A clock that runs by itself: ticks at TICK_MS of (fake) time, each advancing TICK_MS × speed,
// folded into one logged call while that call is the last one and on show; a new call past the
// method's maximum, after another call, or when the first fails; stopped when the page hides.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClockRun, TICK_MS } from '../../web/src/lab/clock-run';
import type { Outcome } from '../../web/src/lab/lab';
import { CHECKPOINT_EVERY, Lab } from '../../web/src/lab/lab';
import { noModule, pairBlock, stackBlock } from './fake-block';

const clockOf = (lab: Lab, actor = 0) => (lab.frameAt(lab.cursor, actor).state as { clock?: number }).clock ?? 0;

describe('ClockRun', () => {
  let lab: Lab;
  let outcomes: (Outcome | undefined)[];
  const run = (max = 10_000) => new ClockRun(() => lab, max, (outcome) => outcomes.push(outcome));

  beforeEach(() => {
    vi.useFakeTimers();
    lab = new Lab(stackBlock, noModule, { limit: 3 });
    outcomes = [];
  });
  afterEach(() => {
    lab.dispose();
    vi.useRealTimers();
  });

  it('folds consecutive ticks into one advance call whose argument grows', () => {
    const clock = run();
    clock.start(1);
    vi.advanceTimersByTime(5 * TICK_MS);
    expect(lab.ops).toEqual([{ method: 'advance', args: [500] }]);
    expect(clockOf(lab)).toBe(500);
    expect(outcomes.filter((o) => o?.ok)).toHaveLength(5);
    clock.stop();
    vi.advanceTimersByTime(5 * TICK_MS);
    expect(lab.ops).toEqual([{ method: 'advance', args: [500] }]);
  });

  it('at 10× each tick moves the clock ten times as far', () => {
    const clock = run();
    clock.start(10);
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(lab.ops).toEqual([{ method: 'advance', args: [3000] }]);
    expect(clock.speed).toBe(10);
    clock.stop();
  });

  it('the folded call replays to the same state, from a link or a checkpoint', () => {
    const clock = run();
    clock.start(1);
    vi.advanceTimersByTime(7 * TICK_MS);
    clock.stop();
    const replayed = new Lab(stackBlock, noModule, { limit: 3 }, lab.ops);
    expect(replayed.frame.state).toEqual(lab.frame.state);
    expect(replayed.checklist()).toEqual(lab.checklist());
    lab.seek(0);
    lab.seek(1);  // recomputed from the checkpoint at frame 0
    expect(clockOf(lab)).toBe(700);
    replayed.dispose();
  });

  it('a folded call at a checkpoint frame refreshes the checkpoint', () => {
    for (let i = 1; i < CHECKPOINT_EVERY; ++i) lab.call('pop', []);
    const clock = run();
    clock.start(1);
    vi.advanceTimersByTime(4 * TICK_MS);  // advance(400) is frame CHECKPOINT_EVERY
    clock.stop();
    lab.call('push', ['a']);
    for (let i = 0; i < 3; ++i) lab.call('pop', []);  // the head passes the checkpoint
    lab.seek(CHECKPOINT_EVERY + 1);  // recomputed from the checkpoint at CHECKPOINT_EVERY
    expect(lab.frame.state).toEqual({ items: ['a'], clock: 400 });
  });

  it('starts a new call past the method’s maximum, and after any other call', () => {
    const clock = run(250);
    clock.start(1);
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(lab.ops.map((op) => op.args[0])).toEqual([200, 100]);
    lab.call('push', ['a']);
    vi.advanceTimersByTime(TICK_MS);
    expect(lab.ops.map((op) => op.method)).toEqual(['advance', 'advance', 'push', 'advance']);
    clock.stop();
  });

  it('goes to every actor in lockstep', () => {
    lab.dispose();
    lab = new Lab(pairBlock, noModule, { limit: 3 });
    const clock = run();
    clock.start(1);
    vi.advanceTimersByTime(2 * TICK_MS);
    clock.stop();
    expect(lab.ops).toEqual([{ method: 'advance', args: [200] }]);
    expect([clockOf(lab, 0), clockOf(lab, 1)]).toEqual([200, 200]);
  });

  it('stops at a failing call, changing nothing, and says why', () => {
    const clock = run();
    clock.start(10);
    vi.advanceTimersByTime(12 * TICK_MS);  // the eleventh tick would take the clock past 10 s
    expect(lab.ops).toEqual([{ method: 'advance', args: [10_000] }]);
    expect(outcomes.at(-1)).toEqual({ ok: false, error: 'Stack.advance: the clock stops at 10000 ms, it is at 10000' });
    expect(outcomes.filter((o) => o?.ok)).toHaveLength(10);
    expect(clock.speed).toBeUndefined();
    expect(clockOf(lab)).toBe(10_000);
  });

  it('stops when the page is hidden', () => {
    const clock = run();
    clock.start(1);
    vi.advanceTimersByTime(TICK_MS);
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    vi.advanceTimersByTime(10 * TICK_MS);
    expect(lab.ops).toEqual([{ method: 'advance', args: [100] }]);
    expect(clock.speed).toBeUndefined();
    expect(outcomes.at(-1)).toBeUndefined();  // the stop is reported, without an outcome
    Reflect.deleteProperty(document, 'hidden');
  });
});
