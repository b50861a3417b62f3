// <sd-tour>: a tour playing (see lab/tour.ts): its title, what it says at the step on show (the
// intro, a step's sentence, and at the end the summary), and Previous / Next / Exit.
// Events: `tour-previous`, `tour-next`, `tour-exit`.
import { LitElement, css, html, nothing } from 'lit';
import { type Tour, tourText } from '../lab/tour';

export class SdTour extends LitElement {
  static properties = {
    tour: { attribute: false },
    step: { type: Number },
    waiting: { type: Boolean },
  };
  declare tour: Tour;
  /** The step on show: how many of the tour's calls have been made. */
  declare step: number;
  /** A question is waiting for an answer before the next call: Next waits too. */
  declare waiting: boolean;

  constructor() {
    super();
    this.step = 0;
    this.waiting = false;
  }

  static styles = css`
    :host { display: block; background: var(--panel); border: 2px solid var(--accent); border-radius: 10px; padding: 0.8rem; }
    h2 { font-size: 1rem; margin: 0 0 0.4rem; }
    .say { margin: 0 0 0.5rem; line-height: 1.5; }
    .summary { margin: 0 0 0.5rem; line-height: 1.5; padding: 0.4rem 0.6rem; border-radius: 6px; background: var(--good-bg); color: var(--fg); }
    .buttons { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    button { font: inherit; padding: 0.3rem 0.7rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
    button.next { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); font-weight: 600; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .where { color: var(--muted); font-variant-numeric: tabular-nums; }
  `;

  render() {
    const last = this.tour.steps.length;
    const { say, summary } = tourText(this.tour, Math.min(this.step, last));
    return html`<div role="region" aria-label="Tour">
      <h2>Tour · ${this.tour.title}</h2>
      <p class="say" aria-live="polite">${say}</p>
      ${summary ? html`<p class="summary" role="status"><strong>Tour complete.</strong> ${summary}</p>` : nothing}
      <div class="buttons">
        <button ?disabled=${this.step === 0} @click=${() => this.emit('tour-previous')}>Previous</button>
        <span class="where">step ${this.step} of ${last}</span>
        <button class="next" ?disabled=${this.step >= last || this.waiting} @click=${() => this.emit('tour-next')}>Next</button>
        <button @click=${() => this.emit('tour-exit')}>Exit tour</button>
      </div>
    </div>`;
  }

  private emit(name: string): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('sd-tour', SdTour);
