// <sd-queue-state>: the message queue as three lanes — visible messages in delivery order, the
// ones in flight with their receipt, receive count and the time left until they turn visible
// again (a countdown against the queue's clock), and the dead-letter queue — then the ids the
// dedup window remembers and the counts. A message that came into a lane with the step on show is
// lit, one whose receive count or deadline changed is marked, and cards slide between lanes.
import { css, html, nothing } from 'lit';
import type { MessageQueue, MessageQueueSnapshot, QueueMessage } from 'sdlab-wasm';
import { seconds } from '../../lab/words';
import { StateView, statsStyles } from '../../ui/state-view';

type Lane = 'visible' | 'inFlight' | 'deadLetters';

const lanes: readonly { lane: Lane; title: string; empty: string }[] = [
  { lane: 'visible', title: 'Visible', empty: 'none waiting' },
  { lane: 'inFlight', title: 'In flight', empty: 'none in flight' },
  { lane: 'deadLetters', title: 'Dead-letter queue', empty: 'empty' },
];

/** A message's key: its sequence (ids may repeat once the dedup window has passed). */
const keyOf = (m: QueueMessage) => String(m.sequence);

export class SdQueueState extends StateView<MessageQueueSnapshot, MessageQueue> {

  static styles = [statsStyles, css`
    :host { display: block; }
    .lanes { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem; margin-bottom: 0.75rem; }
    section { border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.5rem; min-height: 4rem; }
    h3 { margin: 0 0 0.35rem; font-size: 0.85em; color: var(--muted); display: flex; justify-content: space-between; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.35rem; }
    li { border: 1px solid var(--line); border-radius: 4px; padding: 0.3rem 0.45rem; background: var(--bg); font-size: 0.85em; font-variant-numeric: tabular-nums; }
    li.came { background: var(--good-bg); }
    li.changed { background: var(--warn-bg); }
    .id { font-family: var(--mono); font-weight: 700; }
    .body { color: var(--muted); overflow-wrap: anywhere; }
    .meta { display: flex; flex-wrap: wrap; gap: 0 0.6rem; }
    .receipt { font-family: var(--mono); }
    .due { display: block; height: 4px; margin-top: 0.25rem; background: var(--line); border-radius: 2px; overflow: hidden; }
    .due span { display: block; height: 100%; background: var(--accent); }
    .none { color: var(--muted); font-size: 0.85em; margin: 0; }
    .left { color: var(--muted); font-size: 0.85em; }
    .dedup { font-size: 0.85em; margin: 0 0 0.6rem; }
    .dedup span { font-family: var(--mono); }
  `];

  render() {
    const state = this.frame.state;
    const before = this.previous?.state;
    return html`
      <dl class="stats">
        <div><dt>clock</dt><dd data-stat="now">${seconds(state.nowMs)}</dd></div>
        <div><dt>visibility timeout</dt><dd>${seconds(state.visibilityTimeoutMs)}</dd></div>
        <div><dt>max receives</dt><dd>${state.maxReceives}</dd></div>
        <div><dt>sent</dt><dd data-stat="sent">${state.stats.sent}</dd></div>
        <div><dt>duplicates</dt><dd data-stat="duplicates">${state.stats.duplicates}</dd></div>
        <div><dt>deliveries</dt><dd data-stat="deliveries">${state.stats.deliveries}</dd></div>
        <div><dt>redeliveries</dt><dd data-stat="redeliveries">${state.stats.redeliveries}</dd></div>
        <div><dt>acks</dt><dd data-stat="acks">${state.stats.acks}</dd></div>
        <div><dt>dead-lettered</dt><dd data-stat="deadLettered">${state.stats.deadLettered}</dd></div>
      </dl>
      <div class="lanes">
        ${lanes.map(({ lane, title, empty }) => html`
          <section aria-label=${title} data-lane=${lane}>
            <h3><span>${title}</span><span>${state[lane].length}</span></h3>
            ${state[lane].length
              ? html`<ol>${state[lane].map((m) => this.card(m, lane, before))}</ol>`
              : html`<p class="none">${empty}</p>`}
          </section>`)}
      </div>
      <p class="dedup" data-dedup>Dedup window ${seconds(state.dedupWindowMs)}${state.dedup.length
        ? html`: remembers ${state.dedup.map((d, i) => html`${i ? ', ' : ''}<span data-remembered=${d.id}>${d.id}</span> until ${seconds(d.untilMs)}`)}`
        : html`: ${state.dedupWindowMs ? 'no ids remembered' : 'off'}`}</p>`;
  }

  private card(m: QueueMessage, lane: Lane, before: MessageQueueSnapshot | undefined) {
    const was = before?.[lane].find((b) => keyOf(b) === keyOf(m));
    const came = before !== undefined && !was;
    const changed = was !== undefined && (was.receives !== m.receives || was.visibleAtMs !== m.visibleAtMs);
    const state = this.frame.state;
    const left = m.visibleAtMs - state.nowMs;
    return html`<li class=${came ? 'came' : changed ? 'changed' : ''} data-flip=${keyOf(m)} ?data-flash=${came || changed}
        data-message=${m.id} data-receives=${m.receives} data-receipt=${m.receipt}>
      <div><span class="id">${m.id}</span>${m.group ? html` <span class="left">group ${m.group}</span>` : nothing}</div>
      ${m.body ? html`<div class="body">${m.body}</div>` : nothing}
      <div class="meta">
        ${m.receipt ? html`<span class="receipt" title="receipt of the latest receive">${m.receipt}</span>` : nothing}
        <span data-count>received ${m.receives}×</span>
      </div>
      ${lane === 'inFlight'
        ? html`<div class="left" data-due>visible again in ${seconds(left)} (at ${seconds(m.visibleAtMs)})</div>
            <span class="due" role="img" aria-label="time left in flight"><span style="width: ${Math.min(100, (100 * left) / state.visibilityTimeoutMs)}%"></span></span>`
        : nothing}
    </li>`;
  }
}

customElements.define('sd-queue-state', SdQueueState);
