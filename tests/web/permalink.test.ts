import { describe, expect, it } from 'vitest';
import { Lab, MAX_OPS } from '../../web/src/lab/lab';
import { LINK_VERSION, MAX_LINK_CHARS, MAX_UNPACKED_BYTES, decodeLink, encodeLink, opensIn, pack } from '../../web/src/lab/permalink';
import { formatRoute, parseRoute } from '../../web/src/lab/route';
import { noModule, pairBlock, stackBlock } from './fake-block';

const find = (key: string) => ({ 'test/stack': stackBlock, 'test/pair': pairBlock })[key];
const encodeJson = pack;

describe('permalinks', () => {
  const state = {
    block: stackBlock,
    params: { limit: 3 },
    ops: [
      { method: 'push', args: ['<img src=x onerror=alert(1)>'] },
      { method: 'push', args: ['ключ ✓'] },
      { method: 'pop', args: [] },
    ],
    cursor: 2,
  };

  it('keeps a long repetitive log short', () => {
    const ops = Array.from({ length: MAX_OPS }, (_, i) => ({ method: 'push', args: [`key${i % 50}`] }));
    const text = encodeLink({ ...state, ops, cursor: 0 });
    expect(text.length).toBeLessThan(MAX_LINK_CHARS);
    expect(decodeLink(text, find).ops).toEqual(ops);
  });

  it('round-trips block, parameters, calls and step, with any text', () => {
    const text = encodeLink(state);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLink(text, find)).toEqual(state);
  });

  it('round-trips calls made by one actor and calls made in lockstep', () => {
    const ops = [{ method: 'push', args: ['a'] }, { method: 'push', args: ['b'], actor: 'small' }, { method: 'pop', args: [], actor: 'big' }];
    const pair = { block: pairBlock, params: { limit: 2 }, ops, cursor: 3 };
    const text = encodeLink(pair);
    expect(LINK_VERSION).toBe(2);
    expect(decodeLink(text, find)).toEqual(pair);
  });

  it('carries the branch on show only: a link of a branched run opens that branch alone', () => {
    const [a, b] = state.ops;
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [a, b]);
    lab.seek(1);
    lab.call('pop', []);
    lab.seek(1);
    const link = (run: Lab) => decodeLink(encodeLink({ block: stackBlock, params: run.params, ops: run.ops, cursor: run.cursor }), find);
    expect(link(lab)).toMatchObject({ ops: [a, { method: 'pop', args: [] }], cursor: 1 });
    const opened = new Lab(stackBlock, noModule, link(lab).params, link(lab).ops);
    expect([opened.ops, opened.branchList.length]).toEqual([lab.ops, 1]);
    lab.switchBranch(0);
    expect(link(lab)).toMatchObject({ ops: [a, b], cursor: 1 });
    lab.dispose();
    opened.dispose();
  });

  it('still reads version-1 links', () => {
    const v1 = pack({ v: 1, b: 'test/stack', p: { limit: 3 }, o: [['push', 'a'], ['pop']], c: 1 });
    expect(decodeLink(v1, find)).toEqual({ block: stackBlock, params: { limit: 3 }, ops: [{ method: 'push', args: ['a'] }, { method: 'pop', args: [] }], cursor: 1 });
  });

  it("opens a link on its block's page, or a version-1 link of a member on the lockstep page", () => {
    const member = { ...stackBlock, id: 'big' };
    expect(opensIn(stackBlock, stackBlock)).toBe(true);
    expect(opensIn(member, pairBlock)).toBe(true);
    expect(opensIn({ ...member, domain: 'other' }, pairBlock)).toBe(false);
    expect(opensIn(stackBlock, pairBlock)).toBe(false);
    expect(opensIn(pairBlock, stackBlock)).toBe(false);
  });

  it.each([
    ['not base64 data', '!!!', 'the link is damaged: it is not valid encoded data'],
    ['a short link that unpacks to megabytes', encodeJson({ v: 2, b: 'test/stack', p: { limit: 3 }, o: [], c: 0, pad: 'x'.repeat(MAX_UNPACKED_BYTES) }), `the link is damaged: it unpacks to more than ${MAX_UNPACKED_BYTES} bytes`],
    ['another version', encodeJson({ v: 3, b: 'test/stack', p: { limit: 3 }, o: [], c: 0 }), 'the link has version 3; this page reads versions 1 and 2'],
    ['no version', encodeJson({ b: 'test/stack', p: { limit: 3 }, o: [], c: 0 }), 'the link has version undefined; this page reads versions 1 and 2'],
    ['an actor the block lacks', encodeJson({ v: 2, b: 'test/pair', p: { limit: 3 }, o: [{ a: 'huge', c: ['pop'] }], c: 0 }), 'call 1 in the link: Pair has no actor "huge"'],
    ['an actor on a block without actors', encodeJson({ v: 2, b: 'test/stack', p: { limit: 3 }, o: [{ a: 'big', c: ['pop'] }], c: 0 }), 'call 1 in the link: Stack has no actor "big"'],
    ['an actor that is not a name', encodeJson({ v: 2, b: 'test/pair', p: { limit: 3 }, o: [{ a: ['big'], c: ['pop'] }], c: 0 }), 'call 1 in the link is damaged'],
    ['an actor call with extra fields', encodeJson({ v: 2, b: 'test/pair', p: { limit: 3 }, o: [{ a: 'big', c: ['pop'], then: 'x' }], c: 0 }), 'call 1 in the link is damaged'],
    ['an actor call without a call', encodeJson({ v: 2, b: 'test/pair', p: { limit: 3 }, o: [{ a: 'big', c: [] }], c: 0 }), 'call 1 in the link is damaged'],
    ['an actor call in a version-1 link', encodeJson({ v: 1, b: 'test/pair', p: { limit: 3 }, o: [{ a: 'big', c: ['pop'] }], c: 0 }), 'call 1 in the link is damaged'],
    ['a step that is not an integer', encodeJson({ v: 2, b: 'test/stack', p: { limit: 3 }, o: [['pop']], c: 0.5 }), "the link's step must be an integer in [0, 1]"],
    ['a negative step', encodeJson({ v: 2, b: 'test/stack', p: { limit: 3 }, o: [['pop']], c: -1 }), "the link's step must be an integer in [0, 1]"],
    ['an unknown block', encodeJson({ v: 1, b: 'test/heap', p: {}, o: [], c: 0 }), 'the link names an unknown block "test/heap"'],
    ['a parameter of the wrong type', encodeJson({ v: 1, b: 'test/stack', p: { limit: '3' }, o: [], c: 0 }), "the link's parameter limit must be a number, got string"],
    ['a method the block lacks', encodeJson({ v: 1, b: 'test/stack', p: { limit: 3 }, o: [['constructor']], c: 0 }), 'call 1 in the link: Stack has no method "constructor"'],
    ['code instead of data', encodeJson({ v: 1, b: 'test/stack', p: { limit: 3 }, o: [['push', { toString: 'alert(1)' }]], c: 0 }), 'call 1 in the link: push: item must be a string, got object'],
    ['a step past the end', encodeJson({ v: 1, b: 'test/stack', p: { limit: 3 }, o: [['pop']], c: 2 }), "the link's step must be an integer in [0, 1]"],
  ])('refuses %s with a clear message', (_name, text, message) => {
    expect(() => decodeLink(text, find)).toThrow(message);
  });

  it('caps the size of what it writes and reads', () => {
    const random = (i: number) => `${Math.sin(i) * 1e9}`;
    const long = { ...state, ops: Array.from({ length: 1500 }, (_, i) => ({ method: 'push', args: [random(i)] })) };
    expect(() => encodeLink(long)).toThrow(/too long for a link/);
    expect(() => decodeLink('A'.repeat(MAX_LINK_CHARS + 1), find)).toThrow(/the link is too long/);
    const many = encodeJson({ v: 1, b: 'test/stack', p: { limit: 3 }, o: Array.from({ length: MAX_OPS + 1 }, () => ['pop']), c: 0 });
    expect(() => decodeLink(many, find)).toThrow(`at most ${MAX_OPS} calls`);
  });
});

describe('routes', () => {
  it('parses path, state and embed flag from the hash', () => {
    expect(parseRoute('#/cache/lru?embed=1&s=abc')).toEqual({ path: 'cache/lru', state: 'abc', embed: true });
    expect(parseRoute('')).toEqual({ path: '', state: undefined, embed: false });
  });

  it('formats what it parses', () => {
    const route = { path: 'cache/lfu', state: 'x-y_z', embed: true };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    const touring = { path: 'cache/lfu', state: 'x', embed: false, tour: 'hot-key' };
    expect(formatRoute(touring)).toBe('#/cache/lfu?tour=hot-key&s=x');
    expect(parseRoute(formatRoute(touring))).toEqual(touring);
    expect(formatRoute({ path: '', embed: false })).toBe('#/');
  });
});
