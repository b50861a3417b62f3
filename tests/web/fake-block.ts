// A tiny deterministic block in plain JS, so the generic machinery is tested without WASM:
// a bounded stack whose push rejects values over its limit, like a real block's checks. It counts
// live instances, calls, snapshots and trace reads, and can copy itself unless made without (or,
// like a real block past the module's memory budget, refuses once it has been called).
import { html } from 'lit';
import type { SdlabModule, TraceStep } from 'sdlab-wasm';
import type { ActorDef, BlockDef, BlockInstance, Params } from '../../web/src/lab/block';
import { generic } from '../../web/src/lab/words';

export const counts = { live: 0, calls: 0, snapshots: 0, traces: 0 };

/** The step a stack reports after a call: what is on top. */
export function topStep(item: string): TraceStep {
  return { kind: 'top', subject: item, note: 'on top', data: [], depth: 0, parent: -1, file: 'tests/web/fake-block.ts', line: 0 };
}

class Stack implements BlockInstance {
  items: string[] = [];
  copy?: () => Stack;
  /** Calls made on this state since creation. */
  private called = 0;
  private deleted = false;
  constructor(
    readonly limit: number,
    copies: 'copies' | 'never' | 'until called' = 'copies',
  ) {
    if (!(limit >= 0)) throw new Error(`Stack: limit must be >= 0, got ${limit}`);
    ++counts.live;
    if (copies === 'never') return;
    this.copy = () => {
      if (copies === 'until called' && this.called > 0) throw new Error('copy: the module is out of memory');
      const copy = new Stack(this.limit, copies);
      copy.items = [...this.items];
      copy.padding = this.padding;
      copy.called = this.called;
      return copy;
    };
  }
  push(item: string): number {
    ++counts.calls;
    if (this.items.length >= this.limit) throw new Error(`Stack.push: the stack is full (${this.limit})`);
    ++this.called;
    return this.items.push(item);
  }
  pop(): string | undefined {
    ++counts.calls;
    ++this.called;
    return this.items.pop();
  }
  /** Bytes of filler in every snapshot, to make states as big as a real block's. */
  padding = '';
  snapshot() {
    ++counts.snapshots;
    return this.padding ? { items: [...this.items], padding: this.padding } : { items: [...this.items] };
  }
  trace() {
    ++counts.traces;
    return this.items.length ? [topStep(this.items.at(-1)!)] : [];
  }
  delete() {
    if (this.deleted) throw new Error('deleted twice');
    this.deleted = true;
    --counts.live;
  }
  isDeleted() {
    return this.deleted;
  }
}

const methods = [
  { name: 'push', args: [{ name: 'item', type: 'string' as const, default: 'x' }], help: '' },
  { name: 'pop', args: [], help: '' },
];

const limitOf = (params: Params) => params.limit as number;

export const stackBlock: BlockDef = {
  id: 'stack',
  domain: 'test',
  title: 'Stack',
  summary: 'A bounded stack.',
  params: [{ name: 'limit', type: 'number', default: 3 }],
  methods,
  create: (_sdlab, params) => new Stack(limitOf(params)),
  view: 'div',
  explain: html``,
  words: generic,
  phrases: {},
};

/** The same stack with snapshots of about `pad` bytes. */
export const paddedStackBlock: BlockDef = {
  ...stackBlock,
  id: 'padded-stack',
  params: [...stackBlock.params, { name: 'pad', type: 'number', default: 1000 }],
  create: (_sdlab, params) => Object.assign(new Stack(limitOf(params)), { padding: 'x'.repeat(params.pad as number) }),
};

/** The same stack, whose instances cannot copy: the lab replays from creation. */
export const plainStackBlock: BlockDef = { ...stackBlock, id: 'plain-stack', create: (_sdlab, params) => new Stack(limitOf(params), 'never') };

/** The same stack, whose copy() throws once a call has been made, as a real block's does when a
 *  copy would pass the module's memory budget. */
export const grudgingStackBlock: BlockDef = { ...stackBlock, id: 'grudging-stack', create: (_sdlab, params) => new Stack(limitOf(params), 'until called') };

const actor = (id: string, title: string, limit: (params: Params) => number): ActorDef => ({ id, title, create: (_sdlab, params) => new Stack(limit(params)) });

/** Two stacks in lockstep: "big" holds twice the limit, "small" the limit. */
export const pairBlock: BlockDef = {
  ...stackBlock,
  id: 'pair',
  title: 'Pair',
  create: undefined,
  actors: [actor('big', 'Big', (p) => 2 * limitOf(p)), actor('small', 'Small', limitOf)],
};

export const noModule = {} as SdlabModule;
