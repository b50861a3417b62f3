// <sd-branches>: the branches of a run (see lab.ts), shown once there are two or more: which one
// is on show and at which step, and for each other one how long it is and how far it shares the
// one on show, with a button to switch to it.
// Events: `switch-branch` with detail = the index of the branch asked for.
import { LitElement, css, html, nothing } from 'lit';
import type { BranchInfo } from '../lab/lab';

export class SdBranches extends LitElement {
  static properties = {
    branches: { attribute: false },
    cursor: { type: Number },
    dropped: { type: Number },
  };
  declare branches: readonly BranchInfo[];
  /** The step on show. */
  declare cursor: number;
  /** Branches dropped to keep memory bounded. */
  declare dropped: number;

  constructor() {
    super();
    this.branches = [];
    this.cursor = 0;
    this.dropped = 0;
  }

  static styles = css`
    :host { display: block; margin-top: 0.5rem; font-size: 0.9em; }
    .where { margin: 0 0 0.3rem; font-weight: 600; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.2rem; }
    li { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem; }
    button { font: inherit; padding: 0.1rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); cursor: pointer; }
    button[aria-current] { background: var(--chip); font-weight: 700; cursor: default; }
    button:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .muted { color: var(--muted); }
  `;

  render() {
    if (this.branches.length < 2) return nothing;
    const current = this.branches.findIndex((b) => b.current);
    return html`<div role="group" aria-label="Branches">
      <p class="where" aria-live="polite">Branch ${current + 1} of ${this.branches.length} at step ${this.cursor}</p>
      <ul>
        ${this.branches.map((branch, i) => html`<li>
          <button aria-current=${branch.current ? 'true' : nothing} @click=${() => this.pick(i)}>Branch ${i + 1}</button>
          <span class="muted">${branch.calls} calls${branch.current ? ' · on show' : ` · the same as this one up to step ${branch.sharedUntil}`}</span>
        </li>`)}
      </ul>
      ${this.dropped ? html`<p class="muted">${this.dropped} older branch(es) dropped to keep memory bounded.</p>` : nothing}
    </div>`;
  }

  private pick(index: number): void {
    if (this.branches[index].current) return;
    this.dispatchEvent(new CustomEvent('switch-branch', { detail: index, bubbles: true, composed: true }));
  }
}

customElements.define('sd-branches', SdBranches);
