// <sd-app>: the shell. Loads the WebAssembly module once, reads the route from the URL hash and
// shows the catalog, a block page or a lab page in the one <main> landmark, under the document
// title of that route ("LRU cache · Caching · sdlab"); every page has one h1. Once the module is
// loaded and the first page drawn it sets <html data-sdlab-ready="1"> (tests and the page-load
// benchmark wait for it). In
// embed mode inside an iframe it reports its height to the parent page (frame-height.ts).
// Renders into the light DOM; its styles are in styles.css.
import { LitElement, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { SdlabModule } from 'sdlab-wasm';
import { codeOf, domains, findBlock, findLab, pageTitle, quizOf, toursOf } from '../blocks';
import { type LinkState, decodeLink, opensIn } from '../lab/permalink';
import { type Route, parseRoute } from '../lab/route';
import { loadSdlab } from '../lab/sdlab';
import { reportHeightToParent } from './frame-height';
import './sd-block-page';

export class SdApp extends LitElement {
  static properties = {
    sdlab: { state: true },
    route: { state: true },
    failure: { state: true },
    loadedLab: { state: true },
  };
  declare sdlab: SdlabModule | undefined;
  declare route: Route;
  declare failure: string;
  declare loadedLab: string;
  private routeKey = 0;
  private stopReporting?: () => void;

  constructor() {
    super();
    this.route = parseRoute(location.hash);
    this.failure = '';
    this.loadedLab = '';
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    if (this.route.embed) this.stopReporting = reportHeightToParent();
    loadSdlab().then(
      (sdlab) => {
        this.sdlab = sdlab;
        this.updateComplete.then(() => (document.documentElement.dataset.sdlabReady = '1'));
      },
      (error) => (this.failure = `The WebAssembly module failed to load: ${error}`),
    );
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.stopReporting?.();
  }

  private onHashChange = () => {
    this.route = parseRoute(location.hash);
    this.routeKey++;
  };

  /** Light DOM: the page-wide stylesheet (styles.css) styles the shell and the light-DOM lab
   *  pages, whose charting library needs its global stylesheet. */
  createRenderRoot() {
    return this;
  }

  render() {
    const route = this.route;
    this.toggleAttribute('embed', route.embed);
    const nav = route.embed
      ? nothing
      : html`<nav aria-label="sdlab"><a class="brand" href="#/">sdlab</a><span>system-design blocks, real C++ in WebAssembly</span></nav>`;
    return html`${nav}<main>${this.content(route)}</main>`;
  }

  protected updated(): void {
    document.title = pageTitle(this.route.path);
  }

  private content(route: Route) {
    if (this.failure) return html`<p class="problem" role="alert">${this.failure}</p>`;
    if (!this.sdlab) return html`<p aria-busy="true">Loading the WebAssembly module…</p>`;
    return keyed(`${this.routeKey}`, this.page(route, this.sdlab));
  }

  private page(route: Route, sdlab: SdlabModule) {
    const block = findBlock(route.path);
    if (block) {
      let link: LinkState | undefined;
      let problem = '';
      if (route.state) {
        try {
          link = decodeLink(route.state, findBlock);
          if (!opensIn(link.block, block)) throw new Error('the link is for another block');
        } catch (error) {
          link = undefined;
          problem = `This link could not be opened: ${(error as Error).message}. Showing a fresh ${block.title}.`;
        }
      }
      return html`<sd-block-page .def=${block} .sdlab=${sdlab} .link=${link} .linkProblem=${problem} ?embed=${route.embed}
        .tours=${toursOf(block)} .tourId=${route.tour} .quiz=${quizOf(block)} .code=${codeOf(block)}></sd-block-page>`;
    }
    const lab = findLab(route.path);
    if (lab) {
      if (this.loadedLab !== lab.path) {
        lab.load().then(() => (this.loadedLab = lab.path));
        return html`<p aria-busy="true">Loading…</p>`;
      }
      const tag = unsafeStatic(lab.tag);
      return staticHtml`<${tag} .sdlab=${sdlab} .state=${route.state}></${tag}>`;
    }
    return this.catalog(route.path);
  }

  private catalog(unknownPath: string) {
    return html`
      ${unknownPath ? html`<p class="problem" role="alert">There is no page “${unknownPath}”. Here is everything there is.</p>` : nothing}
      <h1>System-design building blocks</h1>
      <p class="intro">Each block below is real C++ compiled to WebAssembly. Call its API, watch its
        internal state, and step backwards and forwards through what the algorithm did. Every page
        is a permalink.</p>
      ${domains.map((d) => html`<section class="domain" aria-label=${d.title} data-domain=${d.id}>
        <h2>${d.title}</h2>
        <p>${d.blurb}</p>
        <div class="cards">
          ${d.blocks.map((b) => html`<a class="card" href="#/${b.domain}/${b.id}" data-block="${b.domain}/${b.id}"><strong>${b.title}</strong><span>${b.summary}</span></a>`)}
          ${d.labs.map((l) => html`<a class="card lab" href="#/${l.path}" data-lab=${l.path}><strong>${l.title}</strong><span>${l.summary}</span></a>`)}
        </div>
      </section>`)}`;
  }
}

customElements.define('sd-app', SdApp);
