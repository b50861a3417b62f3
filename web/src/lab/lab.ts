// Lab: a run of a block — one instance, or several actors in lockstep — driven by an operation
// log, with every state along the way on demand and memory bounded.
//
// Frames: frame 0 is the state after creation; frame i the state after ops[0..i). For every frame
// the lab keeps the call and, per actor, its result and trace (small). A log replayed at once (a
// link's, an example) runs untraced — recording and converting steps costs more than most calls —
// and a frame's trace is computed when first read, like a state. States (snapshots, which
// can be large) are kept in a cache of the frames last looked at, bounded by STATE_BUDGET bytes
// (estimated from a snapshot's JSON) and never fewer than MIN_STATE_CACHE frames; any other is
// recomputed on demand. Small states (a limiter's) thus stay cached for a whole 2,000-call log, so
// views that read every frame of the history pay once; large ones (a bloom filter's cells) do not
// pile up.
// Checkpoints: when every instance can copy() itself, the lab keeps a copy of each at every
// CHECKPOINT_EVERY-th frame. A state off the cache, or a call while stepped back, replays at most
// CHECKPOINT_EVERY − 1 calls from the checkpoint below (without copies: from creation). The
// replaying instances form a head that moves forward, so stepping forward costs one call a step.
// Actors: a call without an actor goes to every instance, with one to that instance only; a
// rejected call changes nothing (instances already called are restored) and is not logged.
// Calls while stepped back drop the later frames first, in one place (truncate): issue 8 will keep
// them as a branch instead.
// Long logs (a permalink's) replay in slices that yield to the event loop, with progress and a
// cancel that leaves the lab at the last completed call. A worker cannot do it: a block instance
// is a handle in one WASM instance and cannot move to another thread, and shipping every frame's
// snapshot back is the memory this design avoids.
//
// Complexity: a call at the end O(call); frame state O(1) cached, else O(CHECKPOINT_EVERY calls +
// one snapshot per actor); memory O(frames · (trace + result) + frames / CHECKPOINT_EVERY ·
// instance) + STATE_BUDGET.
// Lifetime: a Lab owns its live instances, the head and the checkpoints; dispose() frees them.
import type { SdlabModule, TraceStep } from 'sdlab-wasm';
import { type ActorDef, type BlockDef, type BlockInstance, type Op, type Params, actorsOf, opError } from './block';

/** What the page and a view see of one actor at one step. */
export interface Frame {
  /** The call that produced this state (absent for the initial state, and for an actor the call
   *  did not go to: its state is the one before). */
  op?: Op;
  result?: unknown;
  trace: TraceStep[];
  readonly state: unknown;
}

export type Outcome = { ok: true; result: unknown } | { ok: false; error: string };

/** How a replay ended: `done` calls of `total` completed. */
export interface ReplayEnd {
  done: number;
  total: number;
  cancelled: boolean;
  error?: string;
}

export interface ReplayOptions {
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** Time spent per slice before yielding, ms. */
  sliceMs?: number;
}

export const MAX_OPS = 2000;
export const CHECKPOINT_EVERY = 32;
export const STATE_BUDGET = 8 << 20;
export const MIN_STATE_CACHE = 64;

/** One call's effect on one actor. */
interface Effect {
  result: unknown;
  /** Undefined until read when the call was replayed untraced. */
  trace?: TraceStep[];
}

interface Step {
  op?: Op;
  /** Per actor; undefined where the call went to another actor. */
  effects: (Effect | undefined)[];
}

interface Head {
  index: number;
  instances: BlockInstance[];
}

export class Lab {
  cursor = 0;
  readonly actors: readonly ActorDef[];
  private readonly steps: Step[] = [{ effects: [] }];
  private live: BlockInstance[];
  /** Copies at frames 0, CHECKPOINT_EVERY, 2·CHECKPOINT_EVERY, … (when the block can copy). */
  private readonly checkpoints = new Map<number, BlockInstance[]>();
  private head?: Head;
  /** Snapshots per frame (one per actor), least recently used first. */
  private readonly states = new Map<number, unknown[]>();
  /** How many frames' snapshots fit in STATE_BUDGET, re-estimated every MIN_STATE_CACHE misses. */
  private stateLimit = MIN_STATE_CACHE;
  private misses = 0;
  private readonly copies: boolean;
  /** Whether the live instances record steps; undefined when not known. */
  private liveTracing?: boolean;

  /** Creates the instances and replays `ops`; throws an Error naming the first op that fails. */
  constructor(
    readonly def: BlockDef,
    private readonly sdlab: SdlabModule,
    readonly params: Params,
    ops: readonly Op[] = [],
  ) {
    this.actors = actorsOf(def);
    this.live = this.start();
    this.copies = this.live.every((instance) => typeof instance.copy === 'function');
    this.keepCheckpoint();
    for (const [index, op] of ops.entries()) {
      const outcome = this.append(op, false);
      if (!outcome.ok) {
        this.dispose();
        throw new Error(`step ${index + 1}, ${op.method}: ${outcome.error}`);
      }
    }
    this.cursor = this.length - 1;
  }

  /** Frames: 1 + calls logged. */
  get length(): number {
    return this.steps.length;
  }

  get ops(): Op[] {
    return this.steps.slice(1).map((s) => s.op!);
  }

  /** The call that made frame `index` (absent for frame 0), whoever it went to. */
  callAt(index: number): Op | undefined {
    return this.steps[index].op;
  }

  get frame(): Frame {
    return this.frameAt(this.cursor);
  }

  get previous(): Frame | undefined {
    return this.cursor > 0 ? this.frameAt(this.cursor - 1) : undefined;
  }

  get atEnd(): boolean {
    return this.cursor === this.length - 1;
  }

  /** Frame `index` as `actor` (an index into actors) saw it; its state is computed when read. */
  frameAt(index: number, actor = 0): Frame {
    const effect = this.steps[index].effects[actor];
    const lab = this;
    return {
      op: effect && this.steps[index].op,
      result: effect?.result,
      get trace() {
        return lab.traceAt(index, actor);
      },
      get state() {
        return lab.statesAt(index)[actor];
      },
    };
  }

  /** Every frame up to the one on show, as `actor` saw it. */
  history(actor = 0): Frame[] {
    return Array.from({ length: this.cursor + 1 }, (_, i) => this.frameAt(i, actor));
  }

  seek(index: number): void {
    this.cursor = Math.max(0, Math.min(this.length - 1, index));
  }

  /** Calls a method at the cursor: the state on show is the one the call acts on. */
  call(method: string, args: Op['args'], actor?: string): Outcome {
    if (this.length > MAX_OPS) return { ok: false, error: `the log is full (${MAX_OPS} calls)` };
    const op: Op = actor === undefined ? { method, args: [...args] } : { method, args: [...args], actor };
    const shapeError = opError(this.def, op);
    if (shapeError) return { ok: false, error: shapeError };
    if (!this.atEnd) this.truncate(this.cursor);
    const outcome = this.append(op);
    if (outcome.ok) this.cursor = this.length - 1;
    return outcome;
  }

  /** Appends `ops` in slices of about `sliceMs`, yielding to the event loop between them. The
   *  first slice runs before this returns. The cursor stays where it is. */
  async replay(ops: readonly Op[], { signal, onProgress, sliceMs = 12 }: ReplayOptions = {}): Promise<ReplayEnd> {
    const total = ops.length;
    let done = 0;
    while (done < total) {
      if (signal?.aborted) return { done, total, cancelled: true };
      const deadline = performance.now() + sliceMs;
      do {
        const op = ops[done];
        const outcome = this.length > MAX_OPS ? { ok: false as const, error: `the log is full (${MAX_OPS} calls)` } : this.append(op, false);
        if (!outcome.ok) return { done, total, cancelled: false, error: `step ${done + 1}, ${op.method}: ${outcome.error}` };
        ++done;
      } while (done < total && performance.now() < deadline);
      onProgress?.(done, total);
      if (done < total) await nextTask();
    }
    return { done, total, cancelled: false };
  }

  dispose(): void {
    this.live.forEach(free);
    this.head?.instances.forEach(free);
    this.head = undefined;
    this.checkpoints.forEach((instances) => instances.forEach(free));
    this.checkpoints.clear();
  }

  /** Fresh instances that record the steps of their calls. */
  private start(): BlockInstance[] {
    const instances: BlockInstance[] = [];
    try {
      for (const actor of this.actors) {
        const instance = actor.create(this.sdlab, this.params);
        instances.push(instance);
        instance.setTracing?.(true);
      }
    } catch (error) {
      instances.forEach(free);
      throw error;
    }
    return instances;
  }

  /** Runs `op` on the live instances and logs it; a rejection leaves them as they were.
   *  Untraced, the live instances do not record steps and the frame's trace is left to traceAt. */
  private append(op: Op, traced = true): Outcome {
    const shapeError = opError(this.def, op);
    if (shapeError) return { ok: false, error: shapeError };
    if (this.liveTracing !== traced) {
      this.live.forEach((instance) => instance.setTracing?.(traced));
      this.liveTracing = traced;
    }
    const effects: (Effect | undefined)[] = [];
    for (const [index, actor] of this.actors.entries()) {
      if (op.actor !== undefined && op.actor !== actor.id) continue;
      const instance = this.live[index];
      try {
        const result = invoke(instance, op);
        effects[index] = traced ? { result, trace: instance.trace?.() ?? [] } : { result };
      } catch (error) {
        if (effects.length > 0) this.restoreLive();
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: this.actors.length > 1 ? `${actor.title}: ${message}` : message };
      }
    }
    this.steps.push({ op, effects });
    this.keepCheckpoint();
    const result = effects.find((e) => e !== undefined)?.result;
    return { ok: true, result };
  }

  private keepCheckpoint(): void {
    const index = this.length - 1;
    if (this.copies && index % CHECKPOINT_EVERY === 0) this.checkpoints.set(index, this.live.map((i) => i.copy!()));
  }

  /** Drops the frames after `index`; the live instances move to it. */
  private truncate(index: number): void {
    this.steps.length = index + 1;
    for (const [at, instances] of this.checkpoints) {
      if (at > index) {
        instances.forEach(free);
        this.checkpoints.delete(at);
      }
    }
    for (const at of this.states.keys()) if (at > index) this.states.delete(at);
    this.restoreLive();
  }

  /** Rebuilds the live instances at the last frame (after a truncation or a partial call). */
  private restoreLive(): void {
    const head = this.moveHead(this.length - 1);
    this.head = undefined;
    this.live.forEach(free);
    this.live = head.instances;
    this.liveTracing = undefined;
  }

  /** Snapshots of every actor at frame `index`. */
  private statesAt(index: number): unknown[] {
    let states = this.states.get(index);
    if (states) {
      this.states.delete(index);
    } else {
      const instances = index === this.length - 1 ? this.live : this.checkpoints.get(index) ?? this.moveHead(index).instances;
      states = instances.map((instance) => instance.snapshot());
      if (this.misses++ % MIN_STATE_CACHE === 0) {
        const bytes = JSON.stringify(states).length;
        this.stateLimit = Math.max(MIN_STATE_CACHE, Math.min(MAX_OPS + 1, Math.floor(STATE_BUDGET / bytes)));
      }
      while (this.states.size >= this.stateLimit) this.states.delete(this.states.keys().next().value!);
    }
    this.states.set(index, states);
    return states;
  }

  /** The steps `actor` reported in frame `index`; replays the call on the head if unrecorded. */
  private traceAt(index: number, actor: number): TraceStep[] {
    const effects = this.steps[index].effects;
    if (!effects[actor]) return [];
    if (!effects[actor].trace) {
      const head = this.moveHead(index - 1);
      head.instances.forEach((instance) => instance.setTracing?.(true));
      this.stepHead(head);
      head.instances.forEach((instance, a) => {
        if (effects[a]) effects[a].trace ??= instance.trace?.() ?? [];
      });
    }
    return effects[actor].trace!;
  }

  /** Moves the head to frame `index`: forward from where it is, or from the checkpoint below. */
  private moveHead(index: number): Head {
    const base = this.copies ? index - (index % CHECKPOINT_EVERY) : 0;
    if (!this.head || this.head.index > index || this.head.index < base) {
      this.head?.instances.forEach(free);
      this.head = undefined;
      const instances = this.copies ? this.checkpoints.get(base)!.map((i) => i.copy!()) : this.start();
      this.head = { index: base, instances };
    }
    const head = this.head;
    while (head.index < index) this.stepHead(head);
    return head;
  }

  /** Runs the head's next call. */
  private stepHead(head: Head): void {
    const op = this.steps[++head.index].op!;
    head.instances.forEach((instance, actor) => {
      if (op.actor === undefined || op.actor === this.actors[actor].id) invoke(instance, op);
    });
  }
}

function invoke(instance: BlockInstance, op: Op): unknown {
  const method = (instance as unknown as Record<string, (...args: Op['args']) => unknown>)[op.method];
  return method.apply(instance, op.args);
}

function free(instance: BlockInstance): void {
  if (!instance.isDeleted()) instance.delete();
}

/** Resolves after the event loop has run (a message, not a timer: timers are throttled in
 *  background tabs). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
