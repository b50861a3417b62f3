// Quiz mode on the probabilistic structures (see lab/quiz.ts): will a bloom filter's contains()
// say “maybe” or “definitely not”; what will a count-min update do to the top-K heavy hitters?
// The answer is the real result, or the steps the real call reported.
import { formatCall } from '../../lab/block';
import type { Quiz } from '../../lab/quiz';

const [maybe, no] = ['maybe', 'definitely not'];

const containsQuiz: Quiz = (op) =>
  op.method === 'contains'
    ? { ask: `Will ${formatCall(op)} say maybe or definitely not?`, choices: [maybe, no], answer: (after) => (after.result ? maybe : no) }
    : undefined;

const [joins, replaces, stays] = ['it joins them', 'it pushes one out', 'no change'];

const topKQuiz: Quiz = (op) =>
  op.method === 'update'
    ? {
        ask: `What will ${formatCall(op)} do to the top-K candidates?`,
        choices: [joins, replaces, stays],
        answer: (after) => (after.trace.some((s) => s.kind === 'top-enter') ? joins : after.trace.some((s) => s.kind === 'top-replace') ? replaces : stays),
      }
    : undefined;

/** By block id. */
export const probabilisticQuizzes: Readonly<Record<string, Quiz>> = { bloom: containsQuiz, 'counting-bloom': containsQuiz, 'count-min': topKQuiz };
