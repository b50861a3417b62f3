// <sd-snowflake-state>: the shared clock, each machine's last time and sequence, the id on show
// drawn as its 64 bits coloured by field, and every id made so far — increasing per machine,
// unique across machines.
import { css, html, nothing } from 'lit';
import type { SnowflakeCluster, SnowflakeMachine, SnowflakeParts, SnowflakeSnapshot } from 'sdlab-wasm';
import '../../ui/sd-table';
import { type Column } from '../../ui/sd-table';
import { StateView } from '../../ui/state-view';

const machineColumns: Column<SnowflakeMachine>[] = [
  { header: 'machine', value: (m) => m.machine },
  { header: 'last id’s time (ms)', value: (m) => (m.lastTimeMs < 0 ? '—' : m.lastTimeMs), align: 'end' },
  { header: 'sequence', value: (m) => m.sequence },
  { header: 'clock skew (ms)', value: (m) => m.skewMs },
];

const fields = [
  { name: 'sign', bits: 1 },
  { name: 'time', bits: 41 },
  { name: 'machine', bits: 10 },
  { name: 'sequence', bits: 12 },
] as const;

export class SdSnowflakeState extends StateView<SnowflakeSnapshot, SnowflakeCluster> {

  static styles = css`
    :host { display: block; }
    .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.6rem; color: var(--muted); font-variant-numeric: tabular-nums; }
    .facts b { color: var(--fg); }
    sd-table { margin-bottom: 0.75rem; }
    .id { font-family: var(--mono); font-size: 1.1em; font-weight: 700; overflow-wrap: anywhere; }
    .bits { display: flex; flex-wrap: wrap; gap: 1px; margin: 0.4rem 0; font-family: var(--mono); font-size: 0.75em; }
    .bits span { width: 0.9em; text-align: center; border-radius: 2px; color: #fff; }
    .sign { background: #6b7280; } .time { background: #2457d6; } .machine { background: #c2410c; } .sequence { background: #15803d; }
    .legend { display: flex; flex-wrap: wrap; gap: 0.75rem; font-size: 0.85em; }
    .legend i { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.25rem; vertical-align: middle; }
    ol { font-family: var(--mono); font-size: 0.85em; padding-left: 1.5rem; max-height: 12rem; overflow: auto; }
    ol:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    h3 { margin: 0.8rem 0 0.2rem; font-size: 0.85em; color: var(--muted); }
  `;

  render() {
    const state = this.frame.state;
    const before = this.previous?.state;
    const shown = this.idOnShow();
    const ids = this.history.flatMap((f) => this.resultOf('next', f) ?? []);
    return html`
      <p class="facts"><span>clock <b data-stat="now">${state.nowMs} ms</b></span><span>ids made <b data-stat="ids">${ids.length}</b></span></p>
      <sd-table caption="machines" .columns=${machineColumns} .rows=${state.machines}
        .highlight=${(m: SnowflakeMachine, i: number) => before !== undefined && JSON.stringify(before.machines[i]) !== JSON.stringify(m)}></sd-table>
      ${shown ? this.bits(shown) : nothing}
      ${ids.length ? html`<h3>Ids so far</h3><ol aria-label="ids so far" tabindex="0">${ids.map((id) => html`<li>${id.id} · t ${id.timeMs} · m ${id.machine} · s ${id.sequence}</li>`)}</ol>` : nothing}`;
  }

  /** The id the step on show made or decoded. */
  private idOnShow(): (SnowflakeParts & { id: string }) | undefined {
    const made = this.resultOf('next');
    if (made) return made;
    const decoded = this.resultOf('decode');
    return decoded && { ...decoded, id: String(this.frame.op!.args[0]) };
  }

  private bits(id: SnowflakeParts & { id: string }) {
    const binary = BigInt(id.id).toString(2).padStart(64, '0');
    let at = 0;
    const spans = fields.map((f) => {
      const part = binary.slice(at, at + f.bits);
      at += f.bits;
      return [...part].map((bit) => html`<span class=${f.name}>${bit}</span>`);
    });
    return html`<div class="id" data-id>${id.id}</div>
      <div class="bits" role="img" aria-label="the id's 64 bits by field">${spans}</div>
      <p class="legend"><span><i class="time"></i>time ${id.timeMs} ms</span><span><i class="machine"></i>machine ${id.machine}</span>
        <span><i class="sequence"></i>sequence ${id.sequence}</span><span><i class="sign"></i>sign 0</span></p>`;
  }
}

customElements.define('sd-snowflake-state', SdSnowflakeState);
