// StateView<S, H>: the base of every block's state picture, typed by the snapshot S of the block it
// draws and the handle H whose calls made it (types generated from the module, imported from
// 'sdlab-wasm'). The block page gives it the frame on show, the one before (for change
// highlighting), every frame up to the one on show (for histories), the sub-step on show and the
// block's id (one view may serve several blocks). resultOf('request') is the result of the call on
// show, typed by H. Between steps the picture moves: a view marks its elements (data-flip,
// data-morph, data-grow, data-flash, data-draw; see motion.ts) and the base animates them after
// every update but the first.
import { LitElement, type PropertyDeclarations, type PropertyValues, css } from 'lit';
import type { Frame } from '../lab/lab';
import { Motion } from './motion';

/** A frame whose state is a snapshot of type S. */
export type ViewFrame<S> = Omit<Frame, 'state'> & { state: S };

/** The names of H's methods. */
type MethodOf<H> = { [K in keyof H]: H[K] extends (...args: never[]) => unknown ? K : never }[keyof H] & string;
/** What H's method M returns (for a union of handles, any of theirs). */
type ResultOf<H, M extends PropertyKey> = H extends unknown
  ? M extends keyof H ? (H[M] extends (...args: never[]) => infer R ? R : never) : never
  : never;

export class StateView<S, H = never> extends LitElement {
  static properties: PropertyDeclarations = {
    frame: { attribute: false },
    previous: { attribute: false },
    history: { attribute: false },
    substep: { attribute: false },
    blockId: { attribute: 'block-id' },
  };
  declare frame: ViewFrame<S>;
  declare previous: ViewFrame<S> | undefined;
  declare history: ViewFrame<S>[];
  /** The index in frame.trace of the step the page's sub-step cursor is on; undefined: the whole
   *  call. A view that draws a call's steps draws those up to it and marks it. */
  declare substep: number | undefined;
  declare blockId: string;
  private readonly motion = new Motion();

  protected willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.hasUpdated) this.motion.capture(this.renderRoot);
  }

  protected updated(changed: PropertyValues): void {
    super.updated(changed);
    // A new step is a new call on show; a re-render of the same step (a refused call) lights nothing.
    const before = changed.get('frame') as ViewFrame<S> | undefined;
    this.motion.play(this.renderRoot, before !== undefined && before.op !== this.frame.op);
  }

  /** The steps of the call on show up to the sub-step (all of them when there is none), and the
   *  sub-step itself. */
  protected get stepsSoFar(): { steps: Frame['trace']; current: Frame['trace'][number] | undefined } {
    const trace = this.frame.trace;
    if (this.substep === undefined) return { steps: trace, current: undefined };
    return { steps: trace.slice(0, this.substep + 1), current: trace[this.substep] };
  }

  /** The result of `frame`'s call when it was `method`, else undefined. The Lab records what the
   *  handle's method returned, so it has the type the module declares for it. */
  protected resultOf<M extends MethodOf<H>>(method: M, frame: ViewFrame<S> = this.frame): ResultOf<H, M> | undefined {
    return frame.op?.method === method ? (frame.result as ResultOf<H, M>) : undefined;
  }
}

/** A row of labelled figures: <dl class="stats"><div><dt>…</dt><dd>…</dd></div>…</dl>. */
export const statsStyles = css`
  .stats { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.75rem; font-variant-numeric: tabular-nums; }
  .stats div { display: flex; gap: 0.35rem; }
  .stats dt { color: var(--muted); }
  .stats dd { margin: 0; font-weight: 600; }
`;
