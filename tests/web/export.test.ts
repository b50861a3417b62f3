// @vitest-environment happy-dom
// Export: the run record (every call with what each actor returned and reported, including steps
// a replay left untraced), file names, and the SVG writer — XML that parses whatever the keys
// hold, HTML elements closed so the SVG also reads right inlined in a page, an SVG subtree in its
// own namespace. The picture of a real page is checked in Chromium (tests/e2e/blocks.mjs).
import { describe, expect, it } from 'vitest';
import { Lab } from '../../web/src/lab/lab';
import { type PictureNode, fileName, runRecord, serialize, standaloneSvg, xmlSafe } from '../../web/src/ui/export';
import { noModule, pairBlock, stackBlock, topStep } from './fake-block';

const node = (tag: string, children: PictureNode['children'] = [], attributes: [string, string][] = [], style = ''): PictureNode => ({ tag, attributes, style, children });

describe('runRecord', () => {
  it('holds the block, its parameters, the calls and each step’s result and trace', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 });
    lab.call('push', ['a']);
    lab.call('push', ['b']);
    lab.call('pop', []);
    lab.seek(2);
    const record = runRecord(lab, 'https://x/#/test/stack?s=1');
    expect(record).toEqual({
      format: 'sdlab-run', version: 1, block: 'test/stack', title: 'Stack', params: { limit: 3 },
      calls: [{ method: 'push', args: ['a'] }, { method: 'push', args: ['b'] }, { method: 'pop', args: [] }],
      step: 2, link: 'https://x/#/test/stack?s=1',
      steps: [
        { step: 1, call: { method: 'push', args: ['a'] }, result: 1, trace: [topStep('a')] },
        { step: 2, call: { method: 'push', args: ['b'] }, result: 2, trace: [topStep('b')] },
        { step: 3, call: { method: 'pop', args: [] }, result: 'b', trace: [topStep('a')] },
      ],
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    lab.dispose();
  });

  it('traces the steps of a log replayed untraced, and writes a missing result as null', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [{ method: 'pop', args: [] }, { method: 'push', args: ['a'] }]);
    const { steps } = runRecord(lab, '');
    expect(steps).toEqual([
      { step: 1, call: { method: 'pop', args: [] }, result: null, trace: [] },
      { step: 2, call: { method: 'push', args: ['a'] }, result: 1, trace: [topStep('a')] },
    ]);
    lab.dispose();
  });

  it('gives each actor its own effect, and only the actors a call went to', () => {
    const lab = new Lab(pairBlock, noModule, { limit: 1 });
    lab.call('push', ['a']);
    lab.call('push', ['b'], 'big');
    const { steps } = runRecord(lab, '');
    expect(steps[0]).toEqual({
      step: 1, call: { method: 'push', args: ['a'] },
      actors: { big: { result: 1, trace: [topStep('a')] }, small: { result: 1, trace: [topStep('a')] } },
    });
    expect(Object.keys((steps[1] as { actors: object }).actors)).toEqual(['big']);
    lab.dispose();
  });
});

describe('fileName', () => {
  it('names the block and the step on show', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [{ method: 'push', args: ['a'] }]);
    expect(fileName(lab, 'run', 'json')).toBe('sdlab-test-stack-run.json');
    expect(fileName(lab, 'step', 'svg')).toBe('sdlab-test-stack-step-1.svg');
    lab.seek(0);
    expect(fileName(lab, 'step', 'png')).toBe('sdlab-test-stack-step-0.png');
    lab.dispose();
  });
});

describe('the SVG writer', () => {
  it('replaces what XML 1.0 refuses and keeps every other character', () => {
    expect(xmlSafe('a\u0000b\u0007c\u001Fd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(xmlSafe('tab\tnew\nline\r')).toBe('tab\tnew\nline\r');
    expect(xmlSafe('lone \uD800 and \uDC00, pair \uD83D\uDE00, \uFFFE')).toBe('lone \uFFFD and \uFFFD, pair \uD83D\uDE00, \uFFFD');
  });

  it('escapes text and attributes, so a hostile key is text', () => {
    const xml = serialize(node('div', ['<img src=x onerror=alert(1)> & "q"'], [['title', '"><script>']], 'color: red'));
    expect(xml).toBe('<div xmlns="http://www.w3.org/1999/xhtml" title="&quot;&gt;&lt;script&gt;" style="color: red">&lt;img src=x onerror=alert(1)&gt; &amp; "q"</div>');
  });

  it('closes empty HTML elements and self-closes void and SVG ones; an SVG subtree has its namespace', () => {
    const tree = node('div', [node('span'), node('img', [], [['src', 'data:,']]), node('svg', [node('g', [node('rect')])], [['viewBox', '0 0 1 1']])]);
    expect(serialize(tree)).toBe('<div xmlns="http://www.w3.org/1999/xhtml"><span></span><img src="data:,"/>'
      + '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><g><rect/></g></svg></div>');
  });

  it('writes a standalone SVG document of the given size with the picture in a foreignObject', () => {
    const svg = standaloneSvg(node('div', ['k\u0001ey']), 120, 40);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.documentElement.getAttribute('width')).toBe('120');
    expect(doc.querySelector('foreignObject')!.textContent).toBe('k\uFFFDey');
  });
});
