// <sd-ratelimit-state>: a limiter's state drawn for its algorithm — the token bucket's level, the
// leaky bucket's queue or level, a window's counter, the log's timestamps on the window, GCRA's
// theoretical arrival time against its tolerance — with the decision on show, its reason in the
// algorithm's words, and every decision so far on a time strip.
import { css, html, nothing, svg } from 'lit';
import type {
  FixedWindow, Gcra, GcraSnapshot, LeakyBucketMeter, LeakyBucketQueue, SlidingWindowCounter, SlidingWindowLog, SlidingWindowLogSnapshot,
  TokenBucket,
} from 'sdlab-wasm';
import '../../ui/sd-line-chart';
import { palette } from '../../ui/sd-line-chart';
import { StateView } from '../../ui/state-view';
import { type LimiterSnapshot, measure } from './ratelimit-words';

/** Any of the seven limiters; each snapshot has fields the others lack. */
type Limiter = TokenBucket | LeakyBucketQueue | LeakyBucketMeter | FixedWindow | SlidingWindowLog | SlidingWindowCounter | Gcra;

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const round = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export class SdRateLimitState extends StateView<LimiterSnapshot, Limiter> {
  static styles = css`
    :host { display: block; }
    .decision { padding: 0.4rem 0.6rem; border-radius: 6px; margin-bottom: 0.6rem; font-weight: 600; }
    .decision.admit { background: var(--good-bg); color: var(--good); }
    .decision.reject { background: var(--bad-bg); color: var(--bad); }
    .decision small { display: block; font-weight: 400; color: var(--fg); }
    .gauge { margin: 0.4rem 0; }
    .gauge .label { display: flex; justify-content: space-between; font-size: 0.9em; }
    .gauge .track { height: 1.1rem; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: var(--bg); }
    .gauge .fill { height: 100%; background: var(--accent); }
    .gauge.exhausted .track { border-color: var(--warn); background: var(--warn-bg); }
    .gauge.exhausted .fill { background: var(--warn); }
    .gauge.exhausted [data-value] { color: var(--warn); font-weight: 600; }
    .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.5rem 0; font-variant-numeric: tabular-nums; color: var(--muted); }
    .facts b { color: var(--fg); }
    ol.queue { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; padding: 0; margin: 0.4rem 0; }
    ol.queue li { border: 2px solid var(--line); border-radius: 6px; padding: 0.2rem 0.45rem; font-family: var(--mono); font-size: 0.85em; }
    svg { width: 100%; height: auto; display: block; overflow: visible; }
    svg text { fill: var(--muted); font-size: 11px; font-family: var(--sans); }
    .axis { stroke: var(--line); stroke-width: 1; }
    .now { stroke: var(--fg); stroke-width: 1.5; }
    .admit-dot { fill: var(--good); }
    .reject-dot { fill: var(--bad); }
    .entry { fill: var(--accent); }
    .span { fill: var(--chip); }
    h3 { margin: 0.8rem 0 0.2rem; font-size: 0.85em; color: var(--muted); font-weight: 600; }
  `;

  render() {
    const state = this.frame.state;
    return html`
      ${this.decision()}
      ${this.picture(state)}
      <p class="facts"><span>time <b data-stat="time">${seconds(state.nowMs)}</b></span><span>memory <b data-stat="bytes">${state.bytes} B</b></span></p>
      ${this.strip()}
      ${this.levelChart()}`;
  }

  private decision() {
    const d = this.resultOf('request');
    if (!d) return nothing;
    const why = this.frame.trace[0]?.note ?? '';
    const retry = d.retryAfterMs < 0 ? 'never: the cost exceeds what it can ever hold' : seconds(d.retryAfterMs);
    return html`<div class="decision ${d.allowed ? 'admit' : 'reject'}" data-decision=${d.allowed ? 'admitted' : 'rejected'}>
      ${d.allowed ? 'Admitted' : 'Rejected'} · remaining ${round(d.remaining)}${d.allowed ? '' : ` · retry after ${retry}`}${'waitMs' in d && d.waitMs ? ` · waits ${seconds(d.waitMs)} in the queue` : ''}
      <small>${why}</small></div>`;
  }

  /** The picture of the limiter's own state, told apart by the fields only it has. */
  private picture(s: LimiterSnapshot) {
    if ('tokens' in s) {
      return html`${gauge('tokens', s.tokens, s.burst, 'empty')}<p class="facts"><span>refill <b>${s.ratePerSec}/s</b></span><span>last admission at <b>${seconds(s.lastRefillMs)}</b></span></p>`;
    }
    if ('level' in s) return html`${gauge('level', s.level, s.capacity, 'full')}<p class="facts"><span>drains <b>${s.leakPerSec}/s</b></span></p>`;
    if ('queue' in s) {
      return html`${gauge('queued', s.queued, s.capacity, 'full')}
        <ol class="queue" aria-label="queue, head first">${s.queue.map((q) => html`<li>cost ${q.cost} · departs ${seconds(q.departsAtMs)}</li>`)}</ol>
        <p class="facts"><span>leaks <b>${s.leakPerSec}/s</b></span></p>`;
    }
    if ('log' in s) return html`${gauge('in the window', s.count, s.limit, 'full')}${this.logAxis(s)}`;
    if ('estimate' in s) {
      return html`${gauge(`previous window × ${round(s.weight)}`, s.previous * s.weight, s.limit, 'full')}
        ${gauge('current window', s.current, s.limit, 'full')}
        ${gauge('estimate', s.estimate, s.limit, 'full')}`;
    }
    if ('aheadMs' in s) return this.gcraAxis(s);
    return html`${gauge(`window ${seconds(s.windowStartMs)}–${seconds(s.windowStartMs + s.windowMs)}`, s.count, s.limit, 'full')}`;
  }

  /** The log's timestamps on the window (now − w, now]. */
  private logAxis(s: SlidingWindowLogSnapshot) {
    const x = (t: number) => 20 + ((t - (s.nowMs - s.windowMs)) / s.windowMs) * 560;
    return html`<h3>Logged requests in the window</h3>
      <svg viewBox="0 0 600 46" role="img" aria-label="request log on the window">
        <line class="axis" x1="20" y1="24" x2="580" y2="24"></line>
        ${s.log.map((e, i) => svg`<circle class="entry" cx=${x(e.atMs)} cy=${24 - (i % 3) * 6} r="4"></circle>`)}
        <text x="20" y="42">${seconds(Math.max(0, s.nowMs - s.windowMs))}</text>
        <text x="580" y="42" text-anchor="end">now ${seconds(s.nowMs)}</text>
      </svg>`;
  }

  /** Now, the theoretical arrival time and the tolerance, on one axis. */
  private gcraAxis(s: GcraSnapshot) {
    const span = Math.max(s.toleranceMs + s.emissionIntervalMs, s.aheadMs) || 1;
    const x = (ahead: number) => 20 + (ahead / span) * 560;
    return html`${gauge('TAT ahead of now', s.aheadMs, s.toleranceMs, 'full', seconds)}
      <svg viewBox="0 0 600 50" role="img" aria-label="theoretical arrival time against tolerance">
        <rect class="span" x="20" y="14" width=${x(s.toleranceMs) - 20} height="16"></rect>
        <line class="axis" x1="20" y1="22" x2="580" y2="22"></line>
        <line class="now" x1="20" y1="8" x2="20" y2="36"></line>
        <line class="now" x1=${x(s.aheadMs)} y1="8" x2=${x(s.aheadMs)} y2="36" stroke-dasharray="3 2"></line>
        <text x="20" y="48">now</text>
        <text x=${x(s.aheadMs)} y="6" text-anchor="middle">TAT</text>
        <text x=${x(s.toleranceMs)} y="48" text-anchor="middle">now + τ</text>
      </svg>
      <p class="facts"><span>emission interval T <b>${seconds(s.emissionIntervalMs)}</b></span><span>tolerance τ <b>${seconds(s.toleranceMs)}</b></span><span>limit <b>${s.limit}</b></span></p>`;
  }

  /** The limiter's main measure at every step so far, against its ceiling. */
  private levelChart() {
    if (this.history.length < 2) return nothing;
    const measures = this.history.map((f) => measure(f.state));
    const { label, max } = measures[measures.length - 1];
    return html`<h3>${label} at every step</h3>
      <sd-line-chart class="level" aria-hidden="true" height="180" x-label="time (s)" y-label=${label}
        .x=${this.history.map((f) => f.state.nowMs / 1000)} .series=${[
          { label, colour: palette[0], values: measures.map((m) => m.value) },
          { label: `at most ${round(max)}`, colour: palette[1], values: measures.map((m) => m.max) },
        ]}></sd-line-chart>`;
  }

  /** Every decision up to the step on show, on a time strip. */
  private strip() {
    const requests = this.history.filter((f) => f.op?.method === 'request');
    if (requests.length === 0) return nothing;
    const times = requests.map((f) => f.state.nowMs);
    const start = times[0];
    const span = Math.max(times[times.length - 1] - start, 1);
    const seen = new Map<number, number>();
    return html`<h3>Decisions so far (green admitted, red rejected)</h3>
      <svg viewBox="0 0 600 60" role="img" aria-label="decisions over time">
        <line class="axis" x1="20" y1="50" x2="580" y2="50"></line>
        ${requests.map((f, i) => {
          const stack = seen.get(times[i]) ?? 0;
          seen.set(times[i], stack + 1);
          const allowed = this.resultOf('request', f)!.allowed;
          return svg`<circle class=${allowed ? 'admit-dot' : 'reject-dot'} cx=${20 + ((times[i] - start) / span) * 560} cy=${44 - (stack % 6) * 7} r="3.5"
            ?data-flash=${f.op === this.frame.op}></circle>`;
        })}
        <text x="20" y="60">${seconds(start)}</text>
        <text x="580" y="60" text-anchor="end">${seconds(times[times.length - 1])}</text>
      </svg>`;
  }
}

/** A meter of `value` out of `max`, painted as a warning at the end where nothing more can be
 *  admitted: a bucket's tokens are `exhausted` when 'empty', a level, a queue or a count when 'full'. */
function gauge(label: string, value: number, max: number, exhausted: 'empty' | 'full', show: (x: number) => string = round) {
  const share = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  const warn = exhausted === 'empty' ? share <= 0 : share >= 1;
  return html`<div class="gauge ${warn ? 'exhausted' : ''}" data-gauge=${label}>
    <div class="label"><span>${label}</span><span data-value>${show(value)} / ${show(max)}</span></div>
    <div class="track" role="meter" aria-label=${label} aria-valuemin="0" aria-valuemax=${max} aria-valuenow=${value}><div class="fill" data-grow=${label} .style=${`width: ${share * 100}%`}></div></div>
  </div>`;
}

customElements.define('sd-ratelimit-state', SdRateLimitState);
