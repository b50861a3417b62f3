// <sd-source>: the code that ran, with the line of the current step lit — the block's real C++
// (the file and line each trace step reports) or, at the learner's choice, its short pseudocode
// (the line that step's kind belongs to). The choice is remembered across pages.
//   source.file = 'core/cache/list_cache.h'; source.line = 142; source.trail = [120, 131];
//   source.pseudocode = pseudocode(…); source.kind = 'evict';
// The code scrolls inside its own box (which takes the focus, so a keyboard can scroll it) to keep
// the lit line in view; the page never scrolls.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { litLine, type PseudoLine } from '../lab/code';
import { highlightLines, loadSource } from './source';

export type CodeMode = 'cpp' | 'pseudo';
const MODE_KEY = 'sdlab.code';

function savedMode(): CodeMode {
  try {
    return localStorage.getItem(MODE_KEY) === 'pseudo' ? 'pseudo' : 'cpp';
  } catch {
    return 'cpp'; // storage refused (a sandboxed frame)
  }
}

export class SdSource extends LitElement {
  static properties = {
    file: {},
    line: { type: Number },
    trail: { attribute: false },
    pseudocode: { attribute: false },
    kind: {},
    mode: { state: true },
    code: { state: true },
  };

  /** core/… path of the C++ file to show. */
  file = '';
  /** 1-based line of the current step in `file`, or 0 for none. */
  line = 0;
  /** Lines of the steps that led to the current one (its parents), lit more softly. */
  trail: readonly number[] = [];
  pseudocode?: readonly PseudoLine[];
  /** The current step's kind: which pseudocode line is lit. */
  kind = '';
  mode: CodeMode = savedMode();
  /** The highlighted lines of `file`, once loaded; undefined while loading or when absent. */
  private code?: string[];
  private loaded = '';

  static styles = css`
    :host { display: block; min-width: 0; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin-bottom: 0.35rem; }
    .bar .file { font: 0.8rem var(--mono); color: var(--muted); overflow-wrap: anywhere; flex: 1 1 12rem; }
    .bar button { font: inherit; font-size: 0.8rem; padding: 0.15rem 0.55rem; border: 1px solid var(--line);
      background: var(--panel); color: var(--fg); border-radius: 999px; cursor: pointer; }
    .bar button[aria-pressed='true'] { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
    ol { margin: 0; padding: 0.3rem 0; list-style: none; max-height: 22rem; overflow: auto; border: 1px solid var(--line);
      border-radius: 6px; background: var(--panel); font: 0.78rem/1.45 var(--mono); counter-reset: line; }
    li { display: grid; grid-template-columns: 3.2em 1fr; white-space: pre; }
    li::before { counter-increment: line; content: counter(line); color: var(--muted); text-align: right;
      padding-right: 0.8em; user-select: none; }
    ol:focus-visible { outline: 2px solid var(--accent); }
    ol.pseudo li { white-space: pre-wrap; }
    li.trail { background: var(--chip); }
    li.lit { background: var(--warn-bg); box-shadow: inset 3px 0 0 var(--warn); }
    .muted { color: var(--muted); font-size: 0.85rem; }
    .hljs-keyword, .hljs-built_in, .hljs-type { color: var(--accent); }
    .hljs-string, .hljs-number, .hljs-literal { color: var(--good); }
    .hljs-comment { color: var(--muted); font-style: italic; }
    .hljs-title, .hljs-function { color: var(--link); }
    .hljs-meta { color: var(--warn); }
  `;

  protected willUpdate(changed: PropertyValues<this>) {
    if (changed.has('file') && this.file !== this.loaded) void this.load(this.file);
  }

  protected updated() {
    const lit = this.renderRoot.querySelector<HTMLElement>('li.lit');
    const box = this.renderRoot.querySelector<HTMLElement>('ol');
    if (!lit || !box) return;
    // Scroll the box, not the page: keep the lit line a third of the way down when it is out of view.
    const top = lit.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + lit.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  private async load(file: string) {
    this.loaded = file;
    this.code = undefined;
    const text = file ? await loadSource(file) : undefined;
    const lines = text === undefined ? undefined : await highlightLines(text.replace(/\n$/, ''));
    if (this.loaded === file) this.code = lines;
  }

  private choose(mode: CodeMode) {
    this.mode = mode;
    try {
      localStorage.setItem(MODE_KEY, mode);
    } catch {
      // not remembered; still shown
    }
  }

  render() {
    const pseudo = this.mode === 'pseudo' && this.pseudocode !== undefined;
    return html`<div class="bar">
        <span class="file">${pseudo ? 'pseudocode' : this.file}</span>
        ${this.pseudocode
          ? html`<button aria-pressed=${!pseudo} @click=${() => this.choose('cpp')}>C++</button>
              <button aria-pressed=${pseudo} @click=${() => this.choose('pseudo')}>Pseudocode</button>`
          : nothing}
      </div>
      ${pseudo ? this.pseudoLines() : this.cppLines()}`;
  }

  private cppLines() {
    if (!this.code) return html`<p class="muted">${this.file ? 'Loading the source…' : 'No source for this block.'}</p>`;
    const trail = new Set(this.trail);
    return html`<ol tabindex="0" aria-label=${`${this.file}, the line of the current step lit`}>
      ${this.code.map((line, i) => html`<li class=${i + 1 === this.line ? 'lit' : trail.has(i + 1) ? 'trail' : ''}
          aria-current=${i + 1 === this.line ? 'step' : nothing}><span>${unsafeHTML(line)}</span></li>`)}
    </ol>`;
  }

  private pseudoLines() {
    const lit = litLine(this.pseudocode!, this.kind);
    return html`<ol class="pseudo" tabindex="0" aria-label="pseudocode, the line of the current step lit">
      ${this.pseudocode!.map((line, i) => html`<li class=${i === lit ? 'lit' : ''} aria-current=${i === lit ? 'step' : nothing}>${line.text}</li>`)}
    </ol>`;
  }
}

customElements.define('sd-source', SdSource);
