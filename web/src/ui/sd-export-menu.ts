// <sd-export-menu>: the block page's Export menu — the run as JSON (its calls, results and traces),
// the picture of the step on show as SVG or PNG (export.ts does the work). A failure is said in
// the menu, in words, and changes nothing.
//   menu.lab = lab; menu.picture = () => viewElement; menu.link = () => permalink
import { LitElement, css, html, nothing } from 'lit';
import type { Lab } from '../lab/lab';
import { download, fileName, pictureSvg, pngOf, runRecord } from './export';

export class SdExportMenu extends LitElement {
  static properties = {
    lab: { attribute: false },
    picture: { attribute: false },
    link: { attribute: false },
    problem: { state: true },
    alignStart: { state: true },
  };
  declare lab: Lab;
  /** The element whose picture is exported. */
  declare picture: () => Element | null;
  /** The permalink of the step on show. */
  declare link: () => string;
  declare problem: string;
  /** The menu opens rightwards from the button's left edge (when there is no room leftwards). */
  declare alignStart: boolean;

  constructor() {
    super();
    this.problem = '';
    this.alignStart = false;
  }

  static styles = css`
    :host { position: relative; display: inline-block; }
    summary { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; list-style: none; }
    summary::-webkit-details-marker { display: none; }
    summary::after { content: ' ▾'; color: var(--muted); }
    summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .menu.start { right: auto; left: 0; }
    .menu { position: absolute; right: 0; z-index: 2; margin-top: 0.25rem; display: flex; flex-direction: column; min-width: 11rem;
      padding: 0.3rem; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); box-shadow: 0 4px 14px rgb(0 0 0 / 0.18); }
    button { all: unset; cursor: pointer; padding: 0.35rem 0.5rem; border-radius: 5px; white-space: nowrap; }
    button:hover, button:focus-visible { background: var(--chip); }
    button:focus-visible { outline: 2px solid var(--accent); }
    .problem { color: var(--bad); font-size: 0.85em; max-width: 16rem; margin: 0.3rem 0.5rem; }
  `;

  render() {
    return html`<details @toggle=${this.toggled}>
      <summary>Export</summary>
      <div class="menu ${this.alignStart ? 'start' : ''}" role="group" aria-label="Export">
        <button @click=${this.json}>Run as JSON</button>
        <button @click=${this.svg}>Picture as SVG</button>
        <button @click=${this.png}>Picture as PNG</button>
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      </div>
    </details>`;
  }

  /** On opening: no old problem, and the menu on the side of the button with room for it. */
  private toggled = (event: Event) => {
    this.problem = '';
    const details = event.currentTarget as HTMLDetailsElement;
    if (!details.open) return;
    const menu = details.querySelector('.menu')!;
    this.alignStart = details.getBoundingClientRect().right < menu.getBoundingClientRect().width;
  };

  private json = () =>
    this.run(() => {
      const text = JSON.stringify(runRecord(this.lab, this.link()), null, 2);
      download(fileName(this.lab, 'run', 'json'), new Blob([text], { type: 'application/json' }));
    });

  private svg = () =>
    this.run(() => {
      const { svg } = this.drawn();
      download(fileName(this.lab, 'step', 'svg'), new Blob([svg], { type: 'image/svg+xml' }));
    });

  private png = () =>
    this.run(async () => {
      const { svg, width, height } = this.drawn();
      download(fileName(this.lab, 'step', 'png'), await pngOf(svg, width, height));
    });

  private drawn() {
    const element = this.picture();
    if (!element) throw new Error('there is no picture on show (wait until the link has replayed)');
    return pictureSvg(element);
  }

  /** Does `work`, then closes the menu; or says what went wrong and leaves it open. */
  private async run(work: () => void | Promise<void>): Promise<void> {
    try {
      await work();
      this.problem = '';
      this.renderRoot.querySelector('details')!.open = false;
    } catch (error) {
      this.problem = `Export failed: ${(error as Error).message}`;
    }
  }
}

customElements.define('sd-export-menu', SdExportMenu);
