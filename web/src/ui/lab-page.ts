// LabPage: what every lab page shares — the module, options kept in the permalink
// (#/<path>?s=…), the error on show, and the light DOM (uPlot needs its global stylesheet).
// Lit merges a subclass's own `static properties` with these.
// A lab page sets its defaults and path, and implements run(values): it calls done(values) when
// the run succeeded (which saves the options in the link) or fail(error) when it did not.
// A link that cannot be read is named in the alert and the page runs on its defaults, but the
// address keeps the link (and the alert stays) until the person's own run succeeds — as on a block
// page. A page that holds module handles (a stepped run) frees them in dispose(), called when it
// leaves.
import { LitElement, type PropertyDeclarations, html, nothing } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import { type Options, readLabLink, writeLabLink } from '../lab/lab-link';

export abstract class LabPage extends LitElement {
  static properties: PropertyDeclarations = {
    sdlab: { attribute: false },
    state: { attribute: false },
    values: { state: true },
    error: { state: true },
  };
  declare sdlab: SdlabModule;
  /** The permalink's state, if the page was opened from one. */
  declare state: string | undefined;
  declare values: Options;
  declare error: string;
  /** The page's route, e.g. "ratelimit/compare". */
  protected abstract readonly path: string;
  /** The defaults run in place of a link that could not be read, and why it could not. */
  private damaged?: { defaults: Options; problem: string };

  constructor(defaults: Options) {
    super();
    this.values = defaults;
    this.error = '';
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    try {
      this.values = readLabLink(this.state, this.values);
    } catch (error) {
      const problem = `This link could not be opened: ${(error as Error).message}. Showing the defaults.`;
      this.damaged = { defaults: this.values, problem };
      this.error = problem;
    }
    this.run(this.values);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dispose();
  }

  protected abstract run(values: Options): void;

  /** Frees the page's handles. */
  protected dispose(): void {}

  protected done(values: Options): void {
    if (this.keep(values)) this.error = '';
  }

  /** Puts `values` on show and in the link (a damaged link's alert goes); returns false, leaving
   *  the link and its alert, for the run on the defaults that stand in for a damaged link. */
  protected keep(values: Options): boolean {
    this.values = values;
    if (values === this.damaged?.defaults) return false;
    if (this.error === this.damaged?.problem) this.error = '';
    this.damaged = undefined;
    writeLabLink(this.path, values);
    return true;
  }

  protected fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
  }

  /** The error on show, as an alert. */
  protected alert() {
    return this.error ? html`<p class="problem" role="alert">${this.error}</p>` : nothing;
  }
}
