// <sd-delivery-lab>: at-least-once delivery on the seeded simulator. A producer sends messages
// through a broker's queue to consumers over a network that may lose and duplicate; a consumer
// applies a message's side effect, then acks it a little later. The same run goes twice, with a
// plain consumer and with an idempotent one (a dedup table in the same transaction as the effect),
// and the page shows, side by side, the effects per message with duplicates marked and the two
// invariants "no message lost" and "no duplicate effect". The run on show is a swimlane
// (<sd-swimlane>) to step through; at each step the queue and each consumer's effects as of that
// step come from the module (runAtLeastOnce with maxSteps). "Crash consumer N at the current step"
// adds a crash just after the step on show and replays the run from its spec: deterministic, so
// everything before it is unchanged. The options, the crashes and the step are in the link.
import { html, nothing } from 'lit';
import type { DeliveryResult, MessageCount } from 'sdlab-wasm';
import type { Options } from '../../lab/lab-link';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import { timelineKeys } from '../../ui/keys';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-invariants';
import '../../ui/sd-swimlane';
import { type SdSwimlane, formatTime } from '../../ui/sd-swimlane';
import { deliveryOptions, micros, readCrashes, writeCrashes } from './delivery-options';

type Mode = 'plain' | 'idempotent';
const modes: readonly Mode[] = ['plain', 'idempotent'];

const fields: readonly Field[] = [
  { name: 'messages', label: 'messages' },
  { name: 'consumers', label: 'consumers' },
  { name: 'visibilityMs', label: 'visibility timeout', unit: 'ms' },
  { name: 'maxReceives', label: 'receives before the dead-letter queue' },
  { name: 'workMs', label: 'side effect to ack', unit: 'ms' },
  { name: 'pollMs', label: 'poll again after', unit: 'ms' },
  { name: 'minLatencyMs', label: 'link latency from', unit: 'ms' },
  { name: 'maxLatencyMs', label: 'link latency to', unit: 'ms' },
  { name: 'loss', label: 'link loss (0–1)' },
  { name: 'duplicate', label: 'link duplication (0–1)' },
  { name: 'horizonMs', label: 'run for', unit: 'ms' },
  { name: 'seed', label: 'seed' },
  { name: 'consumer', label: 'consumer on show', choices: ['plain', 'idempotent'] },
  { name: 'crashes', label: 'crashes (consumer@ms+down ms)', type: 'string' },
  { name: 'downMs', label: 'a crash button keeps it down for', unit: 'ms' },
];

export class SdDeliveryLab extends LabPage {
  static properties = { runs: { state: true }, cursor: { state: true }, now: { state: true } };
  declare runs: Record<Mode, DeliveryResult> | undefined;
  /** The step on show in the swimlane. */
  declare cursor: number;
  /** The run on show as of the cursor (no history). */
  declare now: DeliveryResult | undefined;
  protected readonly path = 'messaging/delivery';
  private onKey = timelineKeys(() => this.querySelector<SdSwimlane>('sd-swimlane')?.timeline);

  constructor() {
    super({
      messages: 4, consumers: 2, visibilityMs: 20, maxReceives: 3, workMs: 4, pollMs: 10, minLatencyMs: 0.5, maxLatencyMs: 2,
      loss: 0, duplicate: 0, horizonMs: 120, seed: 1, consumer: 'plain', crashes: '', downMs: 5, step: 0,
    });
    this.cursor = 0;
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  private get mode(): Mode {
    return this.values.consumer === 'idempotent' ? 'idempotent' : 'plain';
  }

  render() {
    const shown = this.runs?.[this.mode];
    return html`<div class="experiment delivery-lab">
      <h1>At-least-once delivery</h1>
      <p class="lead">A producer sends messages through a broker's queue to consumers. A consumer applies a message's side effect,
        then acks it. If it crashes in between, the ack never comes: after the visibility timeout the queue hands the message out again,
        and a plain consumer applies the effect twice. An idempotent consumer records the ids it applied in the same transaction as the effect, and skips a redelivery.</p>
      <div class="experiment-form" role="form" aria-label="Run" @keydown=${onEnter(this.submit)}>
        ${fieldInputs(fields, this.values)}
        <button type="button" class="primary" @click=${this.submit}>Run</button>
      </div>
      ${this.alert()}
      ${shown ? this.faults(shown) : nothing}
      ${shown
        ? html`<h2 class="diagram-title">The run with the ${this.mode} consumer, step by step</h2>
          <sd-swimlane .steps=${shown.history} .cursor=${this.cursor} @seek=${this.onSeek}></sd-swimlane>`
        : nothing}
      ${this.now ? this.stateAt(this.now) : nothing}
      ${this.runs ? this.results(this.runs) : nothing}
    </div>`;
  }

  private submit = () => this.run({ ...readFields(this, fields), step: this.cursor });

  protected run(values: Options): void {
    try {
      const runs = { plain: this.sdlab.runAtLeastOnce(deliveryOptions(values, false)), idempotent: this.sdlab.runAtLeastOnce(deliveryOptions(values, true)) };
      this.runs = runs;
      this.show(values, Number(values.step));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Puts step `step` (clamped) of the run on show, with the state then, and keeps it in the link. */
  private show(values: Options, step: number): void {
    const history = this.runs![values.consumer === 'idempotent' ? 'idempotent' : 'plain'].history;
    const cursor = Math.max(0, Math.min(history.length - 1, Number.isInteger(step) ? step : 0));
    this.now = this.sdlab.runAtLeastOnce({ ...deliveryOptions(values, values.consumer === 'idempotent'), maxSteps: cursor + 1, withHistory: false });
    this.cursor = cursor;
    this.done({ ...values, step: cursor });
  }

  private onSeek = (event: CustomEvent<number>) => {
    event.stopPropagation();
    try {
      this.show(this.values, event.detail);
    } catch (error) {
      this.fail(error);
    }
  };

  /** Consumer `consumer` (0-based) crashes 1 µs after the step on show and is down for downMs:
   *  the run replays from its spec with that crash, and the crash is put on show. */
  private crash(consumer: number): void {
    try {
      const at = this.runs![this.mode].history[this.cursor].time + 1;
      const crashes = [...readCrashes(String(this.values.crashes)), { consumer, at, downFor: micros(Number(this.values.downMs)) }];
      const values = { ...this.values, crashes: writeCrashes(crashes) };
      this.run(values);
      if (this.error) return;
      const step = this.runs![this.mode].history.findIndex((s) => s.kind === 'crash' && s.actor === `consumer-${consumer + 1}` && s.time === at);
      this.show(values, step);
    } catch (error) {
      this.fail(error);
    }
  }

  private faults(shown: DeliveryResult) {
    const step = shown.history[this.cursor];
    return html`<div class="faults" role="group" aria-label="Faults">
      ${shown.consumerEffects.map((_, i) => html`<button type="button" @click=${() => this.crash(i)}>Crash consumer-${i + 1} at the current step</button>`)}
      <span class="legend-note">just after step ${this.cursor}, at ${formatTime(step.time + 1)}; down for ${this.values.downMs} ms</span>
    </div>`;
  }

  /** The queue and the effects as of the step on show, from the module. */
  private stateAt(now: DeliveryResult) {
    const q = now.queue;
    const ids = (list: readonly { id: string }[]) => list.map((m) => m.id).join(', ') || '—';
    return html`<section class="delivery-state" aria-label="State as of the step on show">
      <h2 class="diagram-title">As of step ${this.cursor} (${q.nowMs} ms)</h2>
      <dl>
        <dt>queue: visible</dt><dd data-queue="visible">${ids(q.visible)}</dd>
        <dt>queue: in flight</dt><dd data-queue="in-flight">${q.inFlight.map((m) => `${m.id} (receive ${m.receives}, until ${m.visibleAtMs} ms)`).join(', ') || '—'}</dd>
        <dt>dead letters</dt><dd data-queue="dead">${ids(q.deadLetters)}</dd>
        <dt>acked</dt><dd data-queue="acked">${now.acked.join(', ') || '—'}</dd>
        <dt>queue counts</dt><dd>${q.stats.sent} sent, ${q.stats.deliveries} deliveries (${q.stats.redeliveries} redeliveries), ${q.stats.acks} acks</dd>
        ${now.consumerEffects.map((applied, i) => html`<dt>effects by consumer-${i + 1}</dt><dd data-consumer=${i + 1}>${effectsText(applied)}</dd>`)}
      </dl>
    </section>`;
  }

  private results(runs: Record<Mode, DeliveryResult>) {
    const ids = Array.from({ length: Number(this.values.messages) }, (_, i) => `m${i}`);
    const count = (list: readonly MessageCount[], id: string) => list.find((e) => e.id === id)?.count ?? 0;
    const end = (m: Mode, id: string) =>
      runs[m].acked.includes(id) ? 'acked' : runs[m].queue.deadLetters.some((d) => d.id === id) ? 'dead-lettered' : 'on its way';
    return html`<h2 class="diagram-title">Side effects per message, at the end of each run</h2>
      <table class="delivery-results">
        <caption>Side effects applied per message by the plain and the idempotent consumer, and how each message ended (plain / idempotent)</caption>
        <thead><tr><th scope="col">message</th>${modes.map((m) => html`<th scope="col">${m}</th>`)}<th scope="col">ended</th></tr></thead>
        <tbody>${ids.map((id) => html`<tr data-message=${id}><th scope="row">${id}</th>${modes.map((m) => {
          const n = count(runs[m].effects, id);
          return html`<td data-mode=${m} data-stat="effects" class=${n > 1 ? 'bad' : ''}>${n > 1 ? `${n} — duplicate` : n}</td>`;
        })}<td data-stat="end">${end('plain', id)} / ${end('idempotent', id)}</td></tr>`)}</tbody>
      </table>
      <h2 class="diagram-title">Invariants at the end of each run</h2>
      <div class="invariant-grid" @seek=${this.onSeek}>${modes.map((m) => html`<section data-mode=${m}><h3>${m} consumer</h3>
        <sd-invariants noun="step" ?seekable=${m === this.mode} .items=${runs[m].invariants}></sd-invariants></section>`)}</div>`;
  }

}

/** "m0, m1 ×2" — each id a consumer applied, with how often when more than once. */
function effectsText(applied: readonly MessageCount[]): string {
  return applied.map((e) => (e.count > 1 ? `${e.id} ×${e.count}` : e.id)).join(', ') || '—';
}

customElements.define('sd-delivery-lab', SdDeliveryLab);
