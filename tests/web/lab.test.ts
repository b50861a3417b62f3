import { describe, expect, it } from 'vitest';
import type { Op } from '../../web/src/lab/block';
import { CHECKPOINT_EVERY, Lab, MAX_BRANCHES, MAX_OPS, STATE_BUDGET } from '../../web/src/lab/lab';
import { counts, grudgingStackBlock, noModule, paddedStackBlock, pairBlock, plainStackBlock, stackBlock, topStep } from './fake-block';

const items = (lab: Lab, index = lab.cursor, actor = 0) => (lab.frameAt(index, actor).state as { items: string[] }).items;
const push = (item: string): Op => ({ method: 'push', args: [item] });
const pop: Op = { method: 'pop', args: [] };

/** A log that fills a stack of limit 5 to 4 and empties it, over and over, `length` calls long. */
function wave(length: number): Op[] {
  return Array.from({ length }, (_, i) => (i % 8 < 4 ? push(`k${i}`) : pop));
}

/** The items after each prefix of `ops`, computed with a plain array: the ground truth. */
function truth(ops: readonly Op[]): string[][] {
  const stack: string[] = [];
  return [[], ...ops.map((op) => (op.method === 'push' ? stack.push(op.args[0] as string) : stack.pop(), [...stack]))];
}

describe('Lab', () => {
  it('records a frame per successful call, with result and trace', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 });
    expect(lab.call('push', ['a'])).toEqual({ ok: true, result: 1 });
    lab.call('push', ['b']);
    expect(lab.length).toBe(3);
    expect(items(lab)).toEqual(['a', 'b']);
    expect(lab.frame.trace).toEqual([topStep('b')]);
    expect(lab.ops).toEqual([push('a'), push('b')]);
    lab.dispose();
  });

  it('a rejected call changes nothing and is not logged', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 });
    lab.call('push', ['a']);
    const outcome = lab.call('push', ['b']);
    expect(outcome).toEqual({ ok: false, error: 'Stack.push: the stack is full (1)' });
    expect(lab.length).toBe(2);
    expect(items(lab)).toEqual(['a']);
    lab.dispose();
  });

  it('rejects calls the block does not have, before they run', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 });
    expect(lab.call('delete', [])).toEqual({ ok: false, error: 'Stack has no method "delete"' });
    expect(lab.call('push', [1])).toEqual({ ok: false, error: 'push: item must be a string, got number' });
    expect(lab.call('push', [])).toEqual({ ok: false, error: 'push takes 1 argument(s)' });
    expect(lab.call('push', ['a'], 'big')).toEqual({ ok: false, error: 'Stack has no actor "big"' });
    expect(lab.length).toBe(1);
    lab.dispose();
  });

  it('steps back and forth without changing the log', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [push('a'), push('b')]);
    lab.seek(1);
    expect(items(lab)).toEqual(['a']);
    expect(lab.previous?.state).toEqual({ items: [] });
    expect(lab.history().map((f) => f.op)).toEqual([undefined, push('a')]);
    lab.seek(99);
    expect(lab.cursor).toBe(2);
    lab.seek(-5);
    expect(lab.cursor).toBe(0);
    expect(lab.ops).toHaveLength(2);
    lab.dispose();
  });

  it('a rejected call while stepped back starts no branch and keeps the later history', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [push('a'), push('b')]);
    lab.seek(1);
    expect(lab.call('push', [7]).ok).toBe(false);
    expect(lab.ops).toEqual([push('a'), push('b')]);
    expect(lab.branchList).toHaveLength(1);
    lab.dispose();
  });

  it('a log that fails on replay is refused with the step that failed, leaking nothing', () => {
    const before = counts.live;
    expect(() => new Lab(stackBlock, noModule, { limit: 1 }, [push('a'), push('b')])).toThrow('step 2, push: Stack.push: the stack is full (1)');
    expect(counts.live).toBe(before);
  });

  it('frees every instance it made, checkpoints and replay head included', () => {
    const before = counts.live;
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, wave(3 * CHECKPOINT_EVERY + 5));
    lab.seek(40);
    void lab.frame.state;
    lab.call('pop', []);
    lab.dispose();
    expect(counts.live).toBe(before);
  });
});

describe('Lab actors in lockstep', () => {
  it('a call without an actor goes to every actor; each has its own result, trace and state', () => {
    const lab = new Lab(pairBlock, noModule, { limit: 1 });
    expect(lab.actors.map((a) => a.id)).toEqual(['big', 'small']);
    expect(lab.call('push', ['a'])).toEqual({ ok: true, result: 1 });
    expect(items(lab, 1, 0)).toEqual(['a']);
    expect(items(lab, 1, 1)).toEqual(['a']);
    expect(lab.frameAt(1, 1).trace).toEqual([topStep('a')]);
    lab.dispose();
  });

  it('a call with an actor goes to that actor only and is logged with it', () => {
    const lab = new Lab(pairBlock, noModule, { limit: 1 });
    expect(lab.call('push', ['a'], 'big').ok).toBe(true);
    expect(lab.ops).toEqual([{ method: 'push', args: ['a'], actor: 'big' }]);
    expect(items(lab, 1, 0)).toEqual(['a']);
    expect(items(lab, 1, 1)).toEqual([]);
    expect(lab.frameAt(1, 1)).toMatchObject({ op: undefined, result: undefined, trace: [] });
    expect(lab.frameAt(1, 0).op).toEqual(lab.callAt(1));
    expect(lab.call('push', ['b'], 'nobody')).toEqual({ ok: false, error: 'Pair has no actor "nobody"' });
    lab.dispose();
  });

  it('a lockstep call one actor rejects changes no actor: those already called are restored', () => {
    const before = counts.live;
    const lab = new Lab(pairBlock, noModule, { limit: 1 }, [push('a')]);
    const outcome = lab.call('push', ['b']);
    expect(outcome).toEqual({ ok: false, error: 'Small: Stack.push: the stack is full (1)' });
    expect(lab.length).toBe(2);
    expect(items(lab, 1, 0)).toEqual(['a']);
    expect(lab.call('push', ['c'], 'big').ok).toBe(true);
    expect(items(lab, 2, 0)).toEqual(['a', 'c']);
    lab.dispose();
    expect(counts.live).toBe(before);
  });

  it('replays a mixed log of lockstep and single-actor calls exactly', () => {
    const ops: Op[] = [push('a'), { ...push('b'), actor: 'big' }, pop, { ...pop, actor: 'small' }];
    const lab = new Lab(pairBlock, noModule, { limit: 2 }, ops);
    const again = new Lab(pairBlock, noModule, { limit: 2 });
    for (const op of ops) again.call(op.method, op.args, op.actor);
    for (let i = 0; i < lab.length; ++i) {
      for (const a of [0, 1]) expect(again.frameAt(i, a)).toEqual(lab.frameAt(i, a));
    }
    expect([items(lab, 4, 0), items(lab, 4, 1)]).toEqual([['a'], []]);
    lab.dispose();
    again.dispose();
  });
});

describe('Lab checkpoints', () => {
  const ops = wave(4 * CHECKPOINT_EVERY + 3);
  const expected = truth(ops);

  it.each([
    ['with copies', stackBlock],
    ['without copies (from creation)', plainStackBlock],
    ['with copies refused past the memory budget (from the last checkpoint kept)', grudgingStackBlock],
  ])('every frame, read in any order, equals a replay from zero (%s)', (_, def) => {
    const before = counts.live;
    const lab = new Lab(def, noModule, { limit: 5 }, ops);
    const order = [...expected.keys()].reverse().concat([5, 100, 3, 64, 64, 65, 31, 32, 33, 0, 131]);
    for (const index of order) expect(items(lab, index)).toEqual(expected[index]);
    lab.seek(40);
    expect(lab.call('push', ['z']).ok).toBe(true);
    expect(items(lab)).toEqual([...expected[40], 'z']);
    for (const index of [33, 7, 39]) expect(items(lab, index)).toEqual(expected[index]);
    lab.dispose();
    expect(counts.live, 'every instance and copy freed').toBe(before);
  });

  it('a state off the cache costs at most CHECKPOINT_EVERY − 1 calls; stepping forward one call a step', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, ops);
    for (const index of [CHECKPOINT_EVERY * 3 - 1, 70, 5, CHECKPOINT_EVERY * 4 + 2]) {
      const calls = counts.calls;
      void lab.frameAt(index).state;
      expect(counts.calls - calls).toBe(index % CHECKPOINT_EVERY);
    }
    const calls = counts.calls;
    for (let index = 10; index < 20; ++index) void lab.frameAt(index).state;
    expect(counts.calls - calls).toBe(19);
    lab.dispose();
  });

  it('takes no snapshot while replaying; small states stay cached for the whole log', () => {
    const snapshots = counts.snapshots;
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, wave(MAX_OPS));
    expect(counts.snapshots).toBe(snapshots);
    for (const frame of lab.history()) void frame.state;
    expect(counts.snapshots - snapshots).toBe(MAX_OPS + 1);
    for (const frame of lab.history()) void frame.state;
    expect(counts.snapshots - snapshots).toBe(MAX_OPS + 1);
    lab.dispose();
  });

  it('large states are kept within STATE_BUDGET bytes, the frames looked at last', () => {
    const pad = STATE_BUDGET / 200;
    const lab = new Lab(paddedStackBlock, noModule, { limit: 5, pad }, wave(MAX_OPS));
    for (const frame of lab.history()) void frame.state;
    const snapshots = counts.snapshots;
    for (let i = MAX_OPS - 150; i <= MAX_OPS; ++i) void lab.frameAt(i).state;
    expect(counts.snapshots).toBe(snapshots);
    void lab.frameAt(0).state;
    expect(counts.snapshots).toBe(snapshots + 1);
    for (let i = MAX_OPS - 250; i < MAX_OPS - 200; ++i) void lab.frameAt(i).state;
    expect(counts.snapshots).toBe(snapshots + 51);
    lab.dispose();
  });

  it('keeps one copy per checkpoint of every branch: memory grows with the frames / CHECKPOINT_EVERY', () => {
    const before = counts.live;
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, wave(MAX_OPS - 1));
    const checkpoints = Math.floor((MAX_OPS - 1) / CHECKPOINT_EVERY) + 1;
    expect(counts.live - before).toBe(1 + checkpoints);
    lab.seek(10);
    lab.call('pop', []);
    // The old branch keeps its checkpoints; the old live instances wait as the head.
    expect(counts.live - before).toBe(checkpoints + 2);
    for (let i = 0; i < 2 * CHECKPOINT_EVERY; ++i) lab.call('pop', []);
    expect(counts.live - before).toBe(checkpoints + 2 + 2);
    expect(items(lab, 11)).toEqual(truth([...wave(10), pop]).at(-1));
    lab.dispose();
    expect(counts.live).toBe(before);
  });

  it('a replayed log reads no steps until a frame is looked at; then they are the traced ones', () => {
    const ops = wave(3 * CHECKPOINT_EVERY);
    const traces = counts.traces;
    const replayed = new Lab(stackBlock, noModule, { limit: 5 }, ops);
    expect(counts.traces).toBe(traces);
    const called = new Lab(stackBlock, noModule, { limit: 5 });
    for (const op of ops) called.call(op.method, op.args);
    for (const index of [70, 3, 95, 0, 33]) expect(replayed.frameAt(index).trace).toEqual(called.frameAt(index).trace);
    replayed.dispose();
    called.dispose();
  });

  it('a call while stepped back, with or without copies, continues from the right state', () => {
    for (const def of [stackBlock, plainStackBlock]) {
      const lab = new Lab(def, noModule, { limit: 5 }, ops);
      lab.seek(CHECKPOINT_EVERY + 7);
      expect(lab.call('push', ['z']).ok).toBe(true);
      expect(items(lab)).toEqual([...expected[CHECKPOINT_EVERY + 7], 'z']);
      expect(lab.length).toBe(CHECKPOINT_EVERY + 9);
      lab.dispose();
    }
  });
});

describe('Lab branches', () => {
  const abc = [push('a'), push('b'), push('c')];

  it('a call while stepped back starts a branch; the old future stays a branch to return to', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, abc);
    lab.seek(1);
    expect(lab.call('push', ['z'])).toEqual({ ok: true, result: 2 });
    expect([lab.ops, lab.cursor]).toEqual([[push('a'), push('z')], 2]);
    expect(lab.branchList).toEqual([
      { calls: 3, sharedUntil: 1, current: false },
      { calls: 2, sharedUntil: 2, current: true },
    ]);
    lab.switchBranch(0);
    expect([lab.ops, lab.cursor]).toEqual([abc, 1]);
    expect(items(lab, 3)).toEqual(['a', 'b', 'c']);
    lab.switchBranch(1);
    expect([lab.cursor, items(lab)]).toEqual([2, ['a', 'z']]);
    expect(() => lab.switchBranch(2)).toThrow('Lab.switchBranch: index must be in [0, 1], got 2');
    lab.dispose();
  });

  it('undo steps back and redo forward along the branch on show, not along the one left', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, abc);
    lab.seek(2);
    lab.call('pop', []);
    const [undo, redo] = [() => lab.seek(lab.cursor - 1), () => lab.seek(lab.cursor + 1)];
    undo();
    expect(items(lab)).toEqual(['a', 'b']);
    redo();
    expect([lab.frame.op, items(lab)]).toEqual([pop, ['a']]);
    redo();
    expect(lab.cursor).toBe(3);
    lab.switchBranch(0);
    redo();
    expect([lab.frame.op, items(lab)]).toEqual([push('c'), ['a', 'b', 'c']]);
    lab.dispose();
  });

  it('the call a branch already makes from the step on show moves along that branch, running nothing', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, abc);
    lab.seek(1);
    const calls = counts.calls;
    expect(lab.call('push', ['b'])).toEqual({ ok: true, result: 2 });
    expect([counts.calls, lab.cursor, lab.branchList.length]).toEqual([calls, 2, 1]);
    lab.seek(1);
    lab.call('push', ['z']);
    lab.seek(1);
    expect(lab.call('push', ['b']).ok).toBe(true);
    expect([lab.ops, lab.cursor]).toEqual([abc, 2]);
    expect(lab.branchList.map((b) => b.current)).toEqual([true, false]);
    lab.dispose();
  });

  it.each([
    ['with copies', stackBlock],
    ['without copies (from creation)', plainStackBlock],
  ])('every frame of every branch, read in any order, equals a replay from zero; a branch returned to grows (%s)', (_, def) => {
    const main = wave(3 * CHECKPOINT_EVERY + 5);
    const fork = CHECKPOINT_EVERY + 7;
    const side = [...main.slice(0, fork), ...wave(2 * CHECKPOINT_EVERY + 9).map((op) => (op.method === 'push' ? push(`s${op.args[0]}`) : op))];
    const lab = new Lab(def, noModule, { limit: 5 }, main);
    lab.seek(fork);
    for (const op of side.slice(fork)) expect(lab.call(op.method, op.args).ok).toBe(true);
    for (const [branch, ops] of [main, side, main].entries()) {
      lab.switchBranch(branch % 2);
      expect(lab.ops).toEqual(ops);
      const expected = truth(ops);
      for (const index of [...expected.keys()].reverse().concat([fork, fork + 1, 64, 3, 100])) expect(items(lab, index)).toEqual(expected[index]);
    }
    lab.seek(main.length);
    expect(lab.call('push', ['end']).ok).toBe(true);
    expect(items(lab)).toEqual(truth([...main, push('end')]).at(-1));
    lab.dispose();
  });

  it('keeps at most MAX_BRANCHES branches: the one looked at least recently goes, with what only it held', () => {
    const before = counts.live;
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, wave(2 * CHECKPOINT_EVERY + 1));
    const branch = (name: string) => {
      lab.seek(1);
      lab.call('push', [name]);
      for (let i = 0; i < CHECKPOINT_EVERY + 8; ++i) lab.call('pop', []);
    };
    for (let i = 0; i < MAX_BRANCHES - 1; ++i) branch(`b${i}`);
    lab.switchBranch(0);
    void lab.frameAt(40).state;
    branch('last');
    expect([lab.branchList.length, lab.dropped]).toEqual([MAX_BRANCHES, 1]);
    const firstCalls = lab.branchList.map((_, i) => (lab.switchBranch(i), lab.callAt(2)!.args[0]));
    expect(firstCalls).toEqual(['k1', ...Array.from({ length: MAX_BRANCHES - 2 }, (_, i) => `b${i + 1}`), 'last']);
    // Checkpoints: frames 0, 32 and 64 of the first branch, frame 32 of each other; live and head.
    expect(counts.live - before).toBeLessThanOrEqual(3 + (MAX_BRANCHES - 1) + 2);
    lab.dispose();
    expect(counts.live).toBe(before);
  });

  it('keeps at most MAX_TREE_CALLS calls in all; frames a dropped branch shared stay', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, wave(MAX_OPS));
    const side = [push('k0'), ...Array.from({ length: MAX_OPS - 1 }, () => pop)];
    lab.seek(1);
    for (const op of side.slice(1)) lab.call(op.method, op.args);
    lab.seek(0);
    lab.call('push', ['x']);
    expect([lab.branchList.length, lab.dropped]).toEqual([3, 0]);
    lab.call('push', ['y']);
    expect([lab.branchList.length, lab.dropped]).toEqual([2, 1]);
    lab.switchBranch(0);
    expect(lab.ops).toEqual(side);
    const expected = truth(side);
    for (const index of [MAX_OPS, 1, 2, 1000]) expect(items(lab, index)).toEqual(expected[index]);
    lab.dispose();
  });
});

describe('Lab.replay', () => {
  it('replays in slices, reports progress, and ends where the log ends', async () => {
    const lab = new Lab(stackBlock, noModule, { limit: 5 });
    const progress: number[] = [];
    const ops = wave(50);
    const end = await lab.replay(ops, { sliceMs: 0, onProgress: (done) => progress.push(done) });
    expect(end).toEqual({ done: 50, total: 50, cancelled: false });
    expect(progress).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(items(lab, 50)).toEqual(truth(ops)[50]);
    expect(lab.cursor).toBe(0);
    lab.dispose();
  });

  it('runs the first slice before it returns, and yields to the event loop between slices', async () => {
    const lab = new Lab(stackBlock, noModule, { limit: 5 });
    let seenByTimer = -1;
    setTimeout(() => (seenByTimer = lab.length - 1), 0);
    const replay = lab.replay(wave(300), { sliceMs: 0 });
    expect(lab.length).toBe(2);
    await replay;
    expect(seenByTimer).toBeGreaterThan(0);
    expect(seenByTimer).toBeLessThan(300);
    lab.dispose();
  });

  it('a cancel leaves a usable lab at the last completed call', async () => {
    const lab = new Lab(stackBlock, noModule, { limit: 5 });
    const stop = new AbortController();
    const ops = wave(100);
    const end = await lab.replay(ops, { sliceMs: 0, signal: stop.signal, onProgress: (done) => done === 30 && stop.abort() });
    expect(end).toEqual({ done: 30, total: 100, cancelled: true });
    expect(lab.length).toBe(31);
    expect(items(lab, 30)).toEqual(truth(ops)[30]);
    lab.seek(30);
    expect(lab.call('push', ['z']).ok).toBe(true);
    lab.dispose();
  });

  it('stops at a call that fails, naming it, with the calls before it kept', async () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 });
    const end = await lab.replay([push('a'), pop, push('b'), push('c')]);
    expect(end).toEqual({ done: 3, total: 4, cancelled: false, error: 'step 4, push: Stack.push: the stack is full (1)' });
    expect(lab.length).toBe(4);
    lab.dispose();
  });

  it('refuses calls past the log limit', async () => {
    const lab = new Lab(stackBlock, noModule, { limit: 5 }, wave(MAX_OPS));
    const end = await lab.replay([pop]);
    expect(end.error).toBe(`step 1, pop: the log is full (${MAX_OPS} calls)`);
    expect(lab.call('pop', [])).toEqual({ ok: false, error: `the log is full (${MAX_OPS} calls)` });
    lab.dispose();
  });
});
