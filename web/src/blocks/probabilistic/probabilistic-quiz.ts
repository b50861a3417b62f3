// Quiz mode on the bloom filters (see lab/quiz.ts): will contains() say “maybe” or “definitely
// not”? The answer is the real result.
import { formatCall } from '../../lab/block';
import type { Quiz } from '../../lab/quiz';

const [maybe, no] = ['maybe', 'definitely not'];

const containsQuiz: Quiz = (op) =>
  op.method === 'contains'
    ? { ask: `Will ${formatCall(op)} say maybe or definitely not?`, choices: [maybe, no], answer: (after) => (after.result ? maybe : no) }
    : undefined;

/** By block id. */
export const probabilisticQuizzes: Readonly<Record<string, Quiz>> = { bloom: containsQuiz, 'counting-bloom': containsQuiz };
