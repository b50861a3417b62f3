// Tours of the cache blocks for a first-time learner (see lab/tour.ts). What each sentence says
// happened is pinned by tests/web/tours.test.ts against the real calls.
import type { Tour } from '../../lab/tour';

const put = (key: string, value: string) => ({ method: 'put', args: [key, value] });
const get = (key: string) => ({ method: 'get', args: [key] });

export const cacheTours: readonly Tour[] = [
  {
    id: 'hot-key',
    block: 'lfu',
    title: 'Why LFU keeps the hot key',
    params: { capacity: 3 },
    intro: 'An LFU cache evicts the key used least often. Make one key popular, fill the three places with newcomers, and watch who has to go.',
    steps: [
      { call: put('hot', '1'), say: 'hot is cached with a use count of 1, in the frequency-1 bucket.' },
      { call: get('hot'), say: 'A hit: hot’s use count rises to 2 and it moves up to the frequency-2 bucket.' },
      { call: get('hot'), say: 'Another hit: 3 uses.' },
      { call: get('hot'), say: '4 uses. hot is the popular key.' },
      { call: put('a', '1'), say: 'a joins with a count of 1, in the lowest bucket.' },
      { call: put('b', '2'), say: 'b joins too. The cache is full: hot (4 uses), a (1) and b (1).' },
      {
        call: put('c', '3'),
        say: 'No room for c. LFU evicts from the lowest bucket, count 1, and of a and b the one used least recently: a. hot, with 4 uses, is not even a candidate. (An LRU cache would have evicted hot here: it was used longest ago.)',
      },
      { call: put('d', '4'), say: 'b goes the same way: each newcomer pushes out the newcomer before it.' },
      { call: put('e', '5'), say: 'And c. However many new keys arrive, hot stays.' },
    ],
    summary:
      'LFU kept the hot key through three evictions because it ranks keys by how often they were used, and every eviction fell on a key used once. That is its strength when popularity is stable — and its weakness when it shifts: a key that was hot keeps its count and holds its place long after it has cooled.',
  },
  {
    id: 'recency',
    block: 'lru',
    title: 'What a get buys in an LRU cache',
    params: { capacity: 3 },
    intro: 'An LRU cache keeps its keys in order of use, most recent first, and evicts from the other end. A read counts as a use.',
    steps: [
      { call: put('a', '1'), say: 'a is cached, at the head: the most recently used.' },
      { call: put('b', '2'), say: 'b goes to the head; a moves one place towards the tail.' },
      { call: put('c', '3'), say: 'c: the cache is full, and a, used longest ago, is at the tail — next in line for eviction.' },
      { call: get('a'), say: 'A hit on a moves it back to the head. Now b is at the tail.' },
      { call: put('d', '4'), say: 'd needs room: the tail goes, and that is b, not a. The get saved a.' },
      { call: get('b'), say: 'A miss: b was evicted. Reading a key keeps it; not reading it lets it go.' },
    ],
    summary:
      'LRU bets that what was used recently will be used again soon, so every hit moves a key to the head and the tail is evicted. One pass over many cold keys (a scan) walks them all through the head and flushes the keys that were hot — the case LFU handles better.',
  },
];
