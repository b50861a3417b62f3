// @vitest-environment happy-dom
// The words the page says for a call and for each step of it. On the real module, every method
// the page offers on every registered block — called with its starting values after the block's
// example (or, when the example leaves it nothing to do, on a fresh block) — yields a sentence:
// words, no JSON, nothing left undefined. Every step those calls and the block's tours report has
// a phrase of its kind (a new kind of step without one fails here) and names the real C++ line
// that reported it. A few sentences are pinned, and the shared helpers are checked on their own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { SdlabModule, TraceStep } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks, findBlock, toursOf } from '../../web/src/blocks/index';
import { type BlockDef, type Op, defaultParams } from '../../web/src/lab/block';
import { Lab } from '../../web/src/lab/lab';
import { tourParams } from '../../web/src/lab/tour';
import { changes, listed, plural, sayStep, valueWords } from '../../web/src/lab/words';

const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
let sdlab: SdlabModule;

beforeAll(async () => {
  const createSdlab = createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>;
  sdlab = await createSdlab();
});

/** What `def` says for each actor after `ops`, or the error of the last call. */
function say(def: BlockDef, ops: readonly Op[]): string[] | Error {
  const [last, ...before] = [ops.at(-1)!, ...ops.slice(0, -1)];
  const lab = new Lab(def, sdlab, defaultParams(def), before);
  try {
    const outcome = lab.call(last.method, last.args, last.actor);
    if (!outcome.ok) return new Error(outcome.error);
    return lab.actors.flatMap((_, a) => {
      const said = lab.saidAt(lab.cursor, a);
      return said ? [def.words(said)] : [];
    });
  } finally {
    lab.dispose();
  }
}

const notWords = /[{}[\]]|undefined|NaN|null|\[object/;

describe.each(allBlocks.map((def) => [`${def.domain}/${def.id}`, def] as const))('%s', (_, def) => {
  it.each(def.methods.map((m) => [m.name, m] as const))('says %s in words', (_name, method) => {
    const call: Op = { method: method.name, args: method.args.map((a) => a.default) };
    let said = say(def, [...(def.example ?? []), call]);
    if (said instanceof Error) said = say(def, [call]);
    if (said instanceof Error) throw said;
    expect(said.length).toBeGreaterThan(0);
    for (const sentence of said) {
      expect(sentence).toMatch(/[a-z]{3}/);
      expect(sentence).not.toMatch(notWords);
    }
  });
});

/** Every step `def` reports: its example, each offered method after it, and its tours. */
function stepsOf(def: BlockDef): TraceStep[] {
  const runs = [
    { params: defaultParams(def), ops: [...(def.example ?? []), ...def.methods.map((m): Op => ({ method: m.name, args: m.args.map((a) => a.default) }))] },
    ...toursOf(def).map((tour) => ({ params: tourParams(def, tour), ops: tour.steps.map((s) => s.call) })),
  ];
  const steps: TraceStep[] = [];
  for (const run of runs) {
    const lab = new Lab(def, sdlab, run.params);
    try {
      for (const op of run.ops) {
        if (!lab.call(op.method, op.args, op.actor).ok) continue;
        for (const [a] of lab.actors.entries()) steps.push(...lab.frameAt(lab.cursor, a).trace);
      }
    } finally {
      lab.dispose();
    }
  }
  return steps;
}

const sources = new Map<string, string[]>();
/** The statement of a file of the repository that starts at `line`: up to the first ';'. */
function statementAt(file: string, line: number): string {
  if (!sources.has(file)) sources.set(file, readFileSync(resolve(file), 'utf8').split('\n'));
  const lines = sources.get(file)!;
  const end = lines.findIndex((text, i) => i >= line - 1 && text.includes(';'));
  return lines.slice(line - 1, end + 1).join('\n');
}

describe.each(allBlocks.map((def) => [`${def.domain}/${def.id}`, def] as const))('%s steps', (_, def) => {
  /** The first step of each kind, and of each place in the C++ that reports one. */
  const kinds = new Map<string, TraceStep>();
  const places = new Map<string, TraceStep>();
  beforeAll(() => {
    for (const step of stepsOf(def)) {
      if (!kinds.has(step.kind)) kinds.set(step.kind, step);
      places.set(`${step.file}:${step.line} ${step.kind}`, step);
    }
  });

  it('says every kind of step it reports in words', () => {
    expect(kinds.size).toBeGreaterThan(0);
    for (const [kind, step] of kinds) {
      expect(def.phrases[kind], `no phrase for the step "${kind}" (${step.file}:${step.line})`).toBeTypeOf('function');
      const said = sayStep(def.phrases, step);
      expect(said, kind).toMatch(/[a-z]{3}/);
      expect(said, kind).not.toMatch(notWords);
    }
  });

  it('names the C++ line of each step: a relative path, a statement that reports its kind', () => {
    for (const { kind, ...step } of places.values()) {
      expect(step.file, kind).toMatch(/^core\/[\w/]+\.(h|cpp)$/);
      expect(statementAt(step.file, step.line), `${kind} at ${step.file}:${step.line}`).toContain(`"${kind}"`);
    }
  });
});

/** The last sentence `block` says after `ops`. */
function last(block: string, ops: Op[]): string {
  const said = say(findBlock(block)!, ops);
  if (said instanceof Error) throw said;
  return said[0];
}

const request = (cost = 1): Op => ({ method: 'request', args: [cost] });

describe('sentences', () => {
  it('a limiter says its verdict and the state the request met', () => {
    expect(last('ratelimit/token-bucket', [request()])).toBe('admitted, 4 left — it met 5 of 5 tokens');
    const rejected = last('ratelimit/token-bucket', [...Array(5).fill(request()), request()]);
    expect(rejected).toMatch(/^rejected, 0 left; retry in 0\.500 s — it met 0 of 5 tokens$/);
  });

  it('a clock step on a limiter says what the clock did, not the verdict before it', () => {
    const after = last('ratelimit/token-bucket', [...Array(6).fill(request()), { method: 'advance', args: [1000] }]);
    expect(after).toBe('the clock moved on 1.000 s to 1.000 s; tokens 0 → 2 of 5');
    expect(after).not.toMatch(/reject|admit|retry/);
  });

  it('a join says how many keys moved and where', () => {
    expect(last('partition/consistent-hashing', [{ method: 'addNode', args: ['D', 1] }]))
      .toMatch(/^“D” joined: \d+ of 40 keys moved to D; hash mod N would have moved \d+$/);
  });

  it('a ring lookup says the owner and how the walk found it', () => {
    expect(last('partition/consistent-hashing', [{ method: 'owner', args: ['user:42'] }]))
      .toMatch(/^“user:42” belongs to [ABC] \(its hash lies [\d.]+% round the ring; the walk stops at point \d+, [ABC]#\d+\)$/);
  });

  it('a cache put says what it evicted and why', () => {
    const put = (key: string): Op => ({ method: 'put', args: [key, '1'] });
    expect(last('cache/lru', [put('a'), put('b'), put('c'), { method: 'get', args: ['a'] }, put('d')]))
      .toBe('evicted “b” (least recently used: at the tail); inserted “d” at the head');
    expect(last('cache/lru', [put('a'), put('b'), { method: 'get', args: ['a'] }]))
      .toBe('hit “a” at position 2 of 2; moved to the head: “1”');
  });

  it('a bloom lookup says where it stopped', () => {
    const add: Op = { method: 'add', args: ['alice'] };
    expect(last('probabilistic/bloom', [add])).toMatch(/^added “alice”: its 7 cells \([\d, and]+\), 7 of them newly set$/);
    expect(last('probabilistic/bloom', [add, { method: 'contains', args: ['alice'] }])).toMatch(/^maybe: all 7 cells of “alice” are set/);
    expect(last('probabilistic/bloom', [add, { method: 'contains', args: ['dave'] }])).toMatch(/^definitely not: cell \d+ of “dave” is clear \(probe \d of 7\)/);
  });

  it('a call that returns nothing says what changed', () => {
    expect(last('partition/snowflake', [{ method: 'advance', args: [20] }])).toBe('the clock moved on 20 ms to 20 ms');
    expect(last('cache/lru', [{ method: 'put', args: ['a', '1'] }, { method: 'clear', args: [] }])).toBe('cleared 1 entry');
  });

  it('a queue says a redelivery with its receive count, what the receive met, and whose receipt a call used', () => {
    const send: Op = { method: 'send', args: ['a', 'body', ''] };
    const receive: Op = { method: 'receive', args: [] };
    expect(last('messaging/queue', [send, receive, { method: 'advance', args: [5000] }, receive])).toBe(
      'received “a” (receive 2: a redelivery) with receipt r0.2, in flight until 10.000 s; on the way: “a” was not acked within the visibility timeout: visible again since 5.000 s, after 1 receive',
    );
    expect(last('messaging/queue', [send, receive, { method: 'changeVisibility', args: ['r0.1', 1000] }])).toBe('“a” (“r0.1”) stays in flight for 1.000 s more, until 1.000 s');
    expect(last('messaging/queue', [send, receive, { method: 'ack', args: ['r0.1'] }])).toBe('“a” acked with “r0.1”: deleted after 1 receive');
    expect(last('messaging/queue', [send, send])).toMatch(/^“a” is a duplicate within the dedup window \(remembered until 60\.000 s\): nothing queued$/);
  });
});

describe('helpers', () => {
  it('lists and counts in words', () => {
    expect(listed([])).toBe('none');
    expect(listed(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listed(['1', '2', '3', '4'], 2)).toBe('1, 2 and 2 more');
    expect(plural(1, 'key')).toBe('1 key');
    expect(plural(1000, 'entry', 'entries')).toBe('1,000 entries');
  });

  it('says any value without braces', () => {
    expect(valueWords({ hits: 2, hitRatio: 0.5, keys: ['a', 'b'] })).toBe('hits 2, hit ratio 0.50, keys “a” and “b”');
    expect(valueWords(undefined)).toBe('nothing');
  });

  it('says what changed between two snapshots, keyed entries by key', () => {
    const before = { size: 1, nowMs: 0, entries: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] };
    const after = { size: 2, nowMs: 1500, entries: [{ key: 'a', value: '9' }, { key: 'c', value: '3' }, { key: 'd', value: '4' }] };
    expect(changes(before, after)).toBe('size 1 → 2; now 0.000 s → 1.500 s; added c and d; changed a; and 1 other change');
    expect(changes(after, after)).toBe('nothing changed');
    expect(changes({ cells: [0, 1, 0] }, { cells: [1, 1, 1] })).toBe('2 of 3 cells changed');
  });
});
