// <sd-cache-compare>: LRU, LFU and FIFO side by side. Every call goes to all three; one timeline
// steps them in lockstep, so the same moment shows three different victims and hit ratios.
// Its permalink (#/cache/compare?s=…) carries the shared capacity and calls.
import { LitElement, css, html } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import type { Arg, Op } from '../../lab/block';
import { Lab } from '../../lab/lab';
import { decodeLink, encodeLink } from '../../lab/permalink';
import { formatRoute } from '../../lab/route';
import { findBlock } from '..';
import { timelineKeys } from '../../ui/keys';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-timeline';
import type { SdTimeline } from '../../ui/sd-timeline';
import type { CacheState } from './sd-cache-state';
import { evictionBlocks, lruBlock } from './cache-blocks';

// A sequence where the three disagree: "a" is hot, "c" is used once, "d" and "e" arrive late.
const scanExample: Op[] = ['a', 'b', 'c', 'a', 'a', 'b', 'd', 'a', 'e', 'b', 'a', 'c']
  .flatMap((key) => [{ method: 'get', args: [key] }, { method: 'put', args: [key, key.toUpperCase()] }]);

export class SdCacheCompare extends LitElement {
  static properties = {
    sdlab: { attribute: false },
    state: { attribute: false },
    labs: { state: true },
    error: { state: true },
    revision: { state: true },
  };
  declare sdlab: SdlabModule;
  declare state: string | undefined;
  declare labs: Lab[];
  declare error: string;
  declare revision: number;
  private onKey = timelineKeys(() => this.renderRoot.querySelector<SdTimeline>('sd-timeline'));

  constructor() {
    super();
    this.error = '';
    this.revision = 0;
  }

  connectedCallback(): void {
    super.connectedCallback();
    let capacity = 3;
    let ops: Op[] = [];
    let cursor: number | undefined;
    if (this.state) {
      try {
        const link = decodeLink(this.state, findBlock);
        ({ ops, cursor } = link);
        capacity = link.params.capacity as number;
      } catch (error) {
        this.error = `This link could not be opened: ${(error as Error).message}`;
      }
    }
    this.start(capacity, ops, cursor);
    window.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    this.labs.forEach((lab) => lab.dispose());
  }

  private start(capacity: number, ops: Op[] = [], cursor?: number): void {
    try {
      const labs = evictionBlocks.map((def) => new Lab(def, this.sdlab, { capacity }, ops));
      this.labs?.forEach((lab) => lab.dispose());
      this.labs = labs;
      if (cursor !== undefined) this.seek(cursor);
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
      this.labs ??= evictionBlocks.map((def) => new Lab(def, this.sdlab, { capacity: 3 }));
    }
    this.changed();
  }

  /** Calls all three; false if any rejected the call. */
  private call(method: string, args: Arg[]): boolean {
    const outcomes = this.labs.map((lab) => lab.call(method, args));
    const failed = outcomes.find((o) => !o.ok);
    this.error = failed && !failed.ok ? failed.error : '';
    this.changed();
    return !failed;
  }

  private callTimes(method: string, args: Arg[], times: number): void {
    for (let i = 0; i < times && this.call(method, args); ++i);
  }

  private seek(index: number): void {
    this.labs.forEach((lab) => lab.seek(index));
    this.changed();
  }

  private changed(): void {
    this.revision++;
    const lab = this.labs[0];
    const state = encodeLink({ block: lruBlock, params: lab.params, ops: lab.ops, cursor: lab.cursor });
    history.replaceState(null, '', formatRoute({ path: 'cache/compare', state, embed: false }));
  }

  static styles = css`
    :host { display: block; }
    h1 { margin: 0 0 0.25rem; font-size: 1.5rem; }
    .lead { margin: 0 0 1rem; color: var(--muted); }
    section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0.8rem; margin-bottom: 1rem; }
    .columns { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.75rem; }
    @media (max-width: 760px) { .columns { grid-template-columns: minmax(0, 1fr); } }
    .columns h2 { margin: 0 0 0.5rem; font-size: 1.05rem; }
    .ratio { font-size: 1.6rem; font-weight: 800; font-variant-numeric: tabular-nums; }
    .error { color: var(--bad); background: var(--bad-bg); border-radius: 6px; padding: 0.4rem 0.6rem; }
    .row { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: flex-end; margin-top: 0.6rem; }
    label { display: flex; flex-direction: column; font-size: 0.8em; color: var(--muted); }
    input { font: inherit; width: 6rem; padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); }
    button { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
    .narration { margin: 0.5rem 0 0; }
  `;

  render() {
    const [first] = this.labs;
    const op = first.frame.op;
    return html`
      <h1>LRU vs LFU vs FIFO</h1>
      <p class="lead">The same calls go to all three caches. Step through them together and watch where they part ways.</p>
      <section aria-label="Call all three">
        <sd-call-form .methods=${lruBlock.methods} @call=${(e: CustomEvent) => this.callTimes(e.detail.method, e.detail.args, e.detail.times)}></sd-call-form>
        <div class="row">
          <label>capacity<input name="capacity" type="number" .value=${String(first.params.capacity)} @keydown=${onEnter(this.restart)} /></label>
          <button @click=${this.restart}>Restart with this capacity</button>
          <button @click=${() => this.start(first.params.capacity as number, scanExample)}>Load the example sequence</button>
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      </section>
      <section aria-label="Timeline">
        <sd-timeline .length=${first.frames.length} .cursor=${first.cursor} @seek=${(e: CustomEvent) => this.seek(e.detail)}></sd-timeline>
        <p class="narration" aria-live="polite">${op ? `Step ${first.cursor}: ${op.method}(${op.args.map((a) => JSON.stringify(a)).join(', ')}) — ${this.labs.map((lab) => `${lab.def.id.toUpperCase()} ${summary(lab)}`).join('; ')}` : 'Step 0: three empty caches.'}</p>
      </section>
      <div class="columns">
        ${this.labs.map((lab) => {
          const state = lab.frame.state as CacheState;
          return html`<section aria-label=${lab.def.title} data-policy=${lab.def.id}>
            <h2>${lab.def.title}</h2>
            <div class="ratio" data-stat="hit ratio">${state.stats.hits + state.stats.misses ? `${(state.stats.hitRatio * 100).toFixed(1)}%` : '—'}</div>
            <sd-cache-state .frame=${lab.frame} .previous=${lab.previous} block-id=${lab.def.id}></sd-cache-state>
          </section>`;
        })}
      </div>`;
  }

  private restart = (): void => {
    const input = this.renderRoot.querySelector('input[name="capacity"]') as HTMLInputElement;
    this.start(input.valueAsNumber);
  };
}

function summary(lab: Lab): string {
  const trace = lab.frame.trace.filter((s) => s.kind === 'hit' || s.kind === 'miss' || s.kind === 'evict');
  return trace.map((s) => `${s.kind} ${s.subject}`).join(', ') || 'no change';
}

customElements.define('sd-cache-compare', SdCacheCompare);
