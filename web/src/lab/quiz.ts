// Quiz mode: before a call the learner predicts what it will do — which key a put evicts, whether
// a limiter admits a request, whether a bloom filter says maybe — then the call is made and the
// prediction marked. A block says which of its calls it asks about (a `Quiz`, written in its
// domain's <domain>-quiz.ts); the right answer is always read from the frame the real call made
// (its result, its trace, its state), never worked out by a second implementation.
import type { Op } from './block';
import type { Frame } from './lab';

/** A prediction asked before a call. */
export interface Question {
  ask: string;
  /** What the learner picks from; `answer` returns one of them. */
  choices: readonly string[];
  /** The right choice, read from the frame the call made. */
  answer(after: Frame): string;
}

/** The question to ask before `op` is made on the state `before`; undefined: not asked about. */
export type Quiz = (op: Op, before: Frame) => Question | undefined;

/** A question answered: what was picked and what the call did. */
export interface Marked {
  ask: string;
  picked: string;
  answer: string;
}

/** The subject of the first step of `kind` the call reported, or `otherwise`. */
export function reported(after: Frame, kind: string, otherwise: string): string {
  return after.trace.find((step) => step.kind === kind)?.subject ?? otherwise;
}
