// The swimlane of a simulator run (core/sim/simulator.h's history), as pure data: one lane per
// actor, one row per step (time flows down), each delivered or dropped message an arrow from the
// sender's lane at the step that sent it (the delivery's `cause`) to the receiver's lane at its
// own step, each timer a link along its lane from the step that set it to the step it fired, and
// what is true at step i: which arrows have arrived, which are still in flight, which actors are
// down and which pairs are cut off from each other. Knows nothing of any block: a queue lab, a
// circuit breaker or a chat room draws its run the same way (sd-swimlane.ts draws this).
// Complexity: layout O(steps); the state at a step O(steps up to it).

/** The fields of a simulator step (the module's SimStep) this view reads. */
export interface SwimStep {
  index: number;
  time: number;  // µs
  kind: string;  // start, deliver, timer, drop, crash, restart, partition, heal
  actor: string;
  from: string;  // deliver, drop: the sender; partition, heal: the far side
  message: { type: string; key: string };
  why: string;
  cause: number;  // the step that scheduled it, or -1
  notes: readonly string[];
}

export interface Geometry {
  laneWidth: number;
  rowHeight: number;
  /** Room left of the first lane (the time labels) and above the first row. */
  left: number;
  top: number;
}

export const defaultGeometry: Geometry = { laneWidth: 120, rowHeight: 22, left: 76, top: 6 };

/** One step drawn on its actor's lane. */
export interface Mark {
  index: number;
  lane: number;
  x: number;
  y: number;
  kind: string;
  /** A few words: the message or the timer's tag, or the event. */
  label: string;
}

/** A message (kind deliver or drop) or a timer (kind timer): from the step that caused it. */
export interface Link {
  kind: 'deliver' | 'drop' | 'timer';
  from: number;  // the step that sent it or set the timer
  to: number;    // the step it arrived or fired
  fromLane: number;
  toLane: number;
  label: string;
}

/** A cut between two lanes (partition) or its end (heal), at a step. */
export interface Cut {
  index: number;
  kind: 'partition' | 'heal';
  lanes: [number, number];
}

export interface Layout {
  lanes: string[];
  marks: Mark[];
  links: Link[];
  cuts: Cut[];
  width: number;
  height: number;
  geometry: Geometry;
}

/** A step in a few words: the message's type and key, a timer's tag, or the event. */
export function label(step: SwimStep): string {
  if (step.kind === 'deliver' || step.kind === 'drop' || step.kind === 'timer') {
    return [step.message.type, step.message.key].filter(Boolean).join(' ');
  }
  if (step.kind === 'partition' || step.kind === 'heal') return `${step.kind} ${step.from}`;
  return step.kind;
}

/** The lanes, marks, links and cuts of `history` (history[i].index === i). */
export function layout(history: readonly SwimStep[], geometry: Geometry = defaultGeometry): Layout {
  const lanes: string[] = [];
  const laneOf = new Map<string, number>();
  const lane = (name: string) => {
    let at = laneOf.get(name);
    if (at === undefined) {
      at = lanes.push(name) - 1;
      laneOf.set(name, at);
    }
    return at;
  };
  const x = (l: number) => geometry.left + l * geometry.laneWidth + geometry.laneWidth / 2;
  const y = (row: number) => geometry.top + row * geometry.rowHeight + geometry.rowHeight / 2;
  const marks: Mark[] = [];
  const links: Link[] = [];
  const cuts: Cut[] = [];
  for (const step of history) {
    const at = lane(step.actor);
    marks.push({ index: step.index, lane: at, x: x(at), y: y(step.index), kind: step.kind, label: label(step) });
    const cause = step.cause >= 0 ? history[step.cause] : undefined;
    if (cause && (step.kind === 'deliver' || step.kind === 'drop' || step.kind === 'timer')) {
      links.push({ kind: step.kind, from: cause.index, to: step.index, fromLane: lane(cause.actor), toLane: at, label: label(step) });
    }
    if (step.kind === 'partition' || step.kind === 'heal') cuts.push({ index: step.index, kind: step.kind, lanes: [at, lane(step.from)] });
  }
  return {
    lanes, marks, links, cuts, geometry,
    width: geometry.left + lanes.length * geometry.laneWidth,
    height: geometry.top + history.length * geometry.rowHeight,
  };
}

/** Where a link stands at step `cursor`: not sent yet, sent and on its way, or arrived. */
export type LinkState = 'future' | 'in-flight' | 'arrived';

export function linkState(link: Link, cursor: number): LinkState {
  if (cursor < link.from) return 'future';
  return cursor < link.to ? 'in-flight' : 'arrived';
}

/** Where a step stands at step `cursor`: before it (drawn), the one on show (lit), or after it
 *  (drawn faint: the run's future stays in sight, as a timeline's does). */
export type MarkState = 'past' | 'current' | 'future';

export function markState(mark: Mark, cursor: number): MarkState {
  return mark.index < cursor ? 'past' : mark.index === cursor ? 'current' : 'future';
}

/** What is true of each actor after step `cursor`. */
export interface ActorState {
  name: string;
  /** Not started yet, running, or down after a crash. */
  status: 'not started' | 'up' | 'down';
  /** The actors it is cut off from. */
  cutFrom: string[];
  /** Its last step at or before the cursor, or -1. */
  lastStep: number;
  /** Messages on their way to it (sent by then, arriving later). */
  incoming: number;
}

export function actorsAt(history: readonly SwimStep[], l: Layout, cursor: number): ActorState[] {
  const states: ActorState[] = l.lanes.map((name) => ({ name, status: 'not started', cutFrom: [], lastStep: -1, incoming: 0 }));
  const cuts = new Set<string>();
  for (const step of history.slice(0, Math.max(0, cursor + 1))) {
    const state = states[l.marks[step.index].lane];
    state.lastStep = step.index;
    if (step.kind === 'start' || step.kind === 'restart') state.status = 'up';
    if (step.kind === 'crash') state.status = 'down';
    const pair = [step.actor, step.from].sort().join('\u0000');
    if (step.kind === 'partition') cuts.add(pair);
    if (step.kind === 'heal') cuts.delete(pair);
  }
  for (const pair of cuts) {
    const [a, b] = pair.split('\u0000');
    states.find((s) => s.name === a)?.cutFrom.push(b);
    states.find((s) => s.name === b)?.cutFrom.push(a);
  }
  for (const link of l.links) {
    if (link.kind !== 'timer' && linkState(link, cursor) === 'in-flight') ++states[link.toLane].incoming;
  }
  return states;
}

/** The step a key on the swimlane moves to from `cursor` among `count` steps: ↑ back, ↓ on (time
 *  flows down), PageUp and PageDown by `page`; undefined for any other key (← → Home End and Space
 *  are the page's timeline keys, see keys.ts). */
export function keyStep(key: string, cursor: number, count: number, page = 10): number | undefined {
  const moves: Record<string, number> = { ArrowUp: cursor - 1, ArrowDown: cursor + 1, PageUp: cursor - page, PageDown: cursor + page };
  const to = moves[key];
  return to === undefined ? undefined : Math.max(0, Math.min(count - 1, to));
}

/** The rows each lane spends down: from a crash to the restart after it (or the last row). */
export interface DownSpan {
  lane: number;
  from: number;
  to: number;
}

export function downSpans(l: Layout): DownSpan[] {
  const spans: DownSpan[] = [];
  const open = new Map<number, number>();
  for (const mark of l.marks) {
    if (mark.kind === 'crash' && !open.has(mark.lane)) open.set(mark.lane, mark.index);
    if (mark.kind === 'restart' && open.has(mark.lane)) {
      spans.push({ lane: mark.lane, from: open.get(mark.lane)!, to: mark.index });
      open.delete(mark.lane);
    }
  }
  for (const [lane, from] of open) spans.push({ lane, from, to: l.marks.length - 1 });
  return spans.sort((a, b) => a.from - b.from);
}
