// @vitest-environment happy-dom
// The code beside each block's picture, against the real module: every block that has code names
// a core file the site carries, and every step its example and tours make lights a line of its
// pseudocode, so a step kind added in C++ without a pseudocode line fails here.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { SdlabModule } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks, codeOf, toursOf } from '../../web/src/blocks/index';
import { defaultParams } from '../../web/src/lab/block';
import { litLine, pseudocode } from '../../web/src/lab/code';
import { Lab } from '../../web/src/lab/lab';
import { tourParams } from '../../web/src/lab/tour';
import { hasSource } from '../../web/src/ui/source';

const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
let sdlab: SdlabModule;

beforeAll(async () => {
  const createSdlab = createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>;
  sdlab = await createSdlab();
});

describe('pseudocode lines', () => {
  it('are texts, or texts with the step kinds that light them', () => {
    const code = pseudocode('get(key):', ['  miss', 'miss'], ['  hit', 'hit', 'promote']);
    expect(code.map((line) => line.text)).toEqual(['get(key):', '  miss', '  hit']);
    expect([litLine(code, 'miss'), litLine(code, 'promote'), litLine(code, 'evict')]).toEqual([1, 2, -1]);
  });
});

const blocksWithCode = allBlocks.filter((def) => codeOf(def));

describe('the code beside each block', () => {
  it('is there for every single-instance block', () => {
    expect(allBlocks.filter((def) => !def.actors && !codeOf(def)).map((def) => `${def.domain}/${def.id}`)).toEqual([]);
  });

  it.each(blocksWithCode.map((def) => [`${def.domain}/${def.id}`, def] as const))('%s: its file is carried, its steps light lines', (_, def) => {
    const code = codeOf(def)!;
    expect(hasSource(code.file), code.file).toBe(true);
    const runs = [{ params: defaultParams(def), calls: def.example ?? [] }, ...toursOf(def).map((tour) => ({ params: tourParams(def, tour), calls: tour.steps.map((s) => s.call) }))];
    const kinds = new Set<string>();
    for (const { params, calls } of runs) {
      const lab = new Lab(def, sdlab, params);
      for (const op of calls) {
        lab.call(op.method, op.args, op.actor);
        for (const step of lab.frame.trace) {
          kinds.add(step.kind);
          expect(hasSource(step.file), `${step.kind} reported from ${step.file}`).toBe(true);
        }
      }
      lab.dispose();
    }
    expect(kinds.size, 'the example and tours report steps').toBeGreaterThan(0);
    expect([...kinds].filter((kind) => litLine(code.pseudocode, kind) < 0), 'kinds without a pseudocode line').toEqual([]);
  });
});
