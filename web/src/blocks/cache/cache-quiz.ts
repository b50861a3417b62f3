// Quiz mode on the eviction caches (see lab/quiz.ts): which key a put evicts, whether a get hits.
// Answers come from the steps the real call reported.
import type { CacheSnapshot } from 'sdlab-wasm';
import { formatCall } from '../../lab/block';
import { type Quiz, reported } from '../../lab/quiz';

const cacheQuiz: Quiz = (op, before) => {
  if (op.method === 'put' || op.method === 'putWithTtl') {
    const keys = (before.state as CacheSnapshot).entries.map((entry) => entry.key);
    return { ask: `Which key will ${formatCall(op)} evict?`, choices: [...keys, 'none'], answer: (after) => reported(after, 'evict', 'none') };
  }
  if (op.method === 'get') {
    return { ask: `Will ${formatCall(op)} hit or miss?`, choices: ['hit', 'miss'], answer: (after) => (after.trace.some((s) => s.kind === 'hit') ? 'hit' : 'miss') };
  }
  return undefined;
};

/** By block id. */
export const cacheQuizzes: Readonly<Record<string, Quiz>> = { lru: cacheQuiz, lfu: cacheQuiz, fifo: cacheQuiz, ttl: cacheQuiz };
