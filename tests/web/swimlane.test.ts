import { describe, expect, it } from 'vitest';
import { type SwimStep, actorsAt, defaultGeometry, downSpans, keyStep, label, layout, linkState, markState } from '../../web/src/ui/swimlane';

/** A step of a made-up run; index is its place. */
function step(index: number, kind: string, actor: string, more: Partial<SwimStep> = {}): SwimStep {
  return { index, time: index * 1000, kind, actor, from: '', message: { type: '', key: '' }, why: `why ${index}`, cause: -1, notes: [], ...more };
}

// a and b start; a's ping reaches b; a's timer fires; b crashes, so a's retry (sent from the timer
// step) is dropped; b restarts; a and b are cut off and healed; a message from outside reaches c.
const history: SwimStep[] = [
  step(0, 'start', 'a'),
  step(1, 'start', 'b'),
  step(2, 'deliver', 'b', { from: 'a', message: { type: 'ping', key: 'k1' }, cause: 0 }),
  step(3, 'timer', 'a', { message: { type: 'retry', key: '' }, cause: 0 }),
  step(4, 'crash', 'b'),
  step(5, 'drop', 'b', { from: 'a', message: { type: 'ping', key: 'k2' }, cause: 3 }),
  step(6, 'restart', 'b'),
  step(7, 'partition', 'a', { from: 'b' }),
  step(8, 'heal', 'b', { from: 'a' }),
  step(9, 'deliver', 'c', { from: 'outside', message: { type: 'hello', key: '' } }),
];

describe('layout', () => {
  const l = layout(history);

  it('gives each actor a lane in the order it first appears, and each step a row', () => {
    expect(l.lanes).toEqual(['a', 'b', 'c']);
    expect(l.marks.map((m) => m.lane)).toEqual([0, 1, 1, 0, 1, 1, 1, 0, 1, 2]);
    const { left, top, laneWidth, rowHeight } = defaultGeometry;
    expect(l.marks[0]).toMatchObject({ x: left + laneWidth / 2, y: top + rowHeight / 2, kind: 'start', label: 'start' });
    expect(l.marks[9]).toMatchObject({ x: left + 2.5 * laneWidth, y: top + 9.5 * rowHeight });
    expect([l.width, l.height]).toEqual([left + 3 * laneWidth, top + 10 * rowHeight]);
  });

  it('links a delivery or drop to the step that sent it, and a timer to the step that set it', () => {
    expect(l.links).toEqual([
      { kind: 'deliver', from: 0, to: 2, fromLane: 0, toLane: 1, label: 'ping k1' },
      { kind: 'timer', from: 0, to: 3, fromLane: 0, toLane: 0, label: 'retry' },
      { kind: 'drop', from: 3, to: 5, fromLane: 0, toLane: 1, label: 'ping k2' },
    ]);
  });

  it('draws no link for what came from outside the run (cause -1)', () => {
    expect(l.links.some((k) => k.to === 9 || k.to === 4)).toBe(false);
  });

  it('marks partitions and heals between the two lanes, whichever side the step is on', () => {
    expect(l.cuts).toEqual([{ index: 7, kind: 'partition', lanes: [0, 1] }, { index: 8, kind: 'heal', lanes: [1, 0] }]);
  });

  it('takes an empty history', () => {
    const empty = layout([]);
    expect([empty.lanes, empty.marks, empty.links, empty.height]).toEqual([[], [], [], defaultGeometry.top]);
  });
});

describe('what is visible at a step', () => {
  const l = layout(history);
  const ping = l.links[0];

  it('a link is future before its send, in flight from its send, arrived at its delivery', () => {
    expect(linkState(ping, -1)).toBe('future');
    expect(linkState(ping, 0)).toBe('in-flight');
    expect(linkState(ping, 1)).toBe('in-flight');
    expect(linkState(ping, 2)).toBe('arrived');
    expect(linkState(ping, 9)).toBe('arrived');
  });

  it('a step is past before the cursor, current at it, future after it', () => {
    expect(l.marks.map((m) => markState(m, 4))).toEqual(['past', 'past', 'past', 'past', 'current', 'future', 'future', 'future', 'future', 'future']);
    expect(markState(l.marks[0], 0)).toBe('current');
    expect(markState(l.marks[9], 9)).toBe('current');
    expect(markState(l.marks[9], 8)).toBe('future');
  });
});

describe('actorsAt', () => {
  const l = layout(history);
  const at = (cursor: number) => Object.fromEntries(actorsAt(history, l, cursor).map((s) => [s.name, s]));

  it('is not started until its start, up after it, down from a crash to its restart', () => {
    expect(at(0).b.status).toBe('not started');
    expect(at(1).b.status).toBe('up');
    expect(at(3).b.status).toBe('up');
    expect(at(4).b.status).toBe('down');
    expect(at(5).b.status).toBe('down');
    expect(at(6).b.status).toBe('up');
    expect(at(8).c.status).toBe('not started');
  });

  it('counts the messages on their way to an actor, not its timers', () => {
    expect(at(0).b.incoming).toBe(1);
    expect(at(1).b.incoming).toBe(1);
    expect(at(2).b.incoming).toBe(0);
    expect(at(3).b.incoming).toBe(1);
    expect(at(5).b.incoming).toBe(0);
    expect(at(0).a.incoming).toBe(0);
  });

  it('knows who is cut off from whom between a partition and its heal', () => {
    expect(at(6).a.cutFrom).toEqual([]);
    expect(at(7).a.cutFrom).toEqual(['b']);
    expect(at(7).b.cutFrom).toEqual(['a']);
    expect(at(8).a.cutFrom).toEqual([]);
  });

  it('names each actor\'s last step so far', () => {
    expect(at(4).a.lastStep).toBe(3);
    expect(at(4).b.lastStep).toBe(4);
    expect(at(9).c.lastStep).toBe(9);
    expect(at(-1).a.lastStep).toBe(-1);
  });
});

describe('downSpans', () => {
  it('spans a lane from its crash to its restart, or to the end when it never restarts', () => {
    expect(downSpans(layout(history))).toEqual([{ lane: 1, from: 4, to: 6 }]);
    const more = [...history, step(10, 'crash', 'a'), step(11, 'crash', 'a'), step(12, 'deliver', 'c')];
    expect(downSpans(layout(more))).toEqual([{ lane: 1, from: 4, to: 6 }, { lane: 0, from: 10, to: 12 }]);
  });
});

describe('label', () => {
  it('says a message by type and key, a timer by its tag, a cut by the far side, else the event', () => {
    expect(history.map(label)).toEqual(['start', 'start', 'ping k1', 'retry', 'crash', 'ping k2', 'restart', 'partition b', 'heal a', 'hello']);
  });
});

describe('keyStep', () => {
  it('moves up and down a row and a page, stopping at both ends', () => {
    expect(keyStep('ArrowDown', 3, 10)).toBe(4);
    expect(keyStep('ArrowUp', 3, 10)).toBe(2);
    expect(keyStep('ArrowUp', 0, 10)).toBe(0);
    expect(keyStep('ArrowDown', 9, 10)).toBe(9);
    expect(keyStep('PageDown', 3, 10)).toBe(9);
    expect(keyStep('PageDown', 3, 100)).toBe(13);
    expect(keyStep('PageUp', 3, 10)).toBe(0);
    expect(keyStep('PageUp', 25, 100, 5)).toBe(20);
  });

  it('leaves the timeline keys to the page', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', 'Home', 'End', ' ', 'a']) expect(keyStep(key, 3, 10)).toBeUndefined();
  });
});
