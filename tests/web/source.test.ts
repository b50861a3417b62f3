import { describe, expect, it } from 'vitest';
import { hasSource, highlightLines, loadSource } from '../../web/src/ui/source';

describe('core sources for the code panel', () => {
  it('carries every core file under the path trace steps name', async () => {
    expect(hasSource('core/cache/list_cache.h')).toBe(true);
    expect(hasSource('core/partition/hash_ring.cpp')).toBe(true);
    expect(hasSource('wasm/binding.h')).toBe(false);
    expect(await loadSource('core/cache/list_cache.h')).toContain('namespace sdlab');
    expect(await loadSource('core/nothing.h')).toBeUndefined();
  });

  it('highlights line by line, one output line per source line, escaped', async () => {
    const lines = await highlightLines('#include <vector>\n\nint f() { return 1 < 2; }  // "x"');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('&lt;vector&gt;');
    expect(lines[1]).toBe('');
    expect(lines[2]).toContain('<span class="hljs-keyword">return</span>');
    const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
    expect(lines.map(text)).toEqual(['#include <vector>', '', 'int f() { return 1 < 2; }  // "x"']);
    expect(lines[2]).toContain('hljs-comment');
  });
});
