// What a block contributes to the page: its parameters, its API methods (the only calls the
// page, the console and permalinks may make), how to create an instance — or several, driven in
// lockstep as actors — and which element draws its state. Everything else — log, replay,
// checkpoints, timeline, permalinks, console, embed — is generic.
import type { TemplateResult } from 'lit';
import type { Invariant, SdlabModule, TraceStep } from 'sdlab-wasm';

export type Arg = string | number | boolean | (string | number)[];
export type Params = Record<string, Arg>;

/** What one value may be: a string, a number (a range, a step, a unit), one of some choices, a
 *  flag, or a list (min to max items, each an `item`). */
export interface ValueSpec {
  type: 'string' | 'number' | 'choice' | 'flag' | 'list';
  choices?: readonly string[];
  /** number: the range; list: the number of items. */
  min?: number;
  max?: number;
  step?: number;
  /** number: what it counts, shown beside the input; 'ms' also reads "2 s" and "500 µs". */
  unit?: 'ms' | 'per second';
  /** string: longest in UTF-8 bytes; longer than 4 KiB gets a text area. */
  maxBytes?: number;
  /** list: the rule every item follows. */
  item?: ValueSpec & { type: 'string' | 'number' | 'choice' };
}

/** A parameter of a block or an argument of a method. */
export interface FieldSpec extends ValueSpec {
  name: string;
  default: Arg;
  /** Shown next to the input. */
  hint?: string;
}

export interface MethodSpec {
  name: string;
  args: readonly FieldSpec[];
  help: string;
}

/** A live block: a handle onto the WASM object with a snapshot of its state. */
export interface BlockInstance {
  snapshot(): unknown;
  trace?(): TraceStep[];
  /** Blocks that report steps record them only when asked. */
  setTracing?(on: boolean): void;
  /** A new, independent instance in the same state (handles that can be copied): the lab keeps
   *  copies as checkpoints. Not embind's clone(): that is a second handle onto the same object. */
  copy?(): BlockInstance;
  /** The block's promises and whether each holds now (blocks that declare them). */
  invariants?(): Invariant[];
  delete(): void;
  isDeleted(): boolean;
}

/** One instance in a run: the block itself, or one of several driven together. */
export interface ActorDef {
  id: string;
  title: string;
  create(sdlab: SdlabModule, params: Params): BlockInstance;
  /** Tag of the element that draws this actor's state (as a block's `view`), for pages that
   *  show every actor with its own view. */
  view?: string;
}

interface BlockBase {
  /** Used in URLs: #/<domain>/<id>. */
  id: string;
  domain: string;
  title: string;
  summary: string;
  params: readonly FieldSpec[];
  methods: readonly MethodSpec[];
  /** Tag of the element that draws a state: it receives `frame`, `previous` (Frames) and
   *  `history` (every frame up to the one on show), and the attribute `block-id`. With actors it
   *  receives `frames`, `previous` and `histories` (one per actor) and `actors` instead
   *  (ui/actors-view.ts); ui/sd-actors.ts draws each actor with its own view. */
  view: string;
  /** How the block works, its complexity and trade-offs. */
  explain: TemplateResult;
  /** What a call did, in a sentence (lab/words.ts): the narration and the log say it. With actors,
   *  each actor's call is said with it. */
  words: Words;
  /** Every kind of step the block's C++ reports, in words (lab/words.ts): the steps of the call on
   *  show and the sub-step cursor say them. */
  phrases: Phrases;
  /** Calls to show a newcomer on an empty page. */
  example?: readonly Op[];
  /** The example button's words (default "Load an example"). */
  exampleLabel?: string;
}

/** A block with one instance (`create`), or several in lockstep (`actors`, sharing the params and
 *  methods): a call without an actor goes to every one, a call with an actor to that one only —
 *  a comparison, N servers, a client and a server. */
export type BlockDef = BlockBase &
  ({ create(sdlab: SdlabModule, params: Params): BlockInstance; actors?: undefined } | { actors: readonly ActorDef[]; create?: undefined });

export interface Op {
  method: string;
  args: Arg[];
  /** The actor that made the call (an id of the block's actors); absent: every actor. */
  actor?: string;
}

/** One call on one instance, as a block's words see it (Lab.saidAt). */
export interface Said {
  op: Op;
  result: unknown;
  trace: readonly TraceStep[];
  /** The snapshot after the call, and the one before it, computed when read (a snapshot may be
   *  replayed from a checkpoint, and the log says every call of a run). */
  readonly state: unknown;
  readonly before: unknown;
}

/** A block's formatter: the call in a sentence, never JSON (lab/words.ts has the helpers). */
export type Words = (said: Said) => string;

/** One kind of step in words, said from the step's figures and subject. */
export type Phrase = (step: TraceStep) => string;

/** A block's phrase for every kind of step its C++ reports (BlockDef.phrases): the steps list and
 *  the sub-step cursor say each step with it. tests/web/words.test.ts walks real traces and fails
 *  on a kind without one. */
export type Phrases = Readonly<Record<string, Phrase>>;

/** The instances of a run, in order. */
export function actorsOf(def: BlockDef): readonly ActorDef[] {
  return def.actors ?? [{ id: def.id, title: def.title, create: def.create, view: def.view }];
}

export function defaultParams(def: BlockDef): Params {
  return Object.fromEntries(def.params.map((p) => [p.name, p.default]));
}

const jsTypes = { string: 'string', number: 'number', flag: 'boolean' } as const;

/** Why `value` is not acceptable for `field`, or undefined. Checks shape (and a list's length,
 *  which the page may own); the block checks ranges when it is called. */
export function fieldError(field: ValueSpec & { name: string }, value: unknown): string | undefined {
  if (field.type === 'choice') {
    return typeof value === 'string' && field.choices?.includes(value)
      ? undefined
      : `${field.name} must be one of ${field.choices?.map((c) => JSON.stringify(c)).join(', ')}`;
  }
  if (field.type === 'list') {
    if (!Array.isArray(value)) return `${field.name} must be a list, got ${typeof value}`;
    const [min, max] = [field.min ?? 0, field.max ?? Infinity];
    if (value.length < min || value.length > max) return `${field.name} must have ${min} to ${max} items, got ${value.length}`;
    for (const [i, item] of value.entries()) {
      const error = fieldError({ ...field.item!, name: `${field.name}[${i}]` }, item);
      if (error) return error;
    }
    return undefined;
  }
  const expected = jsTypes[field.type];
  if (typeof value !== expected) return `${field.name} must be a ${expected}, got ${Array.isArray(value) ? 'list' : typeof value}`;
  return undefined;
}

/** Why `op` is not a call this block accepts, or undefined. Checks shape only; the block
 *  itself checks the values when the call runs. */
export function opError(def: BlockDef, op: { method: unknown; args: unknown; actor?: unknown }): string | undefined {
  if (op.actor !== undefined && !def.actors?.some((a) => a.id === op.actor)) {
    return `${def.title} has no actor ${JSON.stringify(op.actor)}`;
  }
  const method = def.methods.find((m) => m.name === op.method);
  if (!method) return `${def.title} has no method ${JSON.stringify(op.method)}`;
  if (!Array.isArray(op.args) || op.args.length !== method.args.length) {
    return `${method.name} takes ${method.args.length} argument(s)`;
  }
  for (let i = 0; i < method.args.length; ++i) {
    const error = fieldError(method.args[i], op.args[i]);
    if (error) return `${method.name}: ${error}`;
  }
  return undefined;
}

/** Whether two calls are the same call (the same method, arguments and actor). */
export function sameCall(a: Op, b: Op): boolean {
  const same = (x: Arg, y: Arg): boolean =>
    Array.isArray(x) && Array.isArray(y) ? x.length === y.length && x.every((item, i) => Object.is(item, y[i])) : Object.is(x, y);
  return a.method === b.method && a.actor === b.actor && a.args.length === b.args.length && a.args.every((arg, i) => same(arg, b.args[i]));
}

export function formatCall(op: Op): string {
  return `${op.actor === undefined ? '' : `${op.actor}: `}${op.method}(${op.args.map((a) => JSON.stringify(a)).join(', ')})`;
}

/** `text` cut to `max` characters (code points: an emoji is not split), the cut marked with an
 *  ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
