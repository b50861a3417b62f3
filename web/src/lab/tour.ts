// Tours: short guided runs of one block for a first-time learner, written as data in each domain's
// <domain>-tours.ts. A tour names its block, the parameters it starts from (over the block's
// defaults) and its calls, each with the sentence the page shows as narration once the call is
// made; an intro comes before the first call and a summary after the last. The page plays a tour
// on a fresh run one call at a time (Next, Previous: the tour's step is the step on show), and
// `#/<domain>/<block>?tour=<id>` opens a block with a tour playing, so an embed can name one.
import { type BlockDef, type Op, type Params, defaultParams, sameCall } from './block';

export interface TourStep {
  call: Op;
  /** Shown once the call is made: what happened and why. */
  say: string;
}

export interface Tour {
  /** In URLs (?tour=<id>); unique among the block's tours. */
  id: string;
  /** The block's id in its domain. */
  block: string;
  title: string;
  /** Over the block's defaults. */
  params: Params;
  intro: string;
  steps: readonly TourStep[];
  summary: string;
}

/** What the tour says at step `step` of its run: the intro, a step's sentence, or (after the last
 *  step) that sentence and the summary. */
export function tourText(tour: Tour, step: number): { say: string; summary?: string } {
  if (step === 0) return { say: tour.intro };
  const say = tour.steps[step - 1].say;
  return step === tour.steps.length ? { say, summary: tour.summary } : { say };
}

/** The parameters the tour's run starts from. */
export function tourParams(def: BlockDef, tour: Tour): Params {
  return { ...defaultParams(def), ...tour.params };
}

/** Whether a link is the tour's run at some step: its parameters, and its calls how the tour's begin. */
export function isTourRun(def: BlockDef, tour: Tour, link: { params: Params; ops: readonly Op[] }): boolean {
  const params = tourParams(def, tour);
  return (
    def.params.every((field) => JSON.stringify(link.params[field.name]) === JSON.stringify(params[field.name])) &&
    link.ops.length <= tour.steps.length &&
    link.ops.every((op, i) => sameCall(op, tour.steps[i].call))
  );
}
