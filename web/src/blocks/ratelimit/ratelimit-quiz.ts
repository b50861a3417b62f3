// Quiz mode on the rate limiters (see lab/quiz.ts): will a request be admitted or rejected? The
// answer is the real decision.
import type { RateLimitDecision } from 'sdlab-wasm';
import { formatCall } from '../../lab/block';
import type { Quiz } from '../../lab/quiz';
import { rateLimitBlocks } from './ratelimit-blocks';

const requestQuiz: Quiz = (op) =>
  op.method === 'request'
    ? {
        ask: `Will ${formatCall(op)} be admitted or rejected?`,
        choices: ['admitted', 'rejected'],
        answer: (after) => ((after.result as RateLimitDecision).allowed ? 'admitted' : 'rejected'),
      }
    : undefined;

/** By block id: every single limiter. */
export const rateLimitQuizzes: Readonly<Record<string, Quiz>> = Object.fromEntries(rateLimitBlocks.map((block) => [block.id, requestQuiz]));
