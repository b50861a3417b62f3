// @vitest-environment happy-dom
// Every registered block, on the real module, against the ground truth of its calls run straight
// through on fresh instances (result, trace and snapshot after each call):
//   - the Lab's frames, read backwards and in jumps (each state recomputed from the checkpoint
//     below, from a copy where the block's handles can copy, else from creation), are identical;
//   - a rewind before every call (step back, call again: the Lab rebuilds its instances from a
//     checkpoint) gives identical results, traces and states;
//   - where the handles can copy, a copy continues exactly like the original, and reports its
//     steps to its own trace, not to the original's.
// The log is the block's example repeated past three checkpoints (calls the block refuses on a
// repeat are left out). A block joins by having an example; nothing here names a block.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { SdlabModule } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks } from '../../web/src/blocks/index';
import { type BlockDef, type BlockInstance, type Op, actorsOf, defaultParams } from '../../web/src/lab/block';
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

  it('gives the same results, traces and states with a rewind before every call', () => {
    const ops = longLog(def);
    const truth = straightThrough(def, ops);
    const rewound = new Lab(def, sdlab, defaultParams(def));
    for (const [index, op] of ops.entries()) {
      expect(rewound.call(op.method, op.args, op.actor).ok).toBe(true);
      rewound.seek(index);
      expect(rewound.call(op.method, op.args, op.actor).ok).toBe(true);
    }
    for (let index = 0; index < rewound.length; ++index) {
      truth.forEach((frames, actor) => expect(seenIn(rewound, index, actor), `frame ${index}`).toEqual(frames[index]));
    }
    rewound.dispose();
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
