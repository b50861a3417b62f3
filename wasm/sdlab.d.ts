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
// throws. Functions that return plain objects (runCacheWorkload, snapshot(), stats(), trace())
// need no cleanup.

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

export interface SdlabModule {
  LruCache: CacheConstructor;
  LfuCache: CacheConstructor;
  FifoCache: CacheConstructor;
  runCacheWorkload(options: WorkloadOptions): CacheStats;
  /** Bytes of the WASM heap in use (for lifetime tests). */
  heapBytesInUse(): number;
}

declare function createSdlab(options?: object): Promise<SdlabModule>;
export default createSdlab;
