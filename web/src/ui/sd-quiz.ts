// <sd-quiz>: quiz mode's panel (see lab/quiz.ts): the score, the last prediction marked right or
// wrong against what the call did, and the question waiting for an answer with its choices.
// Events: `answer` with detail = the choice picked.
import { LitElement, css, html, nothing } from 'lit';
import type { Marked, Question } from '../lab/quiz';

export class SdQuiz extends LitElement {
  static properties = {
    question: { attribute: false },
    marked: { attribute: false },
    right: { type: Number },
    asked: { type: Number },
  };
  declare question: Question | undefined;
  declare marked: Marked | undefined;
  declare right: number;
  declare asked: number;

  constructor() {
    super();
    this.right = 0;
    this.asked = 0;
  }

  static styles = css`
    :host { display: block; }
    p { margin: 0 0 0.4rem; }
    .score { color: var(--muted); font-variant-numeric: tabular-nums; }
    .mark { padding: 0.3rem 0.6rem; border-radius: 6px; overflow-wrap: anywhere; }
    .mark.right { background: var(--good-bg); color: var(--good); }
    .mark.wrong { background: var(--bad-bg); color: var(--bad); }
    .ask { font-weight: 600; overflow-wrap: anywhere; }
    .choices { display: flex; flex-wrap: wrap; gap: 0.4rem; }
    button { font: inherit; font-family: var(--mono); padding: 0.3rem 0.7rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--bg); color: var(--fg); cursor: pointer; }
    button:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
  `;

  render() {
    const { question, marked } = this;
    return html`<div role="group" aria-label="Quiz">
      <p class="score" aria-label="score">Score: ${this.right} of ${this.asked} right</p>
      ${marked
        ? html`<p class="mark ${marked.picked === marked.answer ? 'right' : 'wrong'}" role="status">${marked.picked === marked.answer
            ? `✓ Right: ${marked.answer}.`
            : `✗ Not quite: you said ${marked.picked}; it was ${marked.answer}.`}</p>`
        : nothing}
      ${question
        ? html`<p class="ask">${question.ask}</p>
            <div class="choices" role="group" aria-label="choices">
              ${question.choices.map((choice) => html`<button @click=${() => this.pick(choice)}>${choice}</button>`)}
            </div>`
        : nothing}
    </div>`;
  }

  private pick(choice: string): void {
    this.dispatchEvent(new CustomEvent('answer', { detail: choice, bubbles: true, composed: true }));
  }
}

customElements.define('sd-quiz', SdQuiz);
