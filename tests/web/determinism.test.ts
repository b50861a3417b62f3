// @vitest-environment happy-dom
// Every registered block, on the real module, against the ground truth of its calls run straight
// through on fresh instances (result, trace and snapshot after each call):
//   - the Lab's frames, read backwards and in jumps (each state recomputed from the checkpoint
//     below, from a copy where the block's handles can copy, else from creation), are identical;
//   - a branch off every step (step back, make the next call instead: the Lab rebuilds instances
//     at that step from a checkpoint) gives that call's straight-through result, trace and state,
//     past the branch limit too, and the run it branched off keeps its frames;
//   - where the handles can copy, a copy continues exactly like the original, and reports its
//     steps to its own trace, not to the original's;
//   - the block declares invariants, and keeps every one at every frame of the run.
// The log is the block's example repeated past three checkpoints (calls the block refuses on a
// repeat are left out). A block joins by having an example; nothing here names a block.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { SdlabModule } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks } from '../../web/src/blocks/index';
import { type BlockDef, type BlockInstance, type Op, actorsOf, defaultParams, sameCall } from '../../web/src/lab/block';
import { CHECKPOINT_EVERY, Lab } from '../../web/src/lab/lab';

const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
let sdlab: SdlabModule;

beforeAll(async () => {
  const createSdlab = createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>;
  sdlab = await createSdlab();
});

interface Seen {
  result: unknown;
  trace: unknown;
  state: unknown;
}

function invoke(instance: BlockInstance, op: Op): unknown {
  return (instance as unknown as Record<string, (...args: unknown[]) => unknown>)[op.method](...op.args);
}

/** Each actor's view of each frame, from fresh instances run straight through. */
function straightThrough(def: BlockDef, ops: readonly Op[]): Seen[][] {
  return actorsOf(def).map((actor) => {
    const instance = actor.create(sdlab, defaultParams(def));
    instance.setTracing?.(true);
    const seen: Seen[] = [{ result: undefined, trace: [], state: instance.snapshot() }];
    for (const op of ops) {
      const mine = op.actor === undefined || op.actor === actor.id;
      const result = mine ? invoke(instance, op) : undefined;
      seen.push({ result, trace: mine ? instance.trace?.() ?? [] : [], state: instance.snapshot() });
    }
    instance.delete();
    return seen;
  });
}

/** Each actor's view of the last call of `ops` run on fresh instances; undefined when an actor
 *  refuses it. */
function lastFrames(def: BlockDef, ops: readonly Op[]): Seen[] | undefined {
  const last = ops.at(-1)!;
  const seen: Seen[] = [];
  for (const actor of actorsOf(def)) {
    const instance = actor.create(sdlab, defaultParams(def));
    try {
      instance.setTracing?.(true);
      const mine = (op: Op) => op.actor === undefined || op.actor === actor.id;
      for (const op of ops.slice(0, -1)) if (mine(op)) invoke(instance, op);
      const result = mine(last) ? invoke(instance, last) : undefined;
      seen.push({ result, trace: mine(last) ? instance.trace?.() ?? [] : [], state: instance.snapshot() });
    } catch {
      return undefined;
    } finally {
      instance.delete();
    }
  }
  return seen;
}

function seenIn(lab: Lab, index: number, actor: number): Seen {
  const { result, trace, state } = lab.frameAt(index, actor);
  return { result, trace, state };
}

/** The example, repeated past three checkpoints, keeping the calls the block accepts. */
function longLog(def: BlockDef): Op[] {
  const lab = new Lab(def, sdlab, defaultParams(def));
  for (let round = 0; lab.length <= 3 * CHECKPOINT_EVERY + 2 && round < 100; ++round) {
    for (const op of def.example!) lab.call(op.method, op.args, op.actor);
  }
  const ops = lab.ops;
  lab.dispose();
  return ops;
}

const withExamples = allBlocks.filter((def) => def.example && def.example.length > 0);

describe.each(withExamples.map((def) => [`${def.domain}/${def.id}`, def] as const))('%s', (_, def) => {
  it('every frame, recomputed from a checkpoint in any order, is the straight-through one', () => {
    const ops = longLog(def);
    expect(ops.length).toBeGreaterThan(3 * CHECKPOINT_EVERY);
    const truth = straightThrough(def, ops);
    const lab = new Lab(def, sdlab, defaultParams(def), ops);
    const order = [...truth[0].keys()].reverse().concat([3 * CHECKPOINT_EVERY + 1, 5, 2 * CHECKPOINT_EVERY, CHECKPOINT_EVERY - 1]);
    for (const index of order) {
      truth.forEach((frames, actor) => expect(seenIn(lab, index, actor), `frame ${index}`).toEqual(frames[index]));
    }
    expect(truth.some((frames) => frames.some((f) => (f.trace as unknown[]).length > 0))).toBe(true);
    lab.dispose();
  });

  it('a branch off every step makes its call on the state of that step, and leaves the run it left unchanged', () => {
    const ops = longLog(def);
    const truth = straightThrough(def, ops);
    const lab = new Lab(def, sdlab, defaultParams(def));
    for (const [index, op] of ops.entries()) {
      expect(lab.call(op.method, op.args, op.actor).ok).toBe(true);
      const probe = ops[index + 1];
      if (!probe || sameCall(probe, op)) continue;
      lab.seek(index);
      const expected = lastFrames(def, [...ops.slice(0, index), probe]);
      const outcome = lab.call(probe.method, probe.args, probe.actor);
      expect(outcome.ok, `a branch at ${index}`).toBe(expected !== undefined);
      expected?.forEach((seen, actor) => expect(seenIn(lab, index + 1, actor), `a branch at ${index}`).toEqual(seen));
      lab.seek(index);
      expect(lab.call(op.method, op.args, op.actor).ok).toBe(true);
    }
    expect(lab.ops).toEqual(ops);
    expect(lab.branchList.length).toBeGreaterThan(1);
    for (let index = 0; index < lab.length; ++index) {
      truth.forEach((frames, actor) => expect(seenIn(lab, index, actor), `frame ${index}`).toEqual(frames[index]));
    }
    lab.dispose();
  });

  it('declares invariants and keeps every one at every frame of its example, replayed or called', () => {
    const ops = longLog(def);
    const lab = new Lab(def, sdlab, defaultParams(def), ops);
    lab.actors.forEach((actor, a) => {
      const checklist = lab.checklist(a);
      expect(checklist, `${actor.id} declares invariants`).toBeDefined();
      expect(checklist!.length).toBeGreaterThan(0);
      expect(checklist!.filter((check) => !check.holds), actor.id).toEqual([]);
    });
    lab.dispose();
  });

  it('a copy continues exactly like the original, tracing into its own trace', () => {
    for (const actor of actorsOf(def)) {
      const original = actor.create(sdlab, defaultParams(def));
      if (!original.copy) return void original.delete();
      original.setTracing?.(true);
      const [first, ...rest] = def.example!.filter((op) => op.actor === undefined || op.actor === actor.id);
      invoke(original, first);
      const copy = original.copy();
      expect(copy.snapshot()).toEqual(original.snapshot());
      for (const op of rest) {
        const originalSteps = original.trace?.();
        const fromCopy = invoke(copy, op);
        const copySteps = copy.trace?.();
        expect(original.trace?.(), 'the copy reported to the original').toEqual(originalSteps);
        expect(fromCopy).toEqual(invoke(original, op));
        expect(copySteps).toEqual(original.trace?.());
        expect(copy.snapshot()).toEqual(original.snapshot());
      }
      copy.delete();
      original.delete();
    }
  });
});
