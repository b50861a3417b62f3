// The lab's record of a block's invariants: checked after every call (replayed ones too), the
// checklist names the first frame that broke each promise, stepping back past it is green, and
// every branch and actor has its own.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../web/src/lab/block';
import { Lab } from '../../web/src/lab/lab';
import { noModule, pairBlock, stackBlock } from './fake-block';

const push = (item: string): Op => ({ method: 'push', args: [item] });
const smuggle = (item: string): Op => ({ method: 'smuggle', args: [item] });
const name = 'holds at most limit items';

describe('Lab invariants', () => {
  it('are checked at creation and after every call', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 2 });
    expect(lab.invariantsAt(0)).toEqual([{ name, holds: true, detail: '' }]);
    lab.call('push', ['a']);
    expect(lab.checklist()).toEqual([{ name, holds: true, holdsNow: true }]);
    lab.dispose();
  });

  it('the checklist names the first frame that broke a promise, and its detail there', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 }, [push('a'), smuggle('b'), smuggle('c'), { method: 'pop', args: [] }]);
    expect(lab.invariantsAt(2)?.[0].holds).toBe(false);
    lab.seek(3);
    expect(lab.invariantsAt(3)?.[0].detail).toBe('3 items, limit 1');
    expect(lab.checklist()).toEqual([{ name, holds: false, detail: '2 items, limit 1', step: 2, holdsNow: false }]);
    lab.seek(4);
    expect(lab.checklist()).toEqual([{ name, holds: false, detail: '2 items, limit 1', step: 2, holdsNow: false }]);
    lab.seek(1);
    expect(lab.checklist()).toEqual([{ name, holds: true, holdsNow: true }]);
    lab.dispose();
  });

  it('a promise that holds again after it broke still shows where it broke', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 }, [push('a'), smuggle('b'), { method: 'pop', args: [] }]);
    expect(lab.checklist()).toEqual([{ name, holds: false, detail: '2 items, limit 1', step: 2, holdsNow: true }]);
    lab.dispose();
  });

  it('each branch has its own checklist', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 }, [push('a'), smuggle('b')]);
    lab.seek(0);
    lab.call('push', ['z']);  // a branch from frame 0, where the promise holds
    expect(lab.checklist()).toEqual([{ name, holds: true, holdsNow: true }]);
    expect(lab.length).toBe(2);
    lab.switchBranch(0);
    lab.seek(2);
    expect(lab.checklist()).toEqual([{ name, holds: false, detail: '2 items, limit 1', step: 2, holdsNow: false }]);
    lab.dispose();
  });

  it('each actor has its own checklist', () => {
    const lab = new Lab(pairBlock, noModule, { limit: 1 }, [push('a')]);  // big holds 2, small 1
    lab.call('smuggle', ['c'], 'small');
    expect(lab.checklist(0)).toEqual([{ name, holds: true, holdsNow: true }]);
    expect(lab.checklist(1)).toEqual([{ name, holds: false, detail: '2 items, limit 1', step: 2, holdsNow: false }]);
    lab.dispose();
  });
});
