// LabPage: what every lab page shares — the module, options kept in the permalink
// (#/<path>?s=…), the error on show, and the light DOM (uPlot needs its global stylesheet).
// Lit merges a subclass's own `static properties` with these.
// A lab page sets its defaults and path, and implements run(values): it calls done(values) when
// the run succeeded (which saves the options in the link) or fail(error) when it did not.
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
      this.fail(new Error(`This link could not be opened: ${(error as Error).message}`));
    }
    this.run(this.values);
  }

  protected abstract run(values: Options): void;

  protected done(values: Options): void {
    this.values = values;
    this.error = '';
    writeLabLink(this.path, values);
  }

  protected fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
  }

  /** The error on show, as an alert. */
  protected alert() {
    return this.error ? html`<p class="problem" role="alert">${this.error}</p>` : nothing;
  }
}
