// What checkpoints buy, on the real module, in one run (npx vitest bench --run tests/web/lab.bench.ts):
//   - stepping back through a 2,000-call log (states off the cache): recomputed from the
//     checkpoint below (copies) against from creation (the same block with copy() hidden);
//   - opening a 2,000-call link: the Lab now (no snapshot until one is looked at) against
//     the Lab taking every frame's snapshot, as it did before;
//   - 16 calls while stepped back through a 2,000-call log, each starting a branch (instances
//     rebuilt from the checkpoint below), against 16 calls at the end.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { SdlabModule } from 'sdlab-wasm';
import { bench, describe } from 'vitest';
import { rateLimitBlocks } from '../../web/src/blocks/ratelimit/ratelimit-blocks';
import { probabilisticBlocks } from '../../web/src/blocks/probabilistic/probabilistic-blocks';
import { type BlockDef, type Op, defaultParams, sameCall } from '../../web/src/lab/block';
import { Lab, MAX_OPS } from '../../web/src/lab/lab';

const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
const sdlab = await (createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>)();

/** The same block, its instances without copy(): the lab replays from creation. */
function withoutCopies(def: BlockDef): BlockDef {
  const create = def.create!;
  return { ...def, id: `${def.id}-no-copies`, actors: undefined, create: (s, p) => Object.assign(Object.create(create(s, p)), { copy: undefined }) };
}

/** The block's example repeated to a full log. */
function fullLog(def: BlockDef): Op[] {
  return Array.from({ length: MAX_OPS }, (_, i) => def.example![i % def.example!.length]);
}

const blocks = [rateLimitBlocks[0], probabilisticBlocks[0]];
const runs = { iterations: 8, time: 0, warmupIterations: 0, warmupTime: 0 };

for (const def of blocks) {
  const ops = fullLog(def);
  // Scrubbing backwards through 100 frames, more than the state cache holds: every read misses.
  const frames = Array.from({ length: 100 }, (_, i) => MAX_OPS - 17 - 20 * i);
  describe(`${def.title}: 100 frames read backwards from the end of a ${MAX_OPS}-call log`, () => {
    for (const [name, block] of [['from checkpoints (copies)', def], ['from creation (no copies)', withoutCopies(def)]] as const) {
      // One fresh lab per iteration, made beforehand: every read misses the cache.
      const open = () => new Lab(block, sdlab, defaultParams(block), ops);
      const labs = Array.from({ length: runs.iterations + 2 }, open);
      bench(name, () => {
        const lab = labs.pop() ?? open();
        for (const index of frames) void lab.frameAt(index).state;
        lab.dispose();
      }, runs);
    }
  });

  describe(`${def.title}: 16 calls on a ${MAX_OPS}-call log`, () => {
    // Steps where the log's next call differs from the one after it: making that one there
    // starts a branch.
    const forks = ops.flatMap((op, i) => (i > 0 && i + 1 < ops.length && !sameCall(op, ops[i + 1]) ? [i] : [])).filter((_, i, all) => i % Math.ceil(all.length / 16) === 0);
    const open = () => new Lab(def, sdlab, defaultParams(def), ops);
    const labs = Array.from({ length: 2 * (runs.iterations + 2) }, open);
    bench('at the end', () => {
      const lab = labs.pop() ?? open();
      for (const index of forks) lab.call(ops[index + 1].method, ops[index + 1].args);
      lab.dispose();
    }, runs);
    bench('stepped back, each a new branch', () => {
      const lab = labs.pop() ?? open();
      for (const index of forks) {
        lab.seek(index);
        lab.call(ops[index + 1].method, ops[index + 1].args);
      }
      lab.dispose();
    }, runs);
  });

  describe(`${def.title}: open a ${MAX_OPS}-call link`, () => {
    bench('lazy snapshots (now)', () => {
      new Lab(def, sdlab, defaultParams(def), ops).dispose();
    }, runs);
    bench('a snapshot of every frame (before)', () => {
      const lab = new Lab(def, sdlab, defaultParams(def), ops);
      for (let i = 0; i < lab.length; ++i) void lab.frameAt(i).state;
      lab.dispose();
    }, runs);
  });
}
