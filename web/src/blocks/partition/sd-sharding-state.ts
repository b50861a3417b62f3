// <sd-sharding-state>: one bar per shard with its share of the keys, its range or regions and its
// keys; the keys the step on show moved are listed with where they went.
import { css, html, nothing } from 'lit';
import type { Sharding, ShardingSnapshot } from 'sdlab-wasm';
import { StateView } from '../../ui/state-view';

export class SdShardingState extends StateView<ShardingSnapshot, Sharding> {

  static styles = css`
    :host { display: block; }
    .shard { display: grid; grid-template-columns: 6rem 1fr; gap: 0.2rem 0.6rem; align-items: center; margin: 0.35rem 0; }
    .name { font-weight: 600; font-size: 0.9em; }
    .name small { display: block; font-weight: 400; color: var(--muted); font-family: var(--mono); overflow-wrap: anywhere; }
    .track { height: 1.1rem; background: var(--bg); border: 1px solid var(--line); border-radius: 5px; overflow: hidden; }
    .fill { height: 100%; background: var(--accent); }
    .shard.hot .fill { background: var(--bad); }
    .keys { grid-column: 2; font-family: var(--mono); font-size: 0.75em; color: var(--muted); overflow-wrap: anywhere; }
    .keys .moved { color: var(--warn); font-weight: 700; }
    .moves { margin-top: 0.6rem; padding: 0.4rem 0.6rem; background: var(--warn-bg); border-radius: 6px; }
    .facts { color: var(--muted); margin: 0 0 0.4rem; }
    .facts b { color: var(--fg); }
  `;

  render() {
    const state = this.frame.state;
    const report = this.resultOf('addShard') ?? this.resultOf('splitShard');
    const moved = new Set(report?.moved.map((m) => m.key));
    const most = Math.max(1, ...state.shards.map((s) => s.count));
    const mean = state.keyCount / state.shards.length;
    return html`
      <p class="facts">strategy <b>${state.strategy}</b> · <b data-stat="keys">${state.keyCount}</b> keys on <b>${state.shards.length}</b> shards</p>
      ${state.shards.map((s) => html`<div class="shard ${state.keyCount >= 4 && s.count > 2 * mean ? 'hot' : ''}" data-shard=${s.index}>
        <div class="name">shard ${s.index}<small>${label(s)}</small></div>
        <div class="track" role="meter" aria-label="shard ${s.index} keys" aria-valuenow=${s.count} aria-valuemin="0" aria-valuemax=${most}>
          <div class="fill" .style=${`width: ${(s.count / most) * 100}%`}></div></div>
        <div class="keys"><span data-count>${s.count}</span> · ${s.keys.slice(0, 12).map((k) => html`<span class=${moved.has(k) ? 'moved' : ''}>${k}</span> `)}${s.keys.length > 12 ? '…' : ''}</div>
      </div>`)}
      ${report
        ? html`<p class="moves" data-moved=${report.movedCount}>${report.movedCount} of ${report.keyCount} keys moved${report.moved.length
            ? html`: ${report.moved.slice(0, 8).map((m) => `${m.key} ${m.from}→${m.to}`).join(', ')}${report.moved.length > 8 ? ', …' : ''}`
            : nothing}</p>`
        : nothing}`;
  }
}

function label(s: ShardingSnapshot['shards'][number]): string {
  if (s.range) return `["${s.range.from}", ${s.range.to === undefined ? '∞' : `"${s.range.to}"`})`;
  return s.regions?.join(', ') ?? '';
}

customElements.define('sd-sharding-state', SdShardingState);
