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
