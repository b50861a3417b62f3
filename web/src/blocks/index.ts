// The catalog: every block and lab page, by domain, with the domain's tours, quiz questions and
// the code beside each block's picture.
// A new block adds its BlockDef here.
import type { BlockDef } from '../lab/block';
import type { BlockCode } from '../lab/code';
import type { Quiz } from '../lab/quiz';
import type { Tour } from '../lab/tour';
import { cacheBlocks } from './cache/cache-blocks';
import { cacheCode } from './cache/cache-code';
import { cacheQuizzes } from './cache/cache-quiz';
import { cacheTours } from './cache/cache-tours';
import { cacheCompareBlock } from './cache/compare-block';
import { messagingBlocks } from './messaging/messaging-blocks';
import { messagingCode } from './messaging/messaging-code';
import { messagingQuizzes } from './messaging/messaging-quiz';
import { messagingTours } from './messaging/messaging-tours';
import { partitionBlocks } from './partition/partition-blocks';
import { partitionCode } from './partition/partition-code';
import { partitionQuizzes } from './partition/partition-quiz';
import { partitionTours } from './partition/partition-tours';
import { shardingBlock } from './partition/sharding-block';
import { snowflakeBlock } from './partition/snowflake-block';
import { urlShortenerBlock } from './partition/url-shortener-block';
import { probabilisticBlocks } from './probabilistic/probabilistic-blocks';
import { probabilisticCode } from './probabilistic/probabilistic-code';
import { probabilisticQuizzes } from './probabilistic/probabilistic-quiz';
import { probabilisticTours } from './probabilistic/probabilistic-tours';
import { rateLimitLockstepBlock } from './ratelimit/lockstep-block';
import { rateLimitBlocks } from './ratelimit/ratelimit-blocks';
import { rateLimitCode } from './ratelimit/ratelimit-code';
import { rateLimitQuizzes } from './ratelimit/ratelimit-quiz';
import { rateLimitTours } from './ratelimit/ratelimit-tours';

export interface Domain {
  id: string;
  title: string;
  blurb: string;
  blocks: readonly BlockDef[];
  /** Pages beyond single blocks: comparisons, experiments. */
  labs: readonly { path: string; title: string; summary: string; load: () => Promise<unknown>; tag: string }[];
  tours: readonly Tour[];
  /** Quiz mode's questions, by block id. */
  quizzes: Readonly<Record<string, Quiz>>;
  /** The code beside the picture, by block id. */
  code: Readonly<Record<string, BlockCode>>;
}

export const domains: readonly Domain[] = [
  {
    id: 'cache',
    title: 'Caching',
    blurb: 'Eviction policies, expiry, write policies and stampedes.',
    blocks: [...cacheBlocks, cacheCompareBlock],
    labs: [
      { path: 'cache/stampede', title: 'Cache stampede', summary: 'A crowd of readers at expiry: none vs single-flight vs early expiry vs jitter.', load: () => import('./cache/sd-cache-stampede'), tag: 'sd-cache-stampede' },
      { path: 'cache/experiment', title: 'Hit ratio vs capacity', summary: 'Up to 1,000,000 zipf-distributed reads per point, computed in WebAssembly off the main thread.', load: () => import('./cache/sd-cache-experiment'), tag: 'sd-cache-experiment' },
    ],
    tours: cacheTours,
    quizzes: cacheQuizzes,
    code: cacheCode,
  },
  {
    id: 'ratelimit',
    title: 'Rate limiting',
    blurb: 'Seven algorithms on a simulated clock, the same traffic through all of them, and limits shared across servers.',
    blocks: [...rateLimitBlocks, rateLimitLockstepBlock],
    labs: [
      { path: 'ratelimit/compare', title: 'Traffic lab', summary: 'Steady, bursty, Poisson, the window-boundary attack or one abuser, through all seven in lockstep.', load: () => import('./ratelimit/sd-ratelimit-compare'), tag: 'sd-ratelimit-compare' },
      { path: 'ratelimit/distributed', title: 'Distributed limits', summary: 'Servers with local limiters or a shared store, atomic or racy, and what a store outage does.', load: () => import('./ratelimit/sd-ratelimit-distributed'), tag: 'sd-ratelimit-distributed' },
    ],
    tours: rateLimitTours,
    quizzes: rateLimitQuizzes,
    code: rateLimitCode,
  },
  {
    id: 'probabilistic',
    title: 'Probabilistic structures',
    blurb: 'Bloom filters and count-min sketches: small, fast, and wrong in ways you can bound.',
    blocks: probabilisticBlocks,
    labs: [
      { path: 'probabilistic/bloom-experiment', title: 'Bloom filter: false positives', summary: 'Measured against theory as the filter fills, up to 1,000,000 items in a worker; the username check; sizing.', load: () => import('./probabilistic/sd-bloom-experiment'), tag: 'sd-bloom-experiment' },
      { path: 'probabilistic/count-min-experiment', title: 'Count-min: error and heavy hitters', summary: 'Overcount against ε·N on a zipf stream, plain vs conservative update, top-K vs the true top-K.', load: () => import('./probabilistic/sd-count-min-experiment'), tag: 'sd-count-min-experiment' },
    ],
    tours: probabilisticTours,
    quizzes: probabilisticQuizzes,
    code: probabilisticCode,
  },
  {
    id: 'partition',
    title: 'Partitioning & ids',
    blurb: 'Where a key lives and what it is called: consistent hashing, rendezvous and jump hash, sharding and what moves when nodes come and go; Snowflake ids and short codes.',
    blocks: [...partitionBlocks, shardingBlock, snowflakeBlock, urlShortenerBlock],
    labs: [
      { path: 'partition/load-spread', title: 'Ring load spread', summary: 'Busiest and idlest node against virtual nodes, up to 1,000,000 keys in a worker.', load: () => import('./partition/sd-ring-spread'), tag: 'sd-ring-spread' },
    ],
    tours: partitionTours,
    quizzes: partitionQuizzes,
    code: partitionCode,
  },
  {
    id: 'messaging',
    title: 'Messaging and async work',
    blurb: 'Queues between producers and consumers: at-least-once delivery, visibility timeouts, redelivery, dead letters and dedup.',
    blocks: messagingBlocks,
    labs: [
      { path: 'messaging/delivery', title: 'At-least-once delivery', summary: 'A producer, a queue and crashing consumers on a simulated network, step by step: duplicates for the plain consumer, none for the idempotent one.', load: () => import('./messaging/sd-delivery-lab'), tag: 'sd-delivery-lab' },
    ],
    tours: messagingTours,
    quizzes: messagingQuizzes,
    code: messagingCode,
  },
];

export const allBlocks: readonly BlockDef[] = domains.flatMap((d) => d.blocks);

export function findBlock(key: string): BlockDef | undefined {
  return allBlocks.find((b) => `${b.domain}/${b.id}` === key);
}

/** The tours of `def`. */
export function toursOf(def: BlockDef): readonly Tour[] {
  return domains.find((d) => d.id === def.domain)?.tours.filter((tour) => tour.block === def.id) ?? [];
}

/** The questions quiz mode asks on `def`, if it has any. */
export function quizOf(def: BlockDef): Quiz | undefined {
  return domains.find((d) => d.id === def.domain)?.quizzes[def.id];
}

/** The code the page of `def` shows beside its picture, if it has any. */
export function codeOf(def: BlockDef): BlockCode | undefined {
  return domains.find((d) => d.id === def.domain)?.code[def.id];
}

export function findLab(path: string) {
  return domains.flatMap((d) => d.labs).find((l) => l.path === path);
}

/** The document title of the page at `path`: "LRU cache · Caching · sdlab". */
export function pageTitle(path: string): string {
  for (const domain of domains) {
    const page = domain.blocks.find((b) => `${b.domain}/${b.id}` === path) ?? domain.labs.find((l) => l.path === path);
    if (page) return `${page.title} · ${domain.title} · sdlab`;
  }
  return `${path ? 'No such page' : 'System-design building blocks'} · sdlab`;
}
