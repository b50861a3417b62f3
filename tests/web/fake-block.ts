// A tiny deterministic block in plain JS, so the generic machinery is tested without WASM:
// a bounded stack whose push rejects values over its limit, like a real block's checks.
import { html } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import type { BlockDef, BlockInstance } from '../../web/src/lab/block';

export let live = 0;

class Stack implements BlockInstance {
  items: string[] = [];
  private deleted = false;
  constructor(readonly limit: number) {
    if (!(limit >= 0)) throw new Error(`Stack: limit must be >= 0, got ${limit}`);
    ++live;
  }
  push(item: string): number {
    if (this.items.length >= this.limit) throw new Error(`Stack.push: the stack is full (${this.limit})`);
    return this.items.push(item);
  }
  pop(): string | undefined {
    return this.items.pop();
  }
  snapshot() {
    return { items: [...this.items] };
  }
  trace() {
    return this.items.length ? [{ kind: 'top', subject: this.items.at(-1)!, note: 'on top' }] : [];
  }
  delete() {
    if (this.deleted) throw new Error('deleted twice');
    this.deleted = true;
    --live;
  }
  isDeleted() {
    return this.deleted;
  }
}

export const stackBlock: BlockDef = {
  id: 'stack',
  domain: 'test',
  title: 'Stack',
  summary: 'A bounded stack.',
  params: [{ name: 'limit', type: 'number', default: 3 }],
  methods: [
    { name: 'push', args: [{ name: 'item', type: 'string', default: 'x' }], help: '' },
    { name: 'pop', args: [], help: '' },
  ],
  create: (_sdlab, params) => new Stack(params.limit as number),
  view: 'div',
  explain: html``,
};

export const noModule = {} as SdlabModule;
