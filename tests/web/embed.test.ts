// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { BlockDef } from '../../web/src/lab/block';
import { FRAME_SANDBOX, HEIGHT_MESSAGE, type RunAttributes, elementSnippet, formatCalls, iframeSnippet, parseCalls, readBlock, readRun } from '../../web/src/lab/embed';
import { MAX_OPS } from '../../web/src/lab/lab';
import { decodeLink, encodeLink } from '../../web/src/lab/permalink';
import { parseRoute } from '../../web/src/lab/route';
import { pairBlock, stackBlock } from './fake-block';

const find = (key: string) => ({ 'test/stack': stackBlock, 'test/pair': pairBlock })[key];
const none: RunAttributes = { params: null, calls: null, step: null, state: null };
/** A block whose method takes a list and a flag, to read every kind of argument. */
const listBlock: BlockDef = {
  ...stackBlock,
  id: 'list',
  methods: [{ name: 'pushAll', args: [{ name: 'items', type: 'list', min: 1, max: 3, default: ['a'], item: { type: 'string' } }, { name: 'loud', type: 'flag', default: false }], help: '' }],
};

describe('calls written as the log writes them', () => {
  it('reads calls, actors, the console\'s block. prefix, any separator and any text in strings', () => {
    const text = ' push("a;)\\"b");\n block.pop()  small: push("ключ ✓") ;; big:pop()';
    expect(parseCalls(pairBlock, text)).toEqual([
      { method: 'push', args: ['a;)"b'] },
      { method: 'pop', args: [] },
      { method: 'push', args: ['ключ ✓'], actor: 'small' },
      { method: 'pop', args: [], actor: 'big' },
    ]);
    expect(parseCalls(listBlock, 'pushAll(["x", "y"], true)')).toEqual([{ method: 'pushAll', args: [['x', 'y'], true] }]);
    expect(parseCalls(stackBlock, ' \n; ')).toEqual([]);
  });

  it('round-trips what formatCalls writes', () => {
    const ops = [{ method: 'push', args: ['<b>&\'"'] }, { method: 'pop', args: [], actor: 'big' }];
    expect(parseCalls(pairBlock, formatCalls(ops))).toEqual(ops);
  });

  it('refuses what is not a call of the block, naming the call and the rule', () => {
    expect(() => parseCalls(stackBlock, 'push("a"); push(a)')).toThrow(/^calls: call 2: the arguments must be JSON values \(strings in "double quotes"\), at "push\(a\)"$/);
    expect(() => parseCalls(stackBlock, 'push("a"')).toThrow(/^calls: call 1 has no closing parenthesis/);
    expect(() => parseCalls(stackBlock, 'alert(1)')).toThrow(/^calls: call 1: Stack has no method "alert"$/);
    expect(() => parseCalls(stackBlock, 'push(1)')).toThrow(/^calls: call 1: push: item must be a string, got number$/);
    expect(() => parseCalls(stackBlock, 'push()')).toThrow(/^calls: call 1: push takes 1 argument/);
    expect(() => parseCalls(stackBlock, 'pop(); 42')).toThrow(/^calls: call 2 must read method\(arguments\)/);
    expect(() => parseCalls(stackBlock, 'big: pop()')).toThrow(/^calls: call 1: Stack has no actor "big"$/);
    expect(() => parseCalls(listBlock, 'pushAll([], false)')).toThrow(/items must have 1 to 3 items, got 0/);
    expect(() => parseCalls(stackBlock, 'pop();'.repeat(MAX_OPS + 1))).toThrow(`calls: at most ${MAX_OPS} calls`);
  });
});

describe('<sdlab-block> attributes', () => {
  it('names the block, or lists the blocks there are', () => {
    expect(readBlock('test/pair', [stackBlock, pairBlock])).toBe(pairBlock);
    expect(() => readBlock(null, [stackBlock, pairBlock])).toThrow('block must name a block as "domain/id", got null; there are test/stack, test/pair');
  });

  it('opens the defaults, or the parameters, calls and step given', () => {
    expect(readRun(stackBlock, none, find)).toEqual({ block: stackBlock, params: { limit: 3 }, ops: [], cursor: 0 });
    const run = readRun(stackBlock, { ...none, params: '{"limit": 5}', calls: 'push("a"); push("b")', step: '1' }, find);
    expect(run).toEqual({ block: stackBlock, params: { limit: 5 }, ops: [{ method: 'push', args: ['a'] }, { method: 'push', args: ['b'] }], cursor: 1 });
    expect(readRun(stackBlock, { ...none, calls: 'pop()' }, find).cursor).toBe(1);
  });

  it('opens a permalink state, for this block only, and not beside params or calls', () => {
    const link = { block: stackBlock, params: { limit: 2 }, ops: [{ method: 'push', args: ['x'] }], cursor: 0 };
    expect(readRun(stackBlock, { ...none, state: encodeLink(link) }, find)).toEqual(link);
    expect(() => readRun(pairBlock, { ...none, state: encodeLink(link) }, find)).toThrow('state is a link for test/stack, not test/pair');
    expect(() => readRun(stackBlock, { ...none, state: encodeLink(link), calls: 'pop()' }, find)).toThrow(/state replaces params, calls and step/);
    expect(() => readRun(stackBlock, { ...none, state: 'garbage' }, find)).toThrow(/the link is damaged/);
  });

  it('refuses bad parameters and steps, naming the attribute and the rule', () => {
    const bad = (given: Partial<RunAttributes>) => () => readRun(stackBlock, { ...none, ...given }, find);
    expect(bad({ params: '[5]' })).toThrow('params must be a JSON object such as {"limit":3}, got "[5]"');
    expect(bad({ params: '{limit: 5}' })).toThrow(/^params must be a JSON object/);
    expect(bad({ params: '{"size": 5}' })).toThrow('params: Stack has no parameter "size"; it takes limit');
    expect(bad({ params: '{"limit": "5"}' })).toThrow('params: limit must be a number, got string');
    expect(bad({ calls: 'pop()', step: '2' })).toThrow('step must be an integer in [0, 1] (one step per call), got "2"');
    expect(bad({ step: '-0' })).toThrow(/^step must be an integer in \[0, 0\]/);
    expect(bad({ step: '0.5' })).toThrow(/^step must be an integer/);
  });
});

describe('snippets for the run on show', () => {
  const site = 'https://example.org/sdlab/index.html';
  const run = { block: pairBlock, params: { limit: 2 }, ops: [{ method: 'push', args: ["it's <b>&"] }, { method: 'pop', args: [], actor: 'big' }], cursor: 1 };

  it('an element with every parameter, the calls and the step, quoted so its attributes read back the same', () => {
    const snippet = elementSnippet(site, run);
    expect(snippet).toContain('<script type="module" src=\'https://example.org/sdlab/sdlab-embed.js\'></script>');
    const element = parse(snippet, 'sdlab-block');
    expect(element.getAttribute('block')).toBe('test/pair');
    const given = { params: element.getAttribute('params'), calls: element.getAttribute('calls'), step: element.getAttribute('step'), state: null };
    expect(readRun(pairBlock, given, find)).toEqual(run);
    expect(elementSnippet(site, { ...run, ops: [], cursor: 0 })).toMatch(/<sdlab-block block="test\/pair" params='\{"limit":2\}'><\/sdlab-block>$/);
  });

  it('a sandboxed iframe opening the same run in embed mode, with the height listener', () => {
    const snippet = iframeSnippet(site, run);
    const frame = parse(snippet, 'iframe');
    expect(frame.getAttribute('sandbox')).toBe(FRAME_SANDBOX);
    expect(FRAME_SANDBOX).toBe('allow-scripts allow-popups allow-popups-to-escape-sandbox');
    const url = new URL(frame.getAttribute('src')!);
    expect(url.origin + url.pathname).toBe(site);
    const route = parseRoute(url.hash);
    expect(route).toMatchObject({ path: 'test/pair', embed: true });
    expect(decodeLink(route.state!, find)).toEqual(run);
    expect(snippet).toContain(`e.data?.type === '${HEIGHT_MESSAGE}'`);
  });

  it('name the tour when the run on show is one playing, and only then', () => {
    expect(parse(elementSnippet(site, run, 'first-steps'), 'sdlab-block').getAttribute('tour')).toBe('first-steps');
    expect(parse(elementSnippet(site, run), 'sdlab-block').hasAttribute('tour')).toBe(false);
    const route = (snippet: string) => parseRoute(new URL(parse(snippet, 'iframe').getAttribute('src')!).hash);
    expect(route(iframeSnippet(site, run, 'first-steps'))).toMatchObject({ path: 'test/pair', embed: true, tour: 'first-steps' });
    expect(route(iframeSnippet(site, run)).tour).toBeUndefined();
  });
});

/** The first `tag` of an HTML snippet, as a browser parses it (inert: nothing loads). */
function parse(snippet: string, tag: string): Element {
  const template = document.createElement('template');
  template.innerHTML = snippet;
  return template.content.querySelector(tag)!;
}
