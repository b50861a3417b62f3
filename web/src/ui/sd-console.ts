// <sd-console>: a JavaScript console beside a block. `block` is the block on the page — its
// methods go through the page's log, so the views follow every call — and `sdlab` is the raw
// WebAssembly module for experiments of your own. Code typed here runs as the person's own code,
// like the browser's devtools console; nothing from a URL is ever evaluated.
import { LitElement, css, html } from 'lit';

export interface ConsoleScope {
  block: object;
  sdlab: object;
}

interface Line {
  input: string;
  output: string;
  error: boolean;
}

export class SdConsole extends LitElement {
  static properties = {
    scope: { attribute: false },
    lines: { state: true },
  };
  declare scope: ConsoleScope;
  declare lines: Line[];
  private history: string[] = [];
  private back = 0;

  constructor() {
    super();
    this.lines = [];
  }

  static styles = css`
    :host { display: block; font-family: var(--mono); font-size: 0.9em; }
    .out { max-height: 14rem; overflow: auto; margin: 0; padding: 0; list-style: none; }
    .out li { padding: 0.15rem 0; border-bottom: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
    .in::before { content: '› '; color: var(--muted); }
    .error { color: var(--bad); }
    .prompt { display: flex; gap: 0.5rem; margin-top: 0.4rem; }
    input { flex: 1; font: inherit; padding: 0.35rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); }
    input:focus-visible, .out:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    p { margin: 0 0 0.3rem; color: var(--muted); font-family: var(--sans); }
  `;

  render() {
    return html`<p>Try <code>block.put("x", "1")</code>, <code>block.snapshot()</code> or <code>sdlab</code>. ↑ ↓ recall.</p>
      <ol class="out" aria-label="console output" aria-live="polite" tabindex="0">
        ${this.lines.map((l) => html`<li><div class="in">${l.input}</div><div class=${l.error ? 'error' : ''}>${l.output}</div></li>`)}
      </ol>
      <div class="prompt">
        <input name="code" aria-label="JavaScript to run" autocomplete="off" spellcheck="false" @keydown=${this.onKey} />
      </div>`;
  }

  /** Runs `code` with `block` and `sdlab` in scope; returns what it printed. */
  evaluate(code: string): Line {
    let output: string;
    let error = false;
    try {
      output = show(evaluateIn(code, this.scope));
    } catch (e) {
      output = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      error = true;
    }
    const line = { input: code, output, error };
    this.lines = [...this.lines, line].slice(-200);
    return line;
  }

  private onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') this.run(event.target as HTMLInputElement);
    else this.recall(event);
  };

  private run(input: HTMLInputElement): void {
    const code = input.value.trim();
    if (!code) return;
    this.history.push(code);
    this.back = 0;
    input.value = '';
    this.evaluate(code);
    this.updateComplete.then(() => {
      const out = this.renderRoot.querySelector('.out');
      out?.scrollTo({ top: out.scrollHeight });
    });
  }

  private recall(event: KeyboardEvent): void {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    this.back = Math.max(0, Math.min(this.history.length, this.back + (event.key === 'ArrowUp' ? 1 : -1)));
    (event.target as HTMLInputElement).value = this.back ? this.history[this.history.length - this.back] : '';
  }
}

function evaluateIn(code: string, scope: ConsoleScope): unknown {
  let run: (block: object, sdlab: object) => unknown;
  try {
    run = new Function('block', 'sdlab', `"use strict"; return (${code}\n);`) as typeof run;
  } catch {
    run = new Function('block', 'sdlab', `"use strict"; ${code}`) as typeof run;
  }
  return run(scope.block, scope.sdlab);
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `ƒ ${value.name || 'function'}()`;
  const brief = (_key: string, v: unknown) =>
    ArrayBuffer.isView(v) ? `[${v.constructor.name}(${v.byteLength} bytes)]` : typeof v === 'function' ? `ƒ ${v.name}()` : v;
  try {
    const text = JSON.stringify(value, brief, 1).replace(/\n\s*/g, ' ');
    return text.length > 4000 ? `${text.slice(0, 4000)} …` : text;
  } catch {
    return String(value);
  }
}

customElements.define('sd-console', SdConsole);
