// Lab: a run of a block — one instance, or several actors in lockstep — driven by an operation
// log, with every state along the way on demand, the runs a learner branched off kept, and memory
// bounded.
//
// Frames: frame 0 is the state after creation; frame i the state after the first i calls of the
// branch on show. For every frame the lab keeps the call and, per actor, its result and trace
// (small) and the block's invariants as checked right after the call (blocks that declare them: a
// check per call, O(size)), so that checklist() can name the first frame that broke each promise.
// A log replayed at once (a link's, an example) runs untraced — recording and converting
// steps costs more than most calls — and a frame's trace is computed when first read, like a
// state. States (snapshots, which can be large) are kept in a cache of the frames last looked at,
// bounded by STATE_BUDGET bytes (estimated from a snapshot's JSON) and never fewer than
// MIN_STATE_CACHE frames; any other is recomputed on demand. Small states (a limiter's) thus stay
// cached for a whole 2,000-call log, so views that read every frame of the history pay once; large
// ones (a bloom filter's cells) do not pile up.
// Branches: the frames form a tree. A call at the end of the branch on show extends it; a call
// while stepped back starts a new branch at the frame on show and keeps the old future as the
// branch it was — unless some branch already makes that very call from there: the same call from
// the same state gives the same frame, so the lab moves one step along that branch instead. Each
// branch remembers the step last shown on it and switching to it returns there. Frames that
// branches share are stored once, with their checkpoints and cached states. At most MAX_BRANCHES
// branches and MAX_TREE_CALLS calls in all are kept: past either, the branch looked at least
// recently (never the one on show) is dropped with the frames no other branch shares. Undo and
// redo are seeks: one step back, one step forward along the branch on show. Everything that reads
// a log (ops, length, permalinks, replay) sees the branch on show only. amendLast folds a call
// into the last one of the branch on show (a running clock's ticks into one advance), recomputing
// that frame in place.
// Checkpoints: when every instance can copy() itself, the lab keeps a copy of each at every frame
// whose step is a multiple of CHECKPOINT_EVERY. A state off the cache, or a call on another frame
// than the last one called, replays at most CHECKPOINT_EVERY − 1 calls from the checkpoint below
// (without copies: from creation). A copy refused (past the module's memory budget) leaves that
// frame without a checkpoint: replays start from the one below it. The replaying instances form a
// head that moves forward, so stepping forward costs one call a step.
// Actors: a call without an actor goes to every instance, with one to that instance only; a
// rejected call changes nothing (instances already called are discarded, to be rebuilt) and is not
// logged.
// Long logs (a permalink's) replay in slices that yield to the event loop, with progress and a
// cancel that leaves the lab at the last completed call. A worker cannot do it: a block instance
// is a handle in one WASM instance and cannot move to another thread, and shipping every frame's
// snapshot back is the memory this design avoids.
//
// Complexity: a call at the frame last called O(call), elsewhere O(CHECKPOINT_EVERY calls); frame
// state O(1) cached, else O(CHECKPOINT_EVERY calls + one snapshot per actor); switching branches
// O(its length); memory O(frames · (trace + result) + frames / CHECKPOINT_EVERY · instance) +
// STATE_BUDGET, with at most MAX_TREE_CALLS + 1 frames.
// Lifetime: a Lab owns its instances (the live ones, the head, the checkpoints); dispose() frees
// them.
import type { Invariant, SdlabModule, TraceStep } from 'sdlab-wasm';
import { type ActorDef, type BlockDef, type BlockInstance, type Op, type Params, type Said, actorsOf, opError, sameCall } from './block';

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

/** A promise on the checklist: whether it held at every frame up to the one on show and, if it
 *  did not, the first frame that broke it and what was found there. */
export interface Check {
  name: string;
  holds: boolean;
  detail?: string;
  step?: number;
  /** Whether it holds at the frame on show (it may hold again after it broke). */
  holdsNow: boolean;
}

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

/** A branch as the page lists it. */
export interface BranchInfo {
  /** Calls on the branch. */
  calls: number;
  /** The last step it shares with the branch on show (for that one: its last step). */
  sharedUntil: number;
  current: boolean;
}

export const MAX_OPS = 2000;
export const MAX_BRANCHES = 16;
export const MAX_TREE_CALLS = 2 * MAX_OPS;
export const CHECKPOINT_EVERY = 32;
export const STATE_BUDGET = 8 << 20;
export const MIN_STATE_CACHE = 64;

/** One call's effect on one actor. */
interface Effect {
  result: unknown;
  /** Undefined until read when the call was replayed untraced. */
  trace?: TraceStep[];
}

/** A frame of the tree: the call that made it (none at the root) and its effect on each actor. */
interface Node {
  /** The frame's step on every branch through it. */
  depth: number;
  parent?: Node;
  children: Node[];
  op?: Op;
  /** Per actor; undefined where the call went to another actor. */
  effects: (Effect | undefined)[];
  /** Per actor: its invariants here; undefined for blocks that declare none. */
  checks: (Invariant[] | undefined)[];
  /** Copies of the instances here, when depth is a multiple of CHECKPOINT_EVERY and they copy. */
  checkpoint?: BlockInstance[];
}

/** A branch: the frames from the root to its tip (a leaf), and the step last shown on it. */
interface Branch {
  tip: Node;
  cursor: number;
  /** When it was last on show, in ticks of the lab: the branch dropped first is the oldest. */
  seen: number;
}

/** Instances standing at a frame; `tracing` is whether they record steps (undefined: unknown). */
interface Runner {
  node: Node;
  instances: BlockInstance[];
  tracing?: boolean;
}

export class Lab {
  readonly actors: readonly ActorDef[];
  /** Branches dropped so far to keep memory bounded. */
  dropped = 0;
  private readonly root: Node;
  /** In the order they were made. */
  private readonly branches: Branch[];
  private current: Branch;
  /** The frames of the branch on show, root first. */
  private path: Node[];
  /** The instances the last call ran on; undefined after a rejection spoiled them. */
  private live?: Runner;
  /** Instances that move forward along a branch to recompute states and traces. */
  private head?: Runner;
  /** Snapshots per frame (one per actor), least recently used first. */
  private readonly states = new Map<Node, unknown[]>();
  /** How many frames' snapshots fit in STATE_BUDGET, re-estimated every MIN_STATE_CACHE misses. */
  private stateLimit = MIN_STATE_CACHE;
  private misses = 0;
  private readonly copies: boolean;
  /** Calls in the whole tree. */
  private calls = 0;
  private ticks = 0;

  /** Creates the instances and replays `ops`; throws an Error naming the first op that fails. */
  constructor(
    readonly def: BlockDef,
    private readonly sdlab: SdlabModule,
    readonly params: Params,
    ops: readonly Op[] = [],
  ) {
    this.actors = actorsOf(def);
    const instances = this.start();
    this.root = { depth: 0, children: [], effects: [], checks: check(instances) };
    this.live = { node: this.root, instances, tracing: true };
    this.copies = instances.every((instance) => typeof instance.copy === 'function');
    this.keepCheckpoint(this.root, instances);
    this.current = { tip: this.root, cursor: 0, seen: 0 };
    this.branches = [this.current];
    this.path = [this.root];
    for (const [index, op] of ops.entries()) {
      const outcome = this.extend(op);
      if (!outcome.ok) {
        this.dispose();
        throw new Error(`step ${index + 1}, ${op.method}: ${outcome.error}`);
      }
    }
    this.current.cursor = this.length - 1;
  }

  /** The step on show, on the branch on show. */
  get cursor(): number {
    return this.current.cursor;
  }

  /** Frames of the branch on show: 1 + its calls. */
  get length(): number {
    return this.path.length;
  }

  /** The calls of the branch on show. */
  get ops(): Op[] {
    return this.path.slice(1).map((node) => node.op!);
  }

  /** The call that made frame `index` (absent for frame 0), whoever it went to. */
  callAt(index: number): Op | undefined {
    return this.path[index].op;
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

  /** Call `index` as `actor` saw it, for the block's words (undefined for the creation, or a call
   *  to another actor); its trace and states are read only if the words need them. */
  saidAt(index: number, actor = 0): Said | undefined {
    const frame = this.frameAt(index, actor);
    if (!frame.op) return undefined;
    const lab = this;
    return {
      op: frame.op,
      result: frame.result,
      get trace() {
        return frame.trace;
      },
      get state() {
        return frame.state;
      },
      get before() {
        return lab.frameAt(index - 1, actor).state;
      },
    };
  }

  /** Frame `index` of the branch on show as `actor` (an index into actors) saw it; its state is
   *  computed when read (also after a switch of branch, but not once its branch was dropped). */
  frameAt(index: number, actor = 0): Frame {
    const node = this.path[index];
    const effect = node.effects[actor];
    const lab = this;
    return {
      op: effect && node.op,
      result: effect?.result,
      get trace() {
        return lab.traceAt(node, actor);
      },
      get state() {
        return lab.statesAt(node)[actor];
      },
    };
  }

  /** The promises of `actor` at frame `index` of the branch on show, undefined when its block
   *  declares none. */
  invariantsAt(index: number, actor = 0): Invariant[] | undefined {
    return this.path[index].checks[actor];
  }

  /** Each promise of `actor` as of the frame on show: whether it held at every frame up to it, and
   *  the first that broke it. Undefined when the block declares none. */
  checklist(actor = 0): Check[] | undefined {
    const now = this.invariantsAt(this.cursor, actor);
    return now?.map((invariant, i) => {
      for (let index = 0; index <= this.cursor; ++index) {
        const seen = this.invariantsAt(index, actor)?.[i];
        if (seen && !seen.holds) return { name: invariant.name, holds: false, detail: seen.detail, step: index, holdsNow: invariant.holds };
      }
      return { name: invariant.name, holds: true, holdsNow: true };
    });
  }

  /** Every frame up to the one on show, as `actor` saw it. */
  history(actor = 0): Frame[] {
    return Array.from({ length: this.cursor + 1 }, (_, i) => this.frameAt(i, actor));
  }

  seek(index: number): void {
    this.current.cursor = Math.max(0, Math.min(this.length - 1, index));
  }

  /** The branches, in the order they were made. */
  get branchList(): BranchInfo[] {
    return this.branches.map((branch) => ({
      calls: branch.tip.depth,
      sharedUntil: this.sharedWithPath(branch.tip).depth,
      current: branch === this.current,
    }));
  }

  /** Shows branch `index` (of branchList) at the step last shown on it. */
  switchBranch(index: number): void {
    const branch = this.branches[index];
    if (!branch) throw new RangeError(`Lab.switchBranch: index must be in [0, ${this.branches.length - 1}], got ${index}`);
    this.show(branch);
  }

  /** Calls a method at the cursor: the state on show is the one the call acts on. Stepped back,
   *  the call starts a branch, or follows the branch that already made it. */
  call(method: string, args: Op['args'], actor?: string): Outcome {
    if (this.cursor >= MAX_OPS) return { ok: false, error: `the log is full (${MAX_OPS} calls)` };
    const op: Op = actor === undefined ? { method, args: [...args] } : { method, args: [...args], actor };
    const at = this.path[this.cursor];
    const made = at.children.find((child) => sameCall(child.op!, op));
    if (made) {
      this.follow(made);
      return { ok: true, result: made.effects.find((e) => e !== undefined)?.result };
    }
    const outcome = this.grow(at, op, true);
    if (outcome.ok) this.current.cursor = at.depth + 1;
    return outcome;
  }

  /** Runs `op` at the end of the branch on show and folds it into its last call, which becomes
   *  `merged` (same method and actor): for calls that add up, as advance(a) then advance(b) is
   *  advance(a + b). The last frame is recomputed in place: result, trace, invariants, cached
   *  state, checkpoint. Refused, changing nothing, when the frame on show is not the last, when
   *  the calls differ, when another branch already makes `merged` there, or when the block
   *  refuses `op`. */
  amendLast(op: Op, merged: Op): Outcome {
    const node = this.current.tip;
    const last = node.op;
    if (!this.atEnd || !last || last.method !== merged.method || last.actor !== merged.actor || op.actor !== merged.actor) {
      return { ok: false, error: 'only the last call on show can take in a call like it' };
    }
    if (node.parent!.children.some((sibling) => sibling !== node && sameCall(sibling.op!, merged))) {
      return { ok: false, error: 'another branch already makes that call' };
    }
    const shapeError = opError(this.def, op) ?? opError(this.def, merged);
    if (shapeError) return { ok: false, error: shapeError };
    const runner = this.runnerAt(node);
    const ran = this.run(runner, op, true);
    if (!ran.ok) return ran;
    ran.effects.forEach((effect, actor) => {
      if (effect) node.effects[actor] = effect;
    });
    node.op = merged;
    node.checks = check(runner.instances);
    this.states.delete(node);
    if (this.head?.node === node) {
      this.head.instances.forEach(free);
      this.head = undefined;
    }
    if (node.checkpoint) {
      node.checkpoint.forEach(free);
      this.keepCheckpoint(node, runner.instances);
    }
    return { ok: true, result: ran.result };
  }

  /** Appends `ops` to the branch on show in slices of about `sliceMs`, yielding to the event loop
   *  between them. The first slice runs before this returns. The cursor stays where it is. */
  async replay(ops: readonly Op[], { signal, onProgress, sliceMs = 12 }: ReplayOptions = {}): Promise<ReplayEnd> {
    const total = ops.length;
    let done = 0;
    while (done < total) {
      if (signal?.aborted) return { done, total, cancelled: true };
      const deadline = performance.now() + sliceMs;
      do {
        const op = ops[done];
        const outcome = this.extend(op);
        if (!outcome.ok) return { done, total, cancelled: false, error: `step ${done + 1}, ${op.method}: ${outcome.error}` };
        ++done;
      } while (done < total && performance.now() < deadline);
      onProgress?.(done, total);
      if (done < total) await nextTask();
    }
    return { done, total, cancelled: false };
  }

  dispose(): void {
    for (const runner of [this.live, this.head]) runner?.instances.forEach(free);
    this.live = this.head = undefined;
    const nodes = [this.root];
    for (let node = nodes.pop(); node; node = nodes.pop()) {
      node.checkpoint?.forEach(free);
      node.checkpoint = undefined;
      nodes.push(...node.children);
    }
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

  /** Runs `op` untraced at the end of the branch on show. */
  private extend(op: Op): Outcome {
    if (this.current.tip.depth >= MAX_OPS) return { ok: false, error: `the log is full (${MAX_OPS} calls)` };
    return this.grow(this.current.tip, op, false);
  }

  /** Runs `op` on instances at `at` (a frame of the branch on show) and adds the frame it makes:
   *  at the branch's tip it extends the branch, elsewhere it starts one. A rejection changes
   *  nothing. Untraced, the instances do not record steps and the frame's trace is left to
   *  traceAt. */
  private grow(at: Node, op: Op, traced: boolean): Outcome {
    const shapeError = opError(this.def, op);
    if (shapeError) return { ok: false, error: shapeError };
    const runner = this.runnerAt(at);
    const ran = this.run(runner, op, traced);
    if (!ran.ok) return ran;
    const { effects } = ran;
    const node: Node = { depth: at.depth + 1, parent: at, children: [], op, effects, checks: check(runner.instances) };
    at.children.push(node);
    ++this.calls;
    runner.node = node;
    this.keepCheckpoint(node, runner.instances);
    if (at === this.current.tip) {
      this.current.tip = node;
    } else {
      this.current = { tip: node, cursor: node.depth, seen: 0 };
      this.branches.push(this.current);
    }
    this.path.length = node.depth;
    this.path.push(node);
    this.current.seen = ++this.ticks;
    this.bound();
    return { ok: true, result: effects.find((e) => e !== undefined)?.result };
  }

  /** Runs `op` on the runner's instances it goes to (the live ones); a rejection discards them. */
  private run(runner: Runner, op: Op, traced: boolean): { ok: true; result: unknown; effects: (Effect | undefined)[] } | { ok: false; error: string } {
    if (runner.tracing !== traced) {
      runner.instances.forEach((instance) => instance.setTracing?.(traced));
      runner.tracing = traced;
    }
    const effects: (Effect | undefined)[] = [];
    for (const [index, actor] of this.actors.entries()) {
      if (op.actor !== undefined && op.actor !== actor.id) continue;
      const instance = runner.instances[index];
      try {
        const result = invoke(instance, op);
        effects[index] = traced ? { result, trace: instance.trace?.() ?? [] } : { result };
      } catch (error) {
        if (effects.length > 0) this.discardLive();
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: this.actors.length > 1 ? `${actor.title}: ${message}` : message };
      }
    }
    return { ok: true, result: effects.find((e) => e !== undefined)?.result, effects };
  }

  /** The live instances, moved to `node` if they are elsewhere: there the head is taken in their
   *  place, and they become the head (which may come back to where they were). */
  private runnerAt(node: Node): Runner {
    if (this.live?.node !== node) {
      const head = this.moveHead(node);
      this.head = this.live;
      this.live = head;
    }
    return this.live!;
  }

  /** Drops the live instances (a call changed some actors and another refused it). */
  private discardLive(): void {
    this.live?.instances.forEach(free);
    this.live = undefined;
  }

  private keepCheckpoint(node: Node, instances: BlockInstance[]): void {
    if (this.copies && node.depth % CHECKPOINT_EVERY === 0) node.checkpoint = copyAll(instances);
  }

  /** Moves one step forward to `node`, a frame a branch already has after the one on show. */
  private follow(node: Node): void {
    if (this.path[node.depth] !== node) {
      const through = this.branches.filter((branch) => ancestor(branch.tip, node.depth) === node);
      this.show(through.reduce((a, b) => (b.seen > a.seen ? b : a)));
    }
    this.current.cursor = node.depth;
  }

  private show(branch: Branch): void {
    this.current = branch;
    branch.seen = ++this.ticks;
    this.path = [];
    for (let node: Node | undefined = branch.tip; node; node = node.parent) this.path.push(node);
    this.path.reverse();
  }

  /** The last frame on the way to `node` that the branch on show has too. */
  private sharedWithPath(node: Node): Node {
    let shared = node;
    while (this.path[shared.depth] !== shared) shared = shared.parent!;
    return shared;
  }

  /** Drops the branches looked at least recently while there are more than MAX_BRANCHES or more
   *  than MAX_TREE_CALLS calls, with the frames no other branch has. */
  private bound(): void {
    while (this.branches.length > MAX_BRANCHES || this.calls > MAX_TREE_CALLS) {
      const oldest = this.branches.filter((b) => b !== this.current).reduce((a, b) => (b.seen < a.seen ? b : a));
      this.branches.splice(this.branches.indexOf(oldest), 1);
      ++this.dropped;
      for (let node = oldest.tip; node.children.length === 0 && node.parent; node = node.parent) {
        node.parent.children.splice(node.parent.children.indexOf(node), 1);
        this.forget(node);
      }
    }
  }

  /** Frees what a dropped frame held. */
  private forget(node: Node): void {
    --this.calls;
    node.checkpoint?.forEach(free);
    node.checkpoint = undefined;
    this.states.delete(node);
    if (this.live?.node === node) this.discardLive();
    if (this.head?.node === node) {
      this.head.instances.forEach(free);
      this.head = undefined;
    }
  }

  /** Snapshots of every actor at `node`. */
  private statesAt(node: Node): unknown[] {
    let states = this.states.get(node);
    if (states) {
      this.states.delete(node);
    } else {
      const instances = this.live?.node === node ? this.live.instances : node.checkpoint ?? this.moveHead(node).instances;
      states = instances.map((instance) => instance.snapshot());
      if (this.misses++ % MIN_STATE_CACHE === 0) {
        const bytes = JSON.stringify(states).length;
        this.stateLimit = Math.max(MIN_STATE_CACHE, Math.min(MAX_OPS + 1, Math.floor(STATE_BUDGET / bytes)));
      }
      while (this.states.size >= this.stateLimit) this.states.delete(this.states.keys().next().value!);
    }
    this.states.set(node, states);
    return states;
  }

  /** The steps `actor` reported at `node`; replays the call on the head if unrecorded. */
  private traceAt(node: Node, actor: number): TraceStep[] {
    const effects = node.effects;
    if (!effects[actor]) return [];
    if (!effects[actor].trace) {
      const head = this.moveHead(node.parent!);
      if (head.tracing !== true) {
        head.instances.forEach((instance) => instance.setTracing?.(true));
        head.tracing = true;
      }
      this.step(head, node);
      head.instances.forEach((instance, a) => {
        if (effects[a]) effects[a].trace ??= instance.trace?.() ?? [];
      });
    }
    return effects[actor].trace!;
  }

  /** Moves the head to `node`: forward from where it is when that is on the way and no further
   *  than the checkpoint below, else from that checkpoint (without copies: from creation). */
  private moveHead(node: Node): Runner {
    let from = ancestor(node, this.copies ? node.depth - (node.depth % CHECKPOINT_EVERY) : 0);
    while (from.depth > 0 && !from.checkpoint) from = ancestor(from, from.depth - CHECKPOINT_EVERY);
    let head = this.head;
    if (!head || head.node.depth > node.depth || head.node.depth < from.depth || ancestor(node, head.node.depth) !== head.node) {
      head?.instances.forEach(free);
      this.head = undefined;
      const copies = from.checkpoint && copyAll(from.checkpoint);
      head = this.head = copies ? { node: from, instances: copies } : { node: ancestor(from, 0), instances: this.start(), tracing: true };
    }
    const ahead: Node[] = [];
    for (let next = node; next !== head.node; next = next.parent!) ahead.push(next);
    for (const next of ahead.reverse()) this.step(head, next);
    return head;
  }

  /** Runs the call that made `next` (a child of the runner's frame) on the runner. */
  private step(runner: Runner, next: Node): void {
    const op = next.op!;
    runner.instances.forEach((instance, actor) => {
      if (op.actor === undefined || op.actor === this.actors[actor].id) invoke(instance, op);
    });
    runner.node = next;
  }
}

/** The instances' invariants now. */
function check(instances: BlockInstance[]): (Invariant[] | undefined)[] {
  return instances.map((instance) => instance.invariants?.());
}

/** The frame on the way to `node` at step `depth`. */
function ancestor(node: Node, depth: number): Node {
  let found = node;
  while (found.depth > depth) found = found.parent!;
  return found;
}

function invoke(instance: BlockInstance, op: Op): unknown {
  const method = (instance as unknown as Record<string, (...args: Op['args']) => unknown>)[op.method];
  return method.apply(instance, op.args);
}

function free(instance: BlockInstance): void {
  if (!instance.isDeleted()) instance.delete();
}

/** A copy of each instance, or undefined when one refuses (a copy past the module's memory
 *  budget); then the copies already made are freed. */
function copyAll(instances: readonly BlockInstance[]): BlockInstance[] | undefined {
  const copies: BlockInstance[] = [];
  try {
    for (const instance of instances) copies.push(instance.copy!());
    return copies;
  } catch {
    copies.forEach(free);
    return undefined;
  }
}

/** Resolves after the event loop has run (a message, not a timer: timers are throttled in
 *  background tabs). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
