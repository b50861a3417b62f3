// <sd-actors>: the view of a block with several actors, each drawn by its own view side by side —
// a lockstep comparison or N servers without a view of their own.
import { css, html } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { ActorsView } from './actors-view';

export class SdActors extends ActorsView {
  static styles = css`
    :host { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 0.75rem; margin-top: 0.75rem; }
    section { border: 1px solid var(--line); border-radius: 10px; padding: 0.6rem; min-width: 0; }
    h3 { margin: 0 0 0.5rem; font-size: 1rem; }
  `;

  render() {
    return this.actors.map((actor, a) => {
      const view = unsafeStatic(actor.view ?? 'div');
      return html`<section aria-label=${actor.title} data-actor=${actor.id}>
        <h3>${actor.title}</h3>
        ${staticHtml`<${view} .frame=${this.frames[a]} .previous=${this.previous[a]} .history=${this.histories[a]} block-id=${actor.id}></${view}>`}
      </section>`;
    });
  }
}

customElements.define('sd-actors', SdActors);
