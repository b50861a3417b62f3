// ActorsView: the base of the view of a block with several actors. The block page gives it, one
// per actor, the frame on show, the one before and every frame up to the one on show, and the
// actors themselves (ids, titles, each one's own view).
import { LitElement, type PropertyDeclarations } from 'lit';
import type { ActorDef } from '../lab/block';
import type { Frame } from '../lab/lab';

export class ActorsView extends LitElement {
  static properties: PropertyDeclarations = {
    frames: { attribute: false },
    previous: { attribute: false },
    histories: { attribute: false },
    actors: { attribute: false },
  };
  declare frames: Frame[];
  declare previous: (Frame | undefined)[];
  declare histories: Frame[][];
  declare actors: readonly ActorDef[];
}
