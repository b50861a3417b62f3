// <sd-timeline>: step back and forth through a run's frames, or play it at a chosen speed.
// Events: `seek` with detail = the frame index asked for.
// Keyboard (wired by the page, see keys.ts): ← → step, Home End jump, Space plays or pauses,
// Ctrl/Cmd+Z undoes (a step back), Ctrl/Cmd+Shift+Z and Ctrl+Y redo (a step forward).
import { LitElement, css, html } from 'lit';

export const speeds = [1000, 500, 250, 100] as const;

export class SdTimeline extends LitElement {
  static properties = {
    length: { type: Number },
    cursor: { type: Number },
    playing: { state: true },
    interval: { state: true },
  };
  declare length: number;
  declare cursor: number;
  declare playing: boolean;
  declare interval: number;
  private timer?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.length = 1;
    this.cursor = 0;
    this.playing = false;
    this.interval = 500;
  }

  static styles = css`
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem; }
    button, select { font: inherit; padding: 0.25rem 0.55rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); cursor: pointer; min-width: 2.25rem; }
    button:disabled { opacity: 0.4; cursor: default; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    input[type='range'] { flex: 1 1 8rem; accent-color: var(--accent); }
    .where { font-variant-numeric: tabular-nums; min-width: 6.5rem; text-align: center; }
  `;

  render() {
    const last = this.length - 1;
    return html`
      <button title="To start (Home)" aria-label="To start" ?disabled=${this.cursor === 0} @click=${() => this.go(0)}>«</button>
      <button title="Step back, undo (←, Ctrl+Z)" aria-label="Step back" ?disabled=${this.cursor === 0} @click=${() => this.go(this.cursor - 1)}>‹</button>
      <button title="Play or pause (Space)" aria-label=${this.playing ? 'Pause' : 'Play'} ?disabled=${last === 0} @click=${this.toggle}>${this.playing ? 'pause' : 'play'}</button>
      <button title="Step forward, redo (→, Ctrl+Shift+Z)" aria-label="Step forward" ?disabled=${this.cursor === last} @click=${() => this.go(this.cursor + 1)}>›</button>
      <button title="To end (End)" aria-label="To end" ?disabled=${this.cursor === last} @click=${() => this.go(last)}>»</button>
      <input type="range" min="0" max=${last} .value=${String(this.cursor)} aria-label="Step"
        @input=${(e: Event) => this.go(Number((e.target as HTMLInputElement).value))} />
      <span class="where" aria-label="position">step ${this.cursor} / ${last}</span>
      <label>speed
        <select aria-label="Playback speed" @change=${(e: Event) => this.setSpeed(Number((e.target as HTMLSelectElement).value))}>
          ${speeds.map((ms) => html`<option value=${ms} ?selected=${ms === this.interval}>${1000 / ms}/s</option>`)}
        </select>
      </label>
    `;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  toggle = (): void => {
    if (this.playing) return this.stop();
    if (this.cursor >= this.length - 1) this.go(0);
    this.playing = true;
    this.timer = setInterval(() => {
      if (this.cursor >= this.length - 1) return this.stop();
      this.go(this.cursor + 1);
    }, this.interval);
  };

  stop(): void {
    clearInterval(this.timer);
    this.playing = false;
  }

  go(index: number): void {
    const target = Math.max(0, Math.min(this.length - 1, index));
    this.dispatchEvent(new CustomEvent('seek', { detail: target, bubbles: true, composed: true }));
  }

  private setSpeed(ms: number): void {
    this.interval = ms;
    if (this.playing) {
      this.stop();
      this.toggle();
    }
  }
}

customElements.define('sd-timeline', SdTimeline);
