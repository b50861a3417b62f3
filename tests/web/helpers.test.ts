import { describe, expect, it } from 'vitest';
import { diffByKey } from '../../web/src/lab/diff';
import { capacityPoints } from '../../web/src/blocks/cache/sd-cache-experiment';

describe('diffByKey', () => {
  it('sorts keys into added, changed and removed', () => {
    const before = [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }];
    const after = [{ key: 'd', value: '4' }, { key: 'a', value: '9' }, { key: 'c', value: '3' }];
    const change = diffByKey(before, after);
    expect([...change.added]).toEqual(['d']);
    expect([...change.changed]).toEqual(['a']);
    expect(change.removed).toEqual(['b']);
  });

  it('treats everything as added when there is no previous state', () => {
    expect([...diffByKey(undefined, [{ key: 'a' }]).added]).toEqual(['a']);
  });
});

describe('capacityPoints', () => {
  it('spaces up to ten capacities on a log scale ending at the maximum', () => {
    const points = capacityPoints(1000);
    expect(points.at(-1)).toBe(1000);
    expect(points[0]).toBe(2);
    expect(points).toEqual([...points].sort((a, b) => a - b));
  });

  it('passes a bad maximum through for the block to reject', () => {
    expect(capacityPoints(-1)).toEqual([-1]);
  });
});

describe('clip', () => {
  it('clips a long call or error for the log to its length, marking the cut', async () => {
    const { clip } = await import('../../web/src/lab/block');
    expect(clip('put("abc")', 10)).toBe('put("abc")');
    expect(clip('put("abcd")', 10)).toBe('put("abcd…');
    expect(clip('🦀🦀🦀', 3)).toBe('🦀🦀🦀');
    expect(clip('🦀🦀🦀🦀', 3)).toBe('🦀🦀…');
  });
});
