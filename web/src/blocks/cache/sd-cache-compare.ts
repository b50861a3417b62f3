// <sd-cache-compare>: the view of the LRU vs LFU vs FIFO block — one column per cache with its hit
// ratio and its state (sd-cache-state; a list drawn without its hash map, to fit the column), at
// the step on show.
import { css, html } from 'lit';
import { ActorsView } from '../../ui/actors-view';
import type { CacheState } from './sd-cache-state';
import './sd-cache-state';

export class SdCacheCompare extends ActorsView {
  static styles = css`
    :host { display: block; margin-top: 0.75rem; }
    .columns { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.75rem; }
    @media (max-width: 760px) { .columns { grid-template-columns: minmax(0, 1fr); } }
    section { border: 1px solid var(--line); border-radius: 10px; padding: 0.6rem; }
    h3 { margin: 0 0 0.5rem; font-size: 1.05rem; }
    .ratio { font-size: 1.6rem; font-weight: 800; font-variant-numeric: tabular-nums; }
  `;

  render() {
    return html`<div class="columns">
      ${this.actors.map((actor, a) => {
        const state = this.frames[a].state as CacheState;
        return html`<section aria-label=${actor.title} data-policy=${actor.id}>
          <h3>${actor.title}</h3>
          <div class="ratio" data-stat="hit ratio">${state.stats.hits + state.stats.misses ? `${(state.stats.hitRatio * 100).toFixed(1)}%` : '—'}</div>
          <sd-cache-state .frame=${this.frames[a]} .previous=${this.previous[a]} block-id=${actor.id} list-only></sd-cache-state>
        </section>`;
      })}
    </div>`;
  }
}

customElements.define('sd-cache-compare', SdCacheCompare);
