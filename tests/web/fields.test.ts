// @vitest-environment happy-dom
// Form fields: the control each rule gets, the value read back from it (units converted exactly,
// lists split into items), the page's shape check of lists, and constructor parameters flattened
// from an options object, all against the real module's schema; the real module's checks judge
// what a form reads, at both ends of each range.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { html, render } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { constructorArgs, construct, fieldFor, optionFields, paramsOf, unitOf } from '../../web/src/lab/api';
import { type FieldSpec, fieldError } from '../../web/src/lab/block';
import { fieldControl, readField, readList, readNumber, readText } from '../../web/src/ui/fields';

describe('readNumber', () => {
  it('reads plain numbers, and names text that is none', () => {
    expect(readNumber('42')).toEqual({ value: 42 });
    expect(readNumber(' -0.5 ')).toEqual({ value: -0.5 });
    expect(readNumber('1e-9')).toEqual({ value: 1e-9 });
    expect(readNumber('')).toMatchObject({ value: NaN, problem: 'is empty' });
    expect(readNumber('abc')).toMatchObject({ value: NaN, problem: '"abc" is not a number' });
    expect(readNumber('1 2')).toMatchObject({ value: NaN, problem: '"1 2" is not a number' });
    expect(readNumber('5 ms').problem).toBe('unknown unit "ms" (units: none)');
  });

  it('converts durations to ms exactly, by a decimal shift', () => {
    expect(readNumber('1000', 'ms').value).toBe(1000);
    expect(readNumber('250ms', 'ms').value).toBe(250);
    expect(readNumber('1.5 s', 'ms').value).toBe(1500);
    expect(readNumber('1.005 s', 'ms').value).toBe(1005); // 1.005 * 1000 is 1004.9999999999999
    expect(readNumber('0.0015 S', 'ms').value).toBe(1.5);
    expect(readNumber('500 µs', 'ms').value).toBe(0.5);
    expect(readNumber('500 us', 'ms').value).toBe(0.5);
    expect(readNumber('2e3 s', 'ms').value).toBe(2e6);
  });

  it('reaches both ends of a duration rule in any unit', () => {
    // ttlMs of TtlCache.putWithTtl is in [0, 31536000000]; windowMs of TrafficOptions starts at 0.001.
    expect(readNumber('31536000 s', 'ms').value).toBe(31_536_000_000);
    expect(readNumber('31536000000 ms', 'ms').value).toBe(31_536_000_000);
    expect(readNumber('0.001 ms', 'ms').value).toBe(0.001);
    expect(readNumber('1 µs', 'ms').value).toBe(0.001);
    expect(readNumber('0.000001 s', 'ms').value).toBe(0.001);
  });

  it('names an unknown unit instead of guessing', () => {
    expect(readNumber('2 h', 'ms')).toMatchObject({ value: NaN, problem: 'unknown unit "h" (units: µs, ms or s)' });
    expect(readNumber('20/s', 'per second').value).toBe(20);
    expect(readNumber('20 /s', 'per second').value).toBe(20);
    expect(readNumber('20 ms', 'per second').problem).toBe('unknown unit "ms" (units: /s)');
  });
});

describe('readList', () => {
  it('splits on commas and line breaks, trims, drops empty items', () => {
    expect(readList({ type: 'string' }, 'a, b,,c\n d ,')).toEqual({ value: ['a', 'b', 'c', 'd'], problem: undefined });
    expect(readList({ type: 'string' }, ' , ').value).toEqual([]);
  });

  it('reads each item by the item rule and names the first bad one', () => {
    expect(readList({ type: 'number' }, '1, 2.5, 1e3').value).toEqual([1, 2.5, 1000]);
    const bad = readList({ type: 'number' }, '1, x, y');
    expect(bad.value).toEqual([1, NaN, NaN]);
    expect(bad.problem).toBe('item 2: "x" is not a number');
    expect(readList({ type: 'number', unit: 'ms' }, '1 s, 5').value).toEqual([1000, 5]);
  });
});

describe('readText for flags', () => {
  it('reads true and false only', () => {
    expect(readText({ type: 'flag' }, 'true').value).toBe(true);
    expect(readText({ type: 'flag' }, 'false').value).toBe(false);
    expect(readText({ type: 'flag' }, 'yes').problem).toBe('is not true or false');
  });
});

describe('fieldError of a list (the page checks shape and length)', () => {
  const nodes: FieldSpec = { name: 'nodes', type: 'list', min: 1, max: 3, item: { type: 'string' }, default: [] };
  it('accepts both ends of the item count and nothing past them', () => {
    expect(fieldError(nodes, ['A'])).toBeUndefined();
    expect(fieldError(nodes, ['A', 'B', 'C'])).toBeUndefined();
    expect(fieldError(nodes, [])).toBe('nodes must have 1 to 3 items, got 0');
    expect(fieldError(nodes, ['A', 'B', 'C', 'D'])).toBe('nodes must have 1 to 3 items, got 4');
  });

  it('names a bad item and a value that is no list', () => {
    expect(fieldError(nodes, ['A', 7])).toBe('nodes[1] must be a string, got number');
    expect(fieldError(nodes, 'A,B')).toBe('nodes must be a list, got string');
    const picks: FieldSpec = { name: 'picks', type: 'list', item: { type: 'choice', choices: ['x', 'y'] }, default: [] };
    expect(fieldError(picks, ['x', 'z'])).toBe('picks[1] must be one of "x", "y"');
  });

  it('checks flags as booleans', () => {
    const flag: FieldSpec = { name: 'conservative', type: 'flag', default: false };
    expect(fieldError(flag, true)).toBeUndefined();
    expect(fieldError(flag, 'yes')).toBe('conservative must be a boolean, got string');
  });
});

describe('fields from the schema', () => {
  it('gives a name ending in Ms or PerSec its unit', () => {
    expect(unitOf('ms')).toBe('ms');
    expect(unitOf('ttlMs')).toBe('ms');
    expect(unitOf('ratePerSec')).toBe('per second');
    expect(unitOf('items')).toBeUndefined();
    expect(fieldFor({ kind: 'number', min: 0, max: 10, name: 'storeLatencyMs', doc: '' }, 5)).toMatchObject({ type: 'number', unit: 'ms', min: 0, max: 10 });
  });

  it('flattens an options constructor parameter into its fields, in the schema order', () => {
    const params = paramsOf('CountMinSketch', { topK: 5, conservative: false, epsilon: 0.1 });
    expect(params.map((p) => [p.name, p.type, p.default])).toEqual([['epsilon', 'number', 0.1], ['conservative', 'flag', false], ['topK', 'number', 5]]);
    expect(params[2]).toMatchObject({ min: 0, max: 1000, step: 1 });
    expect(() => paramsOf('CountMinSketch', { options: {} as never })).toThrow('CountMinSketch has no parameter options');
    expect(paramsOf('LruCache', { capacity: 3 })).toMatchObject([{ name: 'capacity', type: 'number', min: 0, max: 1_000_000 }]);
  });

  it('gathers flattened fields back into the options object', () => {
    expect(constructorArgs('CountMinSketch', { epsilon: 0.1, conservative: true })).toEqual([{ epsilon: 0.1, conservative: true }]);
    expect(constructorArgs('TtlCache', { capacity: 3, defaultTtlMs: 1000 })).toEqual([3, 1000]);
  });

  it('gives a list rule its item rule and count', () => {
    const [algorithms] = optionFields('RateLimitComparisonOptions', { algorithms: 'limiters' });
    expect(algorithms).toMatchObject({ type: 'list', min: 1, max: 7, label: 'limiters', item: { type: 'choice' } });
    expect(algorithms.item!.choices).toContain('gcra');
    expect(() => optionFields('TrafficOptions', { nope: 'x' })).toThrow('TrafficOptions has no field nope');
  });
});

describe('fieldControl', () => {
  const draw = (field: FieldSpec, value: unknown) => {
    const root = document.createElement('div');
    render(html`${fieldControl(field, value)}`, root);
    return root;
  };

  it('draws a flag as a checkbox and reads it back', () => {
    const root = draw({ name: 'on', type: 'flag', default: true }, true);
    const box = root.querySelector('input')!;
    expect(box.type).toBe('checkbox');
    expect(readField({ name: 'on', type: 'flag' }, box).value).toBe(true);
    box.checked = false;
    expect(readField({ name: 'on', type: 'flag' }, box).value).toBe(false);
  });

  it('draws a list as its items joined, and long text as a text area', () => {
    const list: FieldSpec = { name: 'nodes', type: 'list', item: { type: 'string' }, default: [] };
    const input = draw(list, ['A', 'B']).querySelector('input')!;
    expect(input.value).toBe('A, B');
    input.value = 'A, B, eu-west';
    expect(readField(list, input).value).toEqual(['A', 'B', 'eu-west']);
    expect(draw({ name: 'sql', type: 'string', maxBytes: 1 << 20, default: '' }, 'SELECT 1').querySelector('textarea')!.value).toBe('SELECT 1');
    expect(draw({ name: 'value', type: 'string', maxBytes: 65536, default: '' }, 'v').querySelector('textarea')).toBeNull();
  });

  it('shows a unit beside a number, out of the accessible name', () => {
    const root = draw({ name: 'ttlMs', type: 'number', unit: 'ms', default: 500 }, 500);
    expect(root.querySelector('.unit')!.textContent).toBe('ms');
    expect(root.querySelector('.unit')!.getAttribute('aria-hidden')).toBe('true');
    const input = root.querySelector('input')!;
    input.value = '2 s';
    expect(readField({ name: 'ttlMs', type: 'number', unit: 'ms' }, input).value).toBe(2000);
  });
});

describe('what a form reads, judged by the real module', () => {
  let sdlab: SdlabModule;
  beforeAll(async () => {
    const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
    sdlab = await (createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>)();
  });

  it('builds a sketch from flattened parameters at both ends of epsilon, and names one past', () => {
    for (const epsilon of [2.7182818284590453e-6, 1]) {
      const sketch = construct(sdlab, 'CountMinSketch', { epsilon, delta: 0.5, conservative: true });
      expect(sketch.snapshot().conservative).toBe(true);
      sketch.delete();
    }
    expect(() => construct(sdlab, 'CountMinSketch', { epsilon: 1.0000001, delta: 0.5 })).toThrow(
      'CountMinSketch: options.epsilon must be a finite number in [0.0000027182818284590453, 1], got 1.0000001',
    );
  });

  it('takes a list read from text at both ends of its length, and names a bad item', () => {
    const [algorithms] = optionFields('RateLimitComparisonOptions', { algorithms: 'limiters' });
    const options = { pattern: 'steady', durationMs: 1000, ratePerSec: 5, burst: 1, periodMs: 1000, windowMs: 1000, clients: 1, abuserRatePerSec: 1, cost: 1, seed: 1, limit: 2 } as const;
    const compare = (text: string) => sdlab.runRateLimitComparison({ ...options, algorithms: readText(algorithms, text).value as never });
    expect(compare('gcra').algorithms.map((r) => r.name)).toEqual(['gcra']);
    const all = 'tokenBucket, leakyBucketQueue, leakyBucketMeter, fixedWindow, slidingWindowLog, slidingWindowCounter, gcra';
    expect(compare(all).algorithms).toHaveLength(7);
    expect(() => compare('')).toThrow('runRateLimitComparison: options.algorithms must have 1 to 7 items, got 0');
    expect(() => compare(`${all}, gcra`)).toThrow('options.algorithms must have 1 to 7 items, got 8');
    expect(() => compare('gcra, leaky')).toThrow('options.algorithms[1] must be');
  });
});
