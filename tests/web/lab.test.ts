import { describe, expect, it } from 'vitest';
import { Lab } from '../../web/src/lab/lab';
import { live, noModule, stackBlock } from './fake-block';

const items = (lab: Lab) => (lab.frame.state as { items: string[] }).items;

describe('Lab', () => {
  it('records a frame per successful call, with result and trace', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 });
    expect(lab.call('push', ['a'])).toEqual({ ok: true, result: 1 });
    lab.call('push', ['b']);
    expect(lab.frames).toHaveLength(3);
    expect(items(lab)).toEqual(['a', 'b']);
    expect(lab.frame.trace).toEqual([{ kind: 'top', subject: 'b', note: 'on top' }]);
    expect(lab.ops).toEqual([{ method: 'push', args: ['a'] }, { method: 'push', args: ['b'] }]);
    lab.dispose();
  });

  it('a rejected call changes nothing and is not logged', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 });
    lab.call('push', ['a']);
    const outcome = lab.call('push', ['b']);
    expect(outcome).toEqual({ ok: false, error: 'Stack.push: the stack is full (1)' });
    expect(lab.frames).toHaveLength(2);
    expect(items(lab)).toEqual(['a']);
    lab.dispose();
  });

  it('rejects calls the block does not have, before they run', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 1 });
    expect(lab.call('delete', [])).toEqual({ ok: false, error: 'Stack has no method "delete"' });
    expect(lab.call('push', [1])).toEqual({ ok: false, error: 'push: item must be a string, got number' });
    expect(lab.call('push', [])).toEqual({ ok: false, error: 'push takes 1 argument(s)' });
    expect(lab.frames).toHaveLength(1);
    lab.dispose();
  });

  it('steps back and forth without changing the log', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [
      { method: 'push', args: ['a'] },
      { method: 'push', args: ['b'] },
    ]);
    lab.seek(1);
    expect(items(lab)).toEqual(['a']);
    expect(lab.previous?.state).toEqual({ items: [] });
    lab.seek(99);
    expect(lab.cursor).toBe(2);
    lab.seek(-5);
    expect(lab.cursor).toBe(0);
    expect(lab.ops).toHaveLength(2);
    lab.dispose();
  });

  it('a call made while stepped back replaces the later history, replaying up to the cursor', () => {
    const lab = new Lab(stackBlock, noModule, { limit: 3 }, [
      { method: 'push', args: ['a'] },
      { method: 'push', args: ['b'] },
      { method: 'push', args: ['c'] },
    ]);
    lab.seek(1);
    lab.call('push', ['z']);
    expect(lab.ops.map((op) => op.args[0])).toEqual(['a', 'z']);
    expect(items(lab)).toEqual(['a', 'z']);
    expect(lab.call('push', ['y']).ok).toBe(true);
    expect(lab.call('push', ['w']).ok).toBe(false);
    lab.dispose();
  });

  it('replaying the same log reproduces every frame', () => {
    const ops = [
      { method: 'push', args: ['a'] },
      { method: 'pop', args: [] },
      { method: 'push', args: ['b'] },
    ];
    const first = new Lab(stackBlock, noModule, { limit: 2 }, ops);
    const again = new Lab(stackBlock, noModule, { limit: 2 }, first.ops);
    expect(again.frames).toEqual(first.frames);
    first.dispose();
    again.dispose();
  });

  it('a log that fails on replay is refused with the step that failed, leaking nothing', () => {
    const before = live;
    expect(() => new Lab(stackBlock, noModule, { limit: 1 }, [
      { method: 'push', args: ['a'] },
      { method: 'push', args: ['b'] },
    ])).toThrow('step 2, push: Stack.push: the stack is full (1)');
    expect(live).toBe(before);
  });

  it('owns exactly one live instance however it is driven', () => {
    const before = live;
    const lab = new Lab(stackBlock, noModule, { limit: 5 });
    for (let i = 0; i < 5; ++i) lab.call('push', [`${i}`]);
    lab.seek(2);
    lab.call('pop', []);
    expect(live).toBe(before + 1);
    lab.dispose();
    expect(live).toBe(before);
  });
});
