// @vitest-environment happy-dom
// Every registered block, on the real module: its example calls run straight through, and again
// with a rewind before every call (step back, call again: the Lab rebuilds the instance by replay
// without snapshots), must give identical results, traces and states. A block joins by having an
// example; nothing here names a block.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { SdlabModule } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks } from '../../web/src/blocks/index';
import { defaultParams } from '../../web/src/lab/block';
import { Lab } from '../../web/src/lab/lab';

const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
let sdlab: SdlabModule;

beforeAll(async () => {
  const createSdlab = createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>;
  sdlab = await createSdlab();
});

const withExamples = allBlocks.filter((def) => def.example && def.example.length > 0);

describe.each(withExamples.map((def) => [`${def.domain}/${def.id}`, def] as const))('%s', (_, def) => {
  it('gives the same results, traces and states with a rewind before every call', () => {
    const straight = new Lab(def, sdlab, defaultParams(def), def.example);
    const rewound = new Lab(def, sdlab, defaultParams(def));
    for (const [index, op] of def.example!.entries()) {
      expect(rewound.call(op.method, op.args).ok).toBe(true);
      rewound.seek(index);
      expect(rewound.call(op.method, op.args).ok).toBe(true);
    }
    expect(rewound.frames).toEqual(straight.frames);
    expect(straight.frames.some((frame) => frame.trace.length > 0)).toBe(true);
    straight.dispose();
    rewound.dispose();
  });
});
