// <sdlab-block>: one sdlab block inside someone else's page — the site's own block page
// (sd-block-page, in embed mode) in this element's shadow root. sdlab-embed.js defines it; the
// WebAssembly module loads from beside that script, so the server hosting sdlab must send
// Access-Control-Allow-Origin when the page is on another origin.
//
//   <script type="module" src="https://example.org/sdlab/sdlab-embed.js"></script>
//   <sdlab-block block="cache/lru" params='{"capacity": 2}' calls='put("a", "1"); get("a")'></sdlab-block>
//
// Attributes (changing one reopens the block):
//   block   the block, "domain/id" as in an sdlab address (required)
//   params  its parameters as a JSON object; those left out take their defaults
//   calls   calls to replay, as the page's log writes them: put("a", "1"); get("a")
//   step    the step on show, 0 to the number of calls (default: the last)
//   state   instead of params, calls and step: a permalink's state (the s=… of an sdlab address)
//   tour    a tour of the block to play, by its id (hot-key on cache/lfu); an unknown one is named
//           in place
//   height  "auto" (the default: as tall as its content, growing with it) or a CSS length (the
//           content scrolls)
// Theme: --sdlab-accent, --sdlab-bg, --sdlab-fg and --sdlab-font on the element or above it; the
// other colours are mixed from them. A bad attribute is shown in place, naming the attribute and
// its rule, and the block opens fresh. The host page's address and keys are left alone.
import { LitElement, type PropertyValues, css, html, nothing, unsafeCSS } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { SdlabModule } from 'sdlab-wasm';
import { allBlocks, findBlock, quizOf, toursOf } from '../blocks';
import type { BlockDef } from '../lab/block';
import { readBlock, readRun } from '../lab/embed';
import type { LinkState } from '../lab/permalink';
import { loadSdlab } from '../lab/sdlab';
import theme from '../theme.css?inline';
import './sd-block-page';

/** What the attributes open: a block (unless its name is wrong), a run of it (unless the run's
 *  attributes are wrong: then a fresh block), and what was wrong. */
interface Opened {
  def?: BlockDef;
  link?: LinkState;
  problem?: string;
}

const RUN_ATTRIBUTES = ['block', 'params', 'calls', 'step', 'state', 'tour'] as const;

export class SdlabBlock extends LitElement {
  /** The address of the sdlab site this element's script belongs to ("Open in sdlab" leads there). */
  static site = '';

  static properties = {
    block: {},
    params: {},
    calls: {},
    step: {},
    state: {},
    tour: {},
    height: {},
    sdlab: { state: true },
    failure: { state: true },
  };
  declare block: string | null;
  declare params: string | null;
  declare calls: string | null;
  declare step: string | null;
  declare state: string | null;
  declare tour: string | null;
  declare height: string | null;
  declare sdlab: SdlabModule | undefined;
  declare failure: string;
  private opened: Opened = {};
  private heightProblem = '';
  /** Bumped whenever the attributes open another run: the block page is then made afresh. */
  private openings = 0;

  constructor() {
    super();
    this.failure = '';
  }

  connectedCallback(): void {
    super.connectedCallback();
    loadSdlab().then(
      (sdlab) => (this.sdlab = sdlab),
      (error) => (this.failure = `The WebAssembly module failed to load: ${error}`),
    );
  }

  static styles = [
    unsafeCSS(theme),
    css`
      :host {
        display: block;
        padding: 0.6rem;
        border-radius: 10px;
        background: var(--bg);
        color: var(--fg);
        font-family: var(--sans);
        --panel: color-mix(in srgb, var(--bg) 94%, white);
        --muted: color-mix(in srgb, var(--fg) 68%, var(--bg));
        --line: color-mix(in srgb, var(--fg) 18%, var(--bg));
        --chip: color-mix(in srgb, var(--fg) 8%, var(--bg));
      }
      :host([height]:not([height='auto'])) { overflow: auto; }
      .problem { color: var(--bad); background: var(--bad-bg); border-radius: 6px; padding: 0.4rem 0.6rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
    `,
  ];

  protected willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || RUN_ATTRIBUTES.some((name) => changed.has(name))) {
      this.opened = this.open();
      this.openings++;
    }
    if (changed.has('height')) this.applyHeight();
  }

  private open(): Opened {
    let def: BlockDef;
    try {
      def = readBlock(this.block ?? null, allBlocks);
    } catch (error) {
      return { problem: `<sdlab-block> ${(error as Error).message}` };
    }
    try {
      const given = { params: this.params ?? null, calls: this.calls ?? null, step: this.step ?? null, state: this.state ?? null };
      return { def, link: readRun(def, given, findBlock) };
    } catch (error) {
      return { def, problem: `<sdlab-block> ${(error as Error).message}. Showing a fresh ${def.title}.` };
    }
  }

  private applyHeight(): void {
    const height = this.height ?? 'auto';
    const fixed = height !== 'auto' && CSS.supports('height', height);
    this.heightProblem = height === 'auto' || fixed ? '' : `<sdlab-block> height must be auto or a CSS length such as 30rem, got ${JSON.stringify(height)}`;
    this.style.height = fixed ? height : '';
  }

  render() {
    const problems = [this.failure, this.opened.problem, this.heightProblem].filter(Boolean);
    const { def, link } = this.opened;
    const page = !def || this.failure
      ? nothing
      : this.sdlab
        ? keyed(
            this.openings,
            html`<sd-block-page embed .def=${def} .sdlab=${this.sdlab} .link=${link} .site=${SdlabBlock.site} .tours=${toursOf(def)}
              .tourId=${this.tour ?? undefined} .quiz=${quizOf(def)}></sd-block-page>`,
          )
        : html`<p aria-busy="true">Loading the WebAssembly module…</p>`;
    return html`${problems.map((p) => html`<p class="problem" role="alert">${p}</p>`)}${page}`;
  }
}
