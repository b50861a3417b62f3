// StateView<S>: the base of every block's state picture, typed by the snapshot S of the block it
// draws (a type generated from the module, imported from 'sdlab-wasm'). The block page gives it
// the frame on show, the one before (for change highlighting), every frame up to the one on show
// (for histories) and the block's id (one view may serve several blocks).
import { LitElement, type PropertyDeclarations, css } from 'lit';
import type { Frame } from '../lab/lab';

/** A frame whose state is a snapshot of type S. */
export type ViewFrame<S> = Omit<Frame, 'state'> & { state: S };

export class StateView<S> extends LitElement {
  static properties: PropertyDeclarations = {
    frame: { attribute: false },
    previous: { attribute: false },
    history: { attribute: false },
    blockId: { attribute: 'block-id' },
  };
  declare frame: ViewFrame<S>;
  declare previous: ViewFrame<S> | undefined;
  declare history: ViewFrame<S>[];
  declare blockId: string;
}

/** A row of labelled figures: <dl class="stats"><div><dt>…</dt><dd>…</dd></div>…</dl>. */
export const statsStyles = css`
  .stats { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.75rem; font-variant-numeric: tabular-nums; }
  .stats div { display: flex; gap: 0.35rem; }
  .stats dt { color: var(--muted); }
  .stats dd { margin: 0; font-weight: 600; }
`;
