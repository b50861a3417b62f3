// <sd-url-shortener-state>: the code table — code, URL, clicks, alias, expiry — with the row the
// step on show created or followed highlighted, and the counter, collisions and clock.
import { css, html, nothing } from 'lit';
import type { UrlShortenerSnapshot } from 'sdlab-wasm';
import { diffByKey } from '../../lab/diff';
import { StateView } from '../../ui/state-view';

export class SdUrlShortenerState extends StateView<UrlShortenerSnapshot> {

  static styles = css`
    :host { display: block; }
    .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.6rem; color: var(--muted); font-variant-numeric: tabular-nums; }
    .facts b { color: var(--fg); }
    table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
    td, th { border: 1px solid var(--line); padding: 0.2rem 0.45rem; text-align: left; overflow-wrap: anywhere; }
    td.code { font-family: var(--mono); font-weight: 700; white-space: nowrap; }
    td.num { text-align: right; }
    tr.added td { background: var(--good-bg); }
    tr.changed td { background: var(--warn-bg); }
    tr.expired td { color: var(--muted); text-decoration: line-through; }
    .wrap { overflow-x: auto; }
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
        ? html`<div class="wrap"><table aria-label="short codes">
            <thead><tr><th>code</th><th>URL</th><th>clicks</th><th>expires</th></tr></thead>
            <tbody>${state.entries.map((e) => html`<tr data-code=${e.code} class=${[change.added.has(e.code) ? 'added' : change.changed.has(e.code) ? 'changed' : '', e.expired ? 'expired' : ''].join(' ')}>
              <td class="code">${e.code}${e.alias ? ' (alias)' : ''}</td><td>${e.url}</td><td class="num" data-clicks>${e.clicks}</td>
              <td>${e.expiresAtMs === undefined ? 'never' : e.expired ? `expired at ${e.expiresAtMs} ms` : `at ${e.expiresAtMs} ms`}</td></tr>`)}</tbody>
          </table></div>`
        : html`<p>No codes yet.</p>`}
      ${nothing}`;
  }
}

customElements.define('sd-url-shortener-state', SdUrlShortenerState);
