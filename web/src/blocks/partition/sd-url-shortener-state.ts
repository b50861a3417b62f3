// <sd-url-shortener-state>: the code table — code, URL, clicks, alias, expiry — with the row the
// step on show created or followed highlighted, and the counter, collisions and clock.
import { css, html } from 'lit';
import type { UrlShortenerSnapshot } from 'sdlab-wasm';
import { diffByKey } from '../../lab/diff';
import '../../ui/sd-table';
import { type Column } from '../../ui/sd-table';
import { StateView } from '../../ui/state-view';

type ShortCode = UrlShortenerSnapshot['entries'][number];

const columns: Column<ShortCode>[] = [
  { header: 'code', value: (e) => `${e.code}${e.alias ? ' (alias)' : ''}`, cellClass: () => 'code' },
  { header: 'URL', value: (e) => e.url },
  { header: 'clicks', value: (e) => e.clicks, data: () => ({ clicks: '' }) },
  { header: 'expires', value: (e) => (e.expiresAtMs === undefined ? 'never' : e.expired ? `expired at ${e.expiresAtMs} ms` : `at ${e.expiresAtMs} ms`) },
];

export class SdUrlShortenerState extends StateView<UrlShortenerSnapshot> {

  static styles = css`
    :host { display: block; }
    .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.6rem; color: var(--muted); font-variant-numeric: tabular-nums; }
    .facts b { color: var(--fg); }
    sd-table::part(table) { width: 100%; font-size: 0.9em; }
    sd-table::part(cell) { overflow-wrap: anywhere; }
    sd-table::part(code) { font-family: var(--mono); font-weight: 700; white-space: nowrap; }
    sd-table::part(added) { background: var(--good-bg); }
    sd-table::part(changed) { background: var(--warn-bg); }
    sd-table::part(expired) { color: var(--muted); text-decoration: line-through; }
  `;

  render() {
    const state = this.frame.state;
    const before = this.previous?.state;
    const keyed = (s?: UrlShortenerSnapshot) => s?.entries.map((e) => ({ ...e, key: e.code }));
    const change = diffByKey(keyed(before), keyed(state)!);
    return html`
      <p class="facts"><span>mode <b>${state.mode}</b></span><span>codes <b data-stat="codes">${state.entries.length}</b></span>
        <span>counter <b>${state.counter}</b></span><span>collisions <b data-stat="collisions">${state.collisions}</b></span><span>time <b>${state.nowMs} ms</b></span></p>
      ${state.entries.length
        ? html`<sd-table caption="short codes" .columns=${columns} .rows=${state.entries} .rowData=${(e: ShortCode) => ({ code: e.code })}
            .rowClass=${(e: ShortCode) => [change.added.has(e.code) ? 'added' : change.changed.has(e.code) ? 'changed' : '', e.expired ? 'expired' : ''].join(' ')}></sd-table>`
        : html`<p>No codes yet.</p>`}`;
  }
}

customElements.define('sd-url-shortener-state', SdUrlShortenerState);
