// Quiz mode on the caches (see lab/quiz.ts): which key a put evicts, whether a get hits; in front
// of a slow store, where a get finds its value and how many acknowledged writes a crash loses.
// Answers come from the steps the real call reported.
import type { CacheSnapshot, WriteCacheSnapshot } from 'sdlab-wasm';
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

const [cache, store, nowhere] = ['the cache', 'the slow store', 'nowhere: absent'];

const writeCacheQuiz: Quiz = (op, before) => {
  if (op.method === 'get') {
    return {
      ask: `Where will ${formatCall(op)} find its value?`,
      choices: [cache, store, nowhere],
      answer: (after) => (after.trace.some((s) => s.kind === 'hit') ? cache : after.trace.some((s) => s.kind === 'load') ? store : nowhere),
    };
  }
  if (op.method === 'crash') {
    const cached = (before.state as WriteCacheSnapshot).entries.length;
    return {
      ask: `How many acknowledged writes will ${formatCall(op)} lose?`,
      choices: Array.from({ length: cached + 1 }, (_, n) => String(n)),
      answer: (after) => String(after.trace.filter((s) => s.kind === 'lost').length),
    };
  }
  return op.method === 'put' ? cacheQuiz(op, before) : undefined;
};

/** By block id. */
export const cacheQuizzes: Readonly<Record<string, Quiz>> = {
  lru: cacheQuiz, lfu: cacheQuiz, fifo: cacheQuiz, ttl: cacheQuiz, 'write-through': writeCacheQuiz, 'write-back': writeCacheQuiz,
};
