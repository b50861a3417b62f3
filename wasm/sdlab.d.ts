// TypeScript declarations for the sdlab WebAssembly module (both flavours: sdlab.mjs for
// browsers, sdlab_node.js for node).
//
// Loading:  const sdlab = await createSdlab();
//
// Errors: every function and method checks its arguments. A wrong count or type throws a
// TypeError, a value that breaks a rule throws an Error, both with a message naming the function,
// the parameter and the rule ("LruCache: capacity must be an integer in [0, 1000000], got -1").
// A rejected call changes nothing and the module keeps working.
//
// Lifetimes: every class instance is a handle onto C++ memory. Call delete() when done with it;
// Emscripten 3.1.6 never garbage-collects these handles. Calling a method on a deleted handle
// throws. Functions that return plain objects (runCacheWorkload, simulateStampede, snapshot(),
// stats(), trace()) need no cleanup.

/** A handle onto a C++ object: free it with delete(). */
export interface Handle {
  delete(): void;
  isDeleted(): boolean;
}

/** One step an algorithm reported while it ran: what happened, to what, and why. */
export interface TraceStep {
  kind: string;
  subject: string;
  note: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
  hitRatio: number;
}

export interface CacheEntry {
  key: string;
  value: string;
  /** LFU only: the entry's use count. */
  frequency?: number;
}

export interface CacheSnapshot {
  capacity: number;
  size: number;
  stats: CacheStats;
  /** From the head (kept longest) to the tail (the next victim). */
  entries: CacheEntry[];
  /** LFU only: buckets from the lowest frequency up, keys most recent first. */
  buckets?: { frequency: number; keys: string[] }[];
}

/** The API shared by LruCache, LfuCache and FifoCache: string keys and values. */
export interface EvictingCache extends Handle {
  /** The value, or undefined on a miss; counts a hit or a miss and may reorder. */
  get(key: string): string | undefined;
  /** The value without counting or reordering. */
  peek(key: string): string | undefined;
  contains(key: string): boolean;
  /** Inserts or updates; returns the key evicted to make room, if any. */
  put(key: string, value: string): string | undefined;
  remove(key: string): boolean;
  clear(): void;
  size(): number;
  capacity(): number;
  stats(): CacheStats;
  /** The steps of the last call. */
  trace(): TraceStep[];
  snapshot(): CacheSnapshot;
}

export interface CacheConstructor {
  /** capacity: an integer in [0, 1000000]; 0 stores nothing. */
  new (capacity: number): EvictingCache;
}

export interface WorkloadOptions {
  policy: 'lru' | 'lfu' | 'fifo';
  capacity: number;
  /** Reads to play, up to 10,000,000 (get; on a miss, put). */
  operations: number;
  /** Distinct keys, 1 to 1,000,000. */
  universe: number;
  distribution: 'zipf' | 'uniform';
  /** Zipf exponent, 0 to 5. */
  skew: number;
  /** An integer seed: the same seed gives the same stream. */
  seed: number;
}

export interface TtlCacheStats extends CacheStats {
  /** Expired entries removed: lazily by get/peek/contains, or by sweep(). */
  expirations: number;
}

export interface TtlCacheEntry {
  key: string;
  value: string;
  /** Simulated time (ms) at which the entry expires. */
  expiresAt: number;
  /** ms left to live; 0 means expired and not yet removed (lazy expiry). */
  remaining: number;
}

export interface TtlCacheSnapshot {
  capacity: number;
  /** Counts expired entries not yet removed. */
  size: number;
  /** This cache's simulated time, ms. */
  now: number;
  stats: TtlCacheStats;
  /** LRU order: head (most recent) to tail (next victim). */
  entries: TtlCacheEntry[];
}

/**
 * An LRU cache whose entries expire on the cache's own simulated clock (starts at 0 ms; moved
 * only by advance()). An expired entry is never returned: get/peek/contains remove it (get counts
 * a miss and traces "expire"). TTLs are finite numbers of ms in [0, 31536000000] (one year).
 */
export interface TtlCache extends Handle {
  get(key: string): string | undefined;
  peek(key: string): string | undefined;
  contains(key: string): boolean;
  /** Lives for the default TTL; returns the key evicted to make room, if any. */
  put(key: string, value: string): string | undefined;
  putWithTtl(key: string, value: string, ttlMs: number): string | undefined;
  remove(key: string): boolean;
  clear(): void;
  size(): number;
  capacity(): number;
  stats(): TtlCacheStats;
  trace(): TraceStep[];
  /** Moves this cache's clock forward; ms finite in [0, 31536000000]. */
  advance(ms: number): void;
  /** This cache's simulated time, ms. */
  now(): number;
  /** Removes every expired entry; returns how many. */
  sweep(): number;
  snapshot(): TtlCacheSnapshot;
}

export interface TtlCacheConstructor {
  /** capacity: an integer in [0, 1000000]; defaultTtlMs: finite in [0, 31536000000]. */
  new (capacity: number, defaultTtlMs: number): TtlCache;
}

export interface WriteCacheStats extends CacheStats {
  /** Dirty entries written to the store, on eviction or flush(). */
  writeBacks: number;
  /** Keys whose acknowledged writes crashes lost. */
  lostWrites: number;
}

export interface WriteCacheSnapshot {
  mode: 'through' | 'back';
  capacity: number;
  size: number;
  /** Simulated time, ms: advanced by storeLatencyMs for every store read or write. */
  now: number;
  stats: WriteCacheStats;
  /** LRU order, head to tail; dirty: written to the cache but not yet to the store. */
  entries: { key: string; value: string; dirty: boolean }[];
  /** The store's contents, sorted by key. */
  store: { key: string; value: string }[];
  storeReads: number;
  storeWrites: number;
  lostWrites: number;
}

/**
 * An LRU cache in front of a simulated slow store. "through": put writes the store, then the
 * cache. "back": put marks the cached entry dirty; the store is written on eviction or flush().
 * get reads through: a miss loads from the store and caches the value.
 */
export interface WriteCache extends Handle {
  get(key: string): string | undefined;
  put(key: string, value: string): void;
  /** Removes from the cache and the store; false if neither had it. */
  remove(key: string): boolean;
  /** Writes every dirty entry to the store; returns how many. */
  flush(): number;
  /** The cache loses its contents; returns the keys whose acknowledged writes were lost. */
  crash(): string[];
  stats(): WriteCacheStats;
  trace(): TraceStep[];
  snapshot(): WriteCacheSnapshot;
}

export interface WriteCacheConstructor {
  /** capacity: an integer in [1, 1000000]; storeLatencyMs: finite in [0, 60000]. */
  new (mode: 'through' | 'back', capacity: number, storeLatencyMs: number): WriteCache;
}

/** Every field is required. */
export interface StampedeOptions {
  protection: 'none' | 'single-flight' | 'early-expiry' | 'jitter';
  /** "uniform": reader i at i·windowMs/readers; "poisson": uniform random times, sorted. */
  arrivals: 'uniform' | 'poisson';
  /** Integer in [1, 1000000]. */
  readers: number;
  /** Readers arrive over [0, windowMs); in [0.001, 3600000]. */
  windowMs: number;
  /** Hot keys, all cached at time 0; reader i reads key i mod keys. Integer in [1, 1000]. */
  keys: number;
  /** In [0.001, 3600000]. */
  ttlMs: number;
  /** How long a load from the store takes; in [0, 3600000]. */
  loadLatencyMs: number;
  /** early-expiry (XFetch) eagerness, in [0, 10]; 0 never reloads early. */
  beta: number;
  /** jitter: each write's TTL is scaled by 1 + jitter·U(−1, 1); in [0, 0.99]. */
  jitter: number;
  /** Timeline bucket width; in [max(0.001, windowMs/10000), 3600000]. */
  bucketMs: number;
  /** Integer in [0, 4294967295]. */
  seed: number;
}

export interface StampedeResult {
  /** Readers served a live value (early refreshers included). */
  hits: number;
  /** Readers that found no live value (waiters included). hits + misses = readers. */
  misses: number;
  /** single-flight: misses that waited for the load already in flight. */
  waiters: number;
  storeLoads: number;
  /** early-expiry: loads started before expiry. */
  earlyRefreshes: number;
  /** Expired values that a reader ran into. */
  expiries: number;
  maxConcurrentLoads: number;
  /** Per bucket i, covering [i·bucketMs, (i+1)·bucketMs) of the window: loads started, misses. */
  timeline: { bucketMs: number; loads: number[]; misses: number[] };
}

export interface SdlabModule {
  LruCache: CacheConstructor;
  LfuCache: CacheConstructor;
  FifoCache: CacheConstructor;
  TtlCache: TtlCacheConstructor;
  WriteCache: WriteCacheConstructor;
  runCacheWorkload(options: WorkloadOptions): CacheStats;
  /** A seeded, deterministic simulation of readers of hot keys around expiry. */
  simulateStampede(options: StampedeOptions): StampedeResult;
  /** Bytes of the WASM heap in use (for lifetime tests). */
  heapBytesInUse(): number;
}

declare function createSdlab(options?: object): Promise<SdlabModule>;
export default createSdlab;

// ───────────────────────────── Rate limiting ─────────────────────────────
//
// Seven limiters with one shape. Each is a handle (delete() it) that owns its own simulated clock,
// starting at 0 ms and moved only by advance(ms); request(cost) decides at the clock's time.
// Times are milliseconds at microsecond resolution; rates are per second. Costs are integers in
// [0, 1000000000]: cost 0 asks without consuming, and a cost above what the limiter can ever hold
// is rejected with retryAfterMs −1 (never), as x/time/rate and redis-cell do. Limits, bursts and
// capacities are integers in [1, 1000000000]; rates finite in [1e-6, 1e9]; windows and periods
// finite in [0.001, 31536000000] ms. A rejected call changes nothing.

/** What a limiter decided about one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Allowance left after this request (tokens may be fractional). */
  remaining: number;
  /** 0 when allowed; −1 when it can never be allowed; otherwise the first ms it would be. */
  retryAfterMs: number;
  /** Until the limiter is fully replenished (bucket full or empty, window reset). */
  resetAfterMs: number;
}

/** The API every limiter shares; S is its snapshot. */
export interface RateLimiter<S, D extends RateLimitDecision = RateLimitDecision> extends Handle {
  /** Decides on a request of `cost` at now(); its reason is in trace(). */
  request(cost: number): D;
  /** Moves this limiter's clock forward; ms finite in [0, 31536000000]. */
  advance(ms: number): void;
  /** This limiter's simulated time, ms. */
  now(): number;
  /** Memory the limiter holds: the object and its heap. */
  bytes(): number;
  /** The steps of the last request: [{kind: 'admit'|'reject', subject: '12.000 s', note}]. */
  trace(): TraceStep[];
  /** The state at now(), with nowMs and bytes. */
  snapshot(): S & { nowMs: number; bytes: number };
}

/** golang.org/x/time/rate AllowN semantics: full at start, fractional tokens, never borrows. */
export interface TokenBucketSnapshot {
  ratePerSec: number;
  burst: number;
  /** Tokens at now(). */
  tokens: number;
  /** Tokens stored at the last admission (lastRefillMs); x/time/rate refills lazily. */
  tokensAtLastRefill: number;
  lastRefillMs: number;
}

/** Admitted requests wait in the queue and depart at leakPerSec. */
export interface LeakyBucketQueueSnapshot {
  capacity: number;
  leakPerSec: number;
  /** Cost waiting in the queue. */
  queued: number;
  /** When the last queued request departs (nowMs when empty). */
  lastDepartureMs: number;
  /** From the head: each request's departure time. */
  queue: { departsAtMs: number; cost: number }[];
}

/** The queue's decision adds how long an admitted request waits before it departs. */
export interface LeakyBucketQueueDecision extends RateLimitDecision {
  waitMs: number;
}

/** A level draining continuously; the same decisions as a token bucket. */
export interface LeakyBucketMeterSnapshot {
  capacity: number;
  leakPerSec: number;
  /** Level at now(). */
  level: number;
}

/** Windows [k·windowMs, (k+1)·windowMs) aligned to 0. */
export interface FixedWindowSnapshot {
  limit: number;
  windowMs: number;
  windowStartMs: number;
  count: number;
}

/** The window (now − windowMs, now]. */
export interface SlidingWindowLogSnapshot {
  limit: number;
  windowMs: number;
  /** Cost logged in the window. */
  count: number;
  /** Admitted requests still in the window, oldest first. */
  log: { atMs: number; cost: number }[];
}

/** estimate = previous × weight + current, weight = 1 − (now − windowStart)/windowMs. */
export interface SlidingWindowCounterSnapshot {
  limit: number;
  windowMs: number;
  windowStartMs: number;
  previous: number;
  current: number;
  weight: number;
  estimate: number;
}

/**
 * redis-cell CL.THROTTLE semantics: emission interval T = periodMs / countPerPeriod (truncated
 * to the µs), tolerance τ = T × (maxBurst + 1), limit = maxBurst + 1.
 */
export interface GcraSnapshot {
  limit: number;
  emissionIntervalMs: number;
  toleranceMs: number;
  /** The theoretical arrival time as stored (a TAT before now means a fresh client). */
  tatMs: number;
  /** max(0, tatMs − nowMs). */
  aheadMs: number;
}

export interface RateLimiterConstructors {
  TokenBucket: new (ratePerSec: number, burst: number) => RateLimiter<TokenBucketSnapshot>;
  LeakyBucketQueue: new (capacity: number, leakPerSec: number) =>
    RateLimiter<LeakyBucketQueueSnapshot, LeakyBucketQueueDecision>;
  LeakyBucketMeter: new (capacity: number, leakPerSec: number) =>
    RateLimiter<LeakyBucketMeterSnapshot>;
  FixedWindow: new (limit: number, windowMs: number) => RateLimiter<FixedWindowSnapshot>;
  SlidingWindowLog: new (limit: number, windowMs: number) => RateLimiter<SlidingWindowLogSnapshot>;
  SlidingWindowCounter: new (limit: number, windowMs: number) =>
    RateLimiter<SlidingWindowCounterSnapshot>;
  /** maxBurst: integer in [0, 999999999]; periodMs / countPerPeriod must be >= 0.001 ms. */
  Gcra: new (maxBurst: number, countPerPeriod: number, periodMs: number) =>
    RateLimiter<GcraSnapshot>;
}

/**
 * A seeded request stream. Every field is required, whichever the pattern uses:
 *   steady: one every 1/ratePerSec s, clients in turn; bursty: `burst` at once every periodMs;
 *   poisson: rate ratePerSec, clients uniform; boundary: `burst` 1 µs before and `burst` at every
 *   other window boundary (windowMs, 3·windowMs, …); abuser: clients − 1 clients sharing
 *   ratePerSec, client 0 alone at abuserRatePerSec. At most about 2,000,000 requests.
 */
export interface TrafficOptions {
  pattern: 'steady' | 'bursty' | 'poisson' | 'boundary' | 'abuser';
  /** In [0.001, 31536000000]. */
  durationMs: number;
  ratePerSec: number;
  /** Integer in [1, 1000000000]. */
  burst: number;
  periodMs: number;
  windowMs: number;
  /** Integer in [1, 100000] ([2, 100000] for abuser). */
  clients: number;
  abuserRatePerSec: number;
  /** Every request's cost: integer in [1, 1000000000]. */
  cost: number;
  /** Integer in [0, 4294967295]. */
  seed: number;
}

/** Sorted by time; index i is one request. */
export interface Traffic {
  timesMs: Float64Array;
  clients: Uint32Array;
  costs: Uint32Array;
}

/**
 * The same traffic through all seven limiters, keyed by client, each given `limit` per windowMs
 * (token bucket: rate limit/window, burst limit; leaky buckets: capacity limit, leak
 * limit/window; GCRA: maxBurst limit − 1, limit per windowMs). Clients idle for 2·windowMs are
 * evicted (no decision changes).
 */
export interface RateLimitComparisonOptions extends TrafficOptions {
  /** Integer in [1, 1000000000]; windowMs / limit must be >= 0.001 ms. */
  limit: number;
  /** Only these algorithms, in this order (default: all seven). */
  algorithms?: RateLimitAlgorithmRun['name'][];
}

export interface RateLimitAlgorithmRun {
  name: 'tokenBucket' | 'leakyBucketQueue' | 'leakyBucketMeter' | 'fixedWindow' |
    'slidingWindowLog' | 'slidingWindowCounter' | 'gcra';
  /** 1 admitted, 0 rejected, per request in traffic order. */
  allowed: Uint8Array;
  admitted: number;
  rejected: number;
  /** The most cost one client had admitted within any windowMs (fixed window: up to 2·limit). */
  maxInWindow: number;
  /** Clients tracked at the end, and the keyed limiter's bytes then. */
  clients: number;
  bytes: number;
  bytesPerClient: number;
}

export interface RateLimitComparison extends Traffic {
  /** In this order: tokenBucket, leakyBucketQueue, leakyBucketMeter, fixedWindow, slidingWindowLog, slidingWindowCounter, gcra. */
  algorithms: RateLimitAlgorithmRun[];
}

/**
 * N app servers in front of the traffic's clients, limiting each client to `limit` per fixed
 * window of windowMs: local counters (limit/N each, or the full limit each), or one shared store
 * at round trip latencyMs, updated atomically or by a racy read-then-write. Requests made in
 * [outageStartMs, outageEndMs) cannot reach the store: failMode decides. `seed` also seeds random
 * routing.
 */
export interface DistributedLimitOptions extends TrafficOptions {
  placement: 'local-split' | 'local-full' | 'atomic' | 'racy';
  routing: 'round-robin' | 'random';
  failMode: 'open' | 'closed';
  /** Integer in [1, 1000]. */
  servers: number;
  /** Per client per window: integer in [1, 1000000000]. */
  limit: number;
  /** Round trip, in [0, 31536000000]. */
  latencyMs: number;
  outageStartMs: number;
  /** In [outageStartMs, 31536000000]; equal to outageStartMs: no outage. */
  outageEndMs: number;
}

export interface DistributedLimitResult {
  admitted: number;
  rejected: number;
  /** What one exact limiter admits for the same traffic. */
  exactAdmitted: number;
  /** Admitted cost beyond the limit, summed over every client window (0 for atomic). */
  overAdmitted: number;
  storeRoundTrips: number;
  /** Requests decided without the store during the outage. */
  unchecked: number;
  serverRequests: number[];
  serverAdmitted: number[];
}

export interface SdlabModule extends RateLimiterConstructors {
  generateTraffic(options: TrafficOptions): Traffic;
  runRateLimitComparison(options: RateLimitComparisonOptions): RateLimitComparison;
  simulateDistributedLimit(options: DistributedLimitOptions): DistributedLimitResult;
}

// ---------------------------------------------------------------------------------------------
// Probabilistic structures (wasm/probabilistic_bindings.cpp). BloomFilter, CountingBloomFilter
// and CountMinSketch are handles: delete() them. Items are strings of at most 1024 bytes.
// ---------------------------------------------------------------------------------------------

/** Either an explicit shape or a target: m = ⌈−n·ln p/(ln 2)²⌉, k = max(1, round(m/n·ln 2)). */
export type BloomShapeOptions =
  /** bits: integer in [1, 268435456]; hashes: integer in [1, 32]. */
  | { bits: number; hashes: number }
  /** expectedItems: integer in [1, 10000000]; falsePositiveRate in [1e-9, 0.5]. */
  | { expectedItems: number; falsePositiveRate: number };

export interface BloomStats {
  bits: number;
  hashes: number;
  /** add() calls so far (duplicates included; a counting filter's remove() subtracts one). */
  items: number;
  /** Set bits (non-zero counters). */
  bitsSet: number;
  fillRatio: number;
  /** −(m/k)·ln(1 − bitsSet/m); Infinity when every bit is set. */
  estimatedCount: number;
  /** (1 − e^(−k·items/m))^k. */
  falsePositiveRate: number;
  /** CountingBloomFilter only: 4 or 8. */
  counterBits?: number;
}

export interface BloomSnapshot extends BloomStats {
  /** Every cell (0/1, or counter values) when bits <= 65536; otherwise use cells(). */
  cells?: number[];
  /** Fraction of set cells in each of min(256, bits) equal slices of the array. */
  density: number[];
}

/**
 * A bloom filter (Kirsch–Mitzenmacher double hashing over XXH3). trace() after contains():
 * {kind: "probe", subject: cell index, note: "hash i: set" | "hash i: clear"} up to the first
 * clear cell, then "maybe" or "absent"; after add(): one "set" step per hash.
 */
export interface BloomFilter extends Handle {
  add(item: string): void;
  /** false: never added. true: added, or a false positive. */
  contains(item: string): boolean;
  /** The k cell indexes of the item, in hash order. */
  positions(item: string): number[];
  clear(): void;
  /** Cells [offset, offset + length), length <= 65536, within the array. */
  cells(offset: number, length: number): number[];
  stats(): BloomStats;
  snapshot(): BloomSnapshot;
  trace(): TraceStep[];
}

/**
 * A bloom filter of 4- or 8-bit counters that can remove. Removing an item with a clear counter
 * throws ("item "x" was never added (counter 12 is 0): nothing removed") and changes nothing.
 * Saturated counters stay at their maximum. Removing a false positive that was never added
 * corrupts other items' counters: remove only what was added.
 */
export interface CountingBloomFilter extends BloomFilter {
  remove(item: string): void;
}

export interface BloomFilterConstructor {
  new (options: BloomShapeOptions): BloomFilter;
}

export interface CountingBloomFilterConstructor {
  /** counterBits: 4 (default) or 8. */
  new (options: BloomShapeOptions & { counterBits?: 4 | 8 }): CountingBloomFilter;
}

/** Either a shape or error bounds: width = ⌈e/ε⌉, depth = ⌈ln(1/δ)⌉. */
export type SketchShapeOptions =
  /** width: integer in [1, 1000000]; depth: integer in [1, 32]; width·depth <= 4194304. */
  | { width: number; depth: number }
  /** epsilon in [e/1000000, 1]; delta in [1e-9, 0.99]. */
  | { epsilon: number; delta: number };

export interface SketchOptions {
  /** Conservative update (Estan & Varghese): default false. */
  conservative?: boolean;
  /** Heavy hitters to track, integer in [0, 1000]: default 0. */
  topK?: number;
}

export interface CountEntry {
  item: string;
  count: number;
}

export interface CountMinStats {
  width: number;
  depth: number;
  /** e / width. */
  epsilon: number;
  /** e^(−depth). */
  delta: number;
  conservative: boolean;
  topK: number;
  /** N: the sum of all update counts. */
  total: number;
  /** ε·N: an estimate exceeds the true count by more than this with probability <= δ. */
  bound: number;
}

export interface CountMinSnapshot extends CountMinStats {
  /** Candidates by descending estimate. */
  top: CountEntry[];
  /** rows[row][column], when width·depth <= 65536; otherwise use cells(). */
  rows?: number[][];
}

/**
 * A count-min sketch with optional top-K. trace() after update(): one "cell" step per row
 * (subject "row,column", note "a → b" or "already n: left as is"), then "read" per row and "min"
 * (the chosen cell and the estimate), and "top-enter"/"top-replace" when the top-K changes.
 * After query(): the "read" steps and "min".
 */
export interface CountMinSketch extends Handle {
  /** count: integer in [1, 1e9]; returns the new estimate. The total stays below 2^53. */
  update(item: string, count: number): number;
  /** Never below the true count. */
  query(item: string): number;
  /** The item's column in each row. */
  columns(item: string): number[];
  topK(): CountEntry[];
  clear(): void;
  /** Columns [offset, offset + length) of every row; length·depth <= 65536. */
  cells(offset: number, length: number): number[][];
  stats(): CountMinStats;
  snapshot(): CountMinSnapshot;
  trace(): TraceStep[];
}

export interface CountMinSketchConstructor {
  new (options: SketchShapeOptions & SketchOptions): CountMinSketch;
}

export interface BloomSizing {
  bits: number;
  hashes: number;
  bytes: number;
  bitsPerItem: number;
}

/** Every field is required. */
export interface BloomExperimentOptions {
  /** The filter is sized for expectedItems (integer in [1, 10000000]) at falsePositiveRate. */
  expectedItems: number;
  falsePositiveRate: number;
  /** Items added in all, integer in [1, 1000000] (past expectedItems the rate climbs). */
  maxItems: number;
  /** Evenly spaced measurements, integer in [1, 100]. */
  points: number;
  /** Items never added, tested at each point; integer in [1, 100000]. */
  probes: number;
  /** Integer in [0, 4294967295]. */
  seed: number;
}

export interface BloomExperimentResult {
  bits: number;
  hashes: number;
  points: { items: number; measured: number; theoretical: number; bitsSet: number }[];
}

/** The seeds' two-stage username check: every field is required. */
export interface UsernameCheckOptions {
  /** Usernames in the store, integer in [1, 100000]; the filter is sized for them. */
  existing: number;
  falsePositiveRate: number;
  /** Integer in [0, 1000000]. */
  queries: number;
  /** Probability that a query asks for a taken name, in [0, 1]. */
  takenShare: number;
  /** Cost of one store lookup, in [0, 10000]. */
  storeLatencyMs: number;
  seed: number;
}

export interface UsernameCheckResult {
  bits: number;
  hashes: number;
  queries: number;
  taken: number;
  /** The filter said "absent": no store lookup. */
  lookupsSaved: number;
  /** The filter said "maybe": a store lookup. */
  storeLookups: number;
  /** Store lookups that found the name free. */
  falsePositives: number;
  storeMsWithFilter: number;
  storeMsWithoutFilter: number;
}

/** A zipf stream through a sketch, against exact counts. */
export type CountMinExperimentOptions = SketchShapeOptions & {
  conservative?: boolean;
  /** Integer in [0, 10000000]. */
  updates: number;
  /** Distinct items "#0" … ("#0" hottest), integer in [1, 1000000]. */
  universe: number;
  /** Zipf exponent in [0, 5]. */
  skew: number;
  /** Integer in [0, 1000]. */
  topK: number;
  seed: number;
};

export interface CountMinExperimentResult {
  width: number;
  depth: number;
  total: number;
  /** ε·N. */
  bound: number;
  /** Distinct items seen. */
  distinct: number;
  maxError: number;
  meanError: number;
  /** Fraction of distinct items whose overcount <= bound (at least 1 − δ by the guarantee). */
  withinBound: number;
  top: CountEntry[];
  trueTop: CountEntry[];
  /** Items in both top lists. */
  topOverlap: number;
}

export interface SdlabModule {
  BloomFilter: BloomFilterConstructor;
  CountingBloomFilter: CountingBloomFilterConstructor;
  CountMinSketch: CountMinSketchConstructor;
  /** The sizing calculator: (n, p) → m, k. */
  bloomSizing(expectedItems: number, falsePositiveRate: number): BloomSizing;
  bloomExperiment(options: BloomExperimentOptions): BloomExperimentResult;
  usernameCheck(options: UsernameCheckOptions): UsernameCheckResult;
  countMinExperiment(options: CountMinExperimentOptions): CountMinExperimentResult;
}

// ---------------------------------------------------------------------------------------------
// Partitioning (wasm/partition_bindings.cpp). HashRing, RendezvousHash and JumpHash are handles:
// delete() them. Node names are 1–64 bytes and unique; weights are integers in [1, 100]; at most
// 1000 nodes. Keys are strings of at most 1024 bytes.
// ---------------------------------------------------------------------------------------------

export interface KeyMove {
  key: string;
  /** undefined when the key had no owner (no nodes). */
  from?: string;
  /** undefined when no node is left. */
  to?: string;
}

/** What a join or leave did to the tracked keys. */
export interface MoveReport {
  /** Exactly the tracked keys whose owner changed, in tracking order. */
  moved: KeyMove[];
  movedCount: number;
  /** How many of the same keys hash(key) mod N (nodes in join order) would have moved. */
  modNMoved: number;
  keyCount: number;
}

export interface PlacementSnapshot {
  /** In join order; keys: tracked keys owned. Ring only: points (weight·vnodes), share of the ring. */
  nodes: { name: string; weight: number; keys: number; points?: number; share?: number }[];
  /** position: XXH3(key) / 2^64, in [0, 1). */
  keys: { key: string; owner?: string; position: number }[];
  /** Ring only: virtual nodes per unit of weight. */
  vnodes?: number;
  /** Ring only, sorted clockwise: hash "0x…" (16 hex digits), point `index` of `node`. */
  points?: { position: number; hash: string; node: string; index: number }[];
}

/** The API shared by HashRing, RendezvousHash and JumpHash. */
export interface Placement extends Handle {
  /** Throws for an empty, long or duplicate name or a bad weight; nothing changes then. */
  addNode(name: string, weight: number): MoveReport;
  /** Throws for an unknown name. */
  removeNode(name: string): MoveReport;
  /** Tracks "key-0" … "key-<count−1>" instead of the current keys; count in [0, 100000]. */
  setKeys(count: number): void;
  /** Tracks one more key (at most 100000 in all). */
  addKey(key: string): void;
  /** The owner, or undefined with no nodes. */
  owner(key: string): string | undefined;
  trace(): TraceStep[];
  snapshot(): PlacementSnapshot;
}

/**
 * Consistent hashing with weighted virtual nodes. trace() after owner()/replicas(): "hash" (the
 * key's hash and position), "search" (subject: index of the first point at or after the hash,
 * over snapshot().points), then "skip" for points of nodes already chosen, "owner" and "replica"
 * (subject "node#index").
 */
export interface HashRing extends Placement {
  /** Up to count (integer in [1, 1000]) distinct nodes, owner first. */
  replicas(key: string, count: number): string[];
}

/** Weighted rendezvous (HRW) hashing. trace() after owner(): one "score" per node, "owner". */
export interface RendezvousHash extends Placement {
  replicas(key: string, count: number): string[];
}

/**
 * Jump consistent hash (Lamping & Veach): nodes are numbered buckets; weight must be 1 and only
 * the last node can be removed. trace() after owner(): one "jump" step.
 */
export type JumpHash = Placement;

export interface LoadSpreadOptions {
  /** Integer in [1, 100]. */
  nodes: number;
  /** Integer in [1, 1000000]. */
  keys: number;
  /** Steps 1, 2, 4, … up to maxVnodes (integer in [1, 1000]) and maxVnodes itself. */
  maxVnodes: number;
  seed: number;
}

export interface LoadSpreadPoint {
  vnodes: number;
  maxOverMean: number;
  minOverMean: number;
  /** Standard deviation of node loads over the mean. */
  stddevOverMean: number;
}

export interface SdlabModule {
  /** vnodes: virtual nodes per unit of weight, integer in [1, 1000]; at most 1000000 points. */
  HashRing: { new (vnodes: number): HashRing };
  RendezvousHash: { new (): RendezvousHash };
  JumpHash: { new (): JumpHash };
  ringLoadSpread(options: LoadSpreadOptions): LoadSpreadPoint[];
}

/** The fields of a Snowflake id: 0 | 41 bits time | 10 bits machine | 12 bits sequence. */
export interface SnowflakeParts {
  /** Milliseconds since the epoch (the simulated clock's 0). */
  timeMs: number;
  machine: number;
  sequence: number;
}

export interface SnowflakeId extends SnowflakeParts {
  /** The 64-bit id as a decimal string (BigInt(id) to compare): never a number. */
  id: string;
  /** Simulated time spent waiting for the next millisecond: > 0 only for the 4,097th id. */
  waitedMs: number;
}

export interface SnowflakeSnapshot {
  nowMs: number;
  /** lastTimeMs: the time field of the machine's last id, −1 before its first. */
  machines: { machine: number; lastTimeMs: number; sequence: number; skewMs: number }[];
}

/**
 * Snowflake id generators for machines 0 … machines−1 on one simulated clock (0 ms at the epoch).
 * trace() after next(): "id" (subject "machine m"); before it "wait" when 4,096 ids used up the
 * millisecond (the generator moves the shared clock to the next one); "backwards" when the
 * machine's clock (now + skew) reads before its last id: next() then throws and nothing changes.
 */
export interface SnowflakeCluster extends Handle {
  next(machine: number): SnowflakeId;
  /** Any id below 2^63, as decimal text. */
  decode(id: string): SnowflakeParts;
  /** ms >= 0; the clock stays within the 41-bit range (2199023255551 ms). */
  advance(ms: number): void;
  /** The machine's clock reads now + ms; ms in [−3600000, 3600000]. A step back models NTP. */
  setSkew(machine: number, ms: number): void;
  snapshot(): SnowflakeSnapshot;
  trace(): TraceStep[];
}

export interface SdlabModule {
  /** machines: integer in [1, 1024]. */
  SnowflakeCluster: { new (machines: number): SnowflakeCluster };
}

/** A live code's URL and its clicks, counting this one. */
export interface UrlFound {
  url: string;
  clicks: number;
}

/** resolve() never throws for an unknown or expired code: it says which. */
export type UrlResolution =
  | UrlFound
  | { expired: true; url: string; expiresAtMs: number }
  | { missing: true };

export interface UrlShortenerSnapshot {
  mode: 'counter' | 'hash' | 'snowflake';
  codeLength: number;
  nowMs: number;
  /** The next counter value (counter mode). */
  counter: number;
  /** Candidate codes found taken: re-hashed in hash mode, skipped otherwise. */
  collisions: number;
  /** Sorted by code; expired codes stay (and are never reused). expiresAtMs only with a TTL. */
  entries: {
    code: string;
    url: string;
    clicks: number;
    alias: boolean;
    expired: boolean;
    expiresAtMs?: number;
  }[];
}

/**
 * A URL shortener on its own simulated clock (0 ms, moved by advance()). Modes:
 * "counter": base62 (0-9a-zA-Z) of a counter from 0, padded to codeLength ("0000", "0001", …),
 * longer once 62^codeLength are used; a new code per call.
 * "hash": XXH3(url, salt) mod 62^codeLength in base62; a code taken by another URL is re-hashed
 * with salt + 1 (at most 100 tries); the same live URL gets its code back.
 * "snowflake": base62 of the whole Snowflake id (about 11 characters) from 4 servers in turn.
 * URLs: http:// or https:// (any case) and a host, no whitespace, at most 2048 bytes. Aliases:
 * 4–32 of A-Z a-z 0-9 _ -; reserved (any case): admin, api, help, login, logout, signup, static,
 * www. At most 100000 codes. trace() after a call: "counter" | "hash" | "id"+"snowflake" per
 * candidate, "collision" (subject: the taken code), then "store" or "existing"; after resolve:
 * ("decode" in counter mode), then "hit", "expired" or "missing".
 */
export interface UrlShortener extends Handle {
  shorten(url: string): string;
  /** ttlMs in [1, 315360000000]: the code expires at now + ttlMs. */
  shortenWithTtl(url: string, ttlMs: number): string;
  /** Returns alias. */
  shortenWithAlias(url: string, alias: string): string;
  /** code: at most 64 bytes. A hit counts a click. */
  resolve(code: string): UrlResolution;
  advance(ms: number): void;
  snapshot(): UrlShortenerSnapshot;
  trace(): TraceStep[];
}

export interface ShortCodeCapacityRow {
  length: number;
  /** 62^length. */
  codes: number;
  /** Years until all are used at ratePerSec new codes a second (365.25-day years). */
  years: number;
}

export interface SdlabModule {
  /** codeLength: integer in [4, 8]. */
  UrlShortener: { new (mode: 'counter' | 'hash' | 'snowflake', codeLength: number): UrlShortener };
  /** ratePerSec in [0.001, 1e9]; rows for lengths 4–8. */
  shortCodeCapacity(ratePerSec: number): ShortCodeCapacityRow[];
}

export type ShardRegion =
  | 'us-east' | 'us-west' | 'eu-west' | 'eu-central' | 'ap-south' | 'ap-northeast' | 'sa-east'
  | 'af-south';

/** What adding or splitting a shard did: exactly the keys that changed shard, in key order. */
export interface ShardMoveReport {
  moved: { key: string; from: number; to: number }[];
  movedCount: number;
  keyCount: number;
}

export interface ShardingSnapshot {
  strategy: 'hash' | 'range' | 'geo';
  keyCount: number;
  /**
   * By index (creation order; a shard keeps its index). keys: the keys it holds, in byte order.
   * range: [from, to) in byte order, to absent for the last range. regions: geo only.
   */
  shards: {
    index: number;
    count: number;
    keys: string[];
    range?: { from: string; to?: string };
    regions?: ShardRegion[];
  }[];
}

/**
 * Keys spread over numbered shards. "hash": XXH3(key) mod N; addShard() re-hashes every key (about
 * N/(N+1) move). "range": shards own byte-order ranges, the first N starting at evenly spaced
 * characters of 0-9A-Za-z ("", "F", "V", "k" for 4); sequential keys all land on the last range
 * (the hotspot); splitShard(i) splits shard i at its median key and only the upper half moves to a
 * new shard; addShard() splits the shard with the most keys. "geo": a key goes to its region's
 * shard (regions dealt round-robin at start); addShard() gives the new shard the busiest region of
 * the busiest shard serving two or more, and only that region's keys move. Keys: 1–256 bytes, at
 * most 100000; at most 64 shards. trace() after put()/get(): "hash" | "range" | "region" (the
 * routing, subject: the key), then "store" after put, or "missing"; after addShard()/splitShard():
 * "add" or "split", then one "moved" step (subject: how many).
 */
export interface Sharding extends Handle {
  /** region: a ShardRegion under geo, ignored otherwise (pass ""). Returns the key's shard. */
  put(key: string, region: string): number;
  /** The shard holding key, or undefined when it is not stored. */
  get(key: string): number | undefined;
  addShard(): ShardMoveReport;
  /** Range only; the shard must hold at least 2 keys. */
  splitShard(index: number): ShardMoveReport;
  snapshot(): ShardingSnapshot;
  trace(): TraceStep[];
}

export interface SdlabModule {
  /** shards: integer in [1, 32]. */
  Sharding: { new (strategy: 'hash' | 'range' | 'geo', shards: number): Sharding };
}
