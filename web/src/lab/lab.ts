// Lab: one block instance driven by an operation log, with every state along the way.
//
// frames[0] is the state after creation; frames[i] the state after ops[0..i). The cursor is the
// frame on show. A call at the end appends a frame; a call made while stepped back first
// truncates the frames after the cursor and rebuilds the instance by replaying the log up to
// there (the block is deterministic, so replay reproduces each state exactly). A rejected call
// changes nothing and is not logged.
//
// Lifetime: a Lab owns exactly one WASM handle; dispose() frees it.
import type { SdlabModule, TraceStep } from 'sdlab-wasm';
import { type BlockDef, type BlockInstance, type Op, type Params, opError } from './block';

export interface Frame {
  /** The call that produced this state (absent for the initial state). */
  op?: Op;
  result?: unknown;
  trace: TraceStep[];
  state: unknown;
}

export type Outcome = { ok: true; result: unknown } | { ok: false; error: string };

export const MAX_OPS = 2000;

export class Lab {
  readonly frames: Frame[] = [];
  cursor = 0;
  private live: BlockInstance;

  /** Creates the block and replays `ops`; throws an Error naming the first op that fails. */
  constructor(
    readonly def: BlockDef,
    private readonly sdlab: SdlabModule,
    readonly params: Params,
    ops: readonly Op[] = [],
  ) {
    this.live = this.start();
    this.frames.push({ trace: [], state: this.live.snapshot() });
    for (const [index, op] of ops.entries()) {
      const outcome = this.apply(op);
      if (!outcome.ok) {
        this.dispose();
        throw new Error(`step ${index + 1}, ${op.method}: ${outcome.error}`);
      }
    }
    this.cursor = this.frames.length - 1;
  }

  get ops(): Op[] {
    return this.frames.slice(1).map((f) => f.op!);
  }

  get frame(): Frame {
    return this.frames[this.cursor];
  }

  get previous(): Frame | undefined {
    return this.frames[this.cursor - 1];
  }

  get atEnd(): boolean {
    return this.cursor === this.frames.length - 1;
  }

  seek(index: number): void {
    this.cursor = Math.max(0, Math.min(this.frames.length - 1, index));
  }

  /** Calls a method at the cursor: the state on show is the one the call acts on. */
  call(method: string, args: Op['args']): Outcome {
    if (this.frames.length > MAX_OPS) return { ok: false, error: `the log is full (${MAX_OPS} calls)` };
    if (!this.atEnd) this.rewindTo(this.cursor);
    return this.apply({ method, args: [...args] });
  }

  dispose(): void {
    if (!this.live.isDeleted()) this.live.delete();
  }

  /** A fresh instance that records the steps of its calls. */
  private start(): BlockInstance {
    const instance = this.def.create(this.sdlab, this.params);
    instance.setTracing?.(true);
    return instance;
  }

  private apply(op: Op): Outcome {
    const shapeError = opError(this.def, op);
    if (shapeError) return { ok: false, error: shapeError };
    let result: unknown;
    try {
      result = invoke(this.live, op);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    this.frames.push({ op, result, trace: this.live.trace?.() ?? [], state: this.live.snapshot() });
    this.cursor = this.frames.length - 1;
    return { ok: true, result };
  }

  /** Drops the frames after `index` and rebuilds the live instance by replaying up to it. */
  private rewindTo(index: number): void {
    const ops = this.ops.slice(0, index);
    this.frames.length = index + 1;
    this.live.delete();
    this.live = this.start();
    for (const op of ops) invoke(this.live, op);
  }
}

function invoke(instance: BlockInstance, op: Op): unknown {
  const method = (instance as unknown as Record<string, (...args: Op['args']) => unknown>)[op.method];
  return method.apply(instance, op.args);
}
