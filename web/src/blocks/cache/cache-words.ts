// What a cache call did, in words: the steps core/cache reported (hit at position 3, moved to the
// head; evicted b, least recently used), the value read, and what a clock step or a crash did.
import type { CacheSnapshot, TraceStep, WriteCacheSnapshot } from 'sdlab-wasm';
import type { Phrases, Said, Words } from '../../lab/block';
import { byMethod, changes, figure, listed, plural, quoted, seconds, stepWords } from '../../lab/words';

const key = (said: Said) => quoted(String(said.op.args[0]));
const name = (s: TraceStep) => quoted(s.subject);

/** " at position 3 of 3" (LRU and FIFO), " (used 2 times)" (LFU). */
function where(s: TraceStep): string {
  const position = figure(s, 'position');
  const size = figure(s, 'size');
  if (!Number.isNaN(figure(s, 'count'))) return ` (used ${plural(figure(s, 'count'), 'time')})`;
  if (Number.isNaN(position)) return '';
  if (position === 0) return ' at the head';
  return ` at position ${position + 1}${Number.isNaN(size) ? '' : ` of ${size}`}`;
}

/** Every step core/cache reports, in words. */
export const cachePhrases: Phrases = {
  hit: (s) => `hit ${name(s)}${where(s)}`,
  miss: (s) => `miss: ${name(s)} is not cached`,
  promote: (s) => (Number.isNaN(figure(s, 'count')) ? 'moved to the head' : `its use count is now ${figure(s, 'count')}`),
  insert: (s) => `inserted ${name(s)}${Number.isNaN(figure(s, 'count')) ? where(s) : ' with use count 1'}`,
  update: (s) => `updated ${name(s)}${where(s)}`,
  evict: (s) => `evicted ${name(s)} (${s.note})`,
  reject: () => 'capacity 0: nothing is stored',
  remove: (s) => `removed ${name(s)}${where(s)}`,
  expire: (s) => `${name(s)} had expired: removed`,
  'store-write': (s) => `wrote ${name(s)} to the store first`,
  dirty: (s) => `${name(s)} is dirty: acknowledged, the store is written later`,
  'write-back': (s) => `wrote ${name(s)} back to the store (${s.note})`,
  load: (s) => `read ${name(s)} through from the store`,
  absent: (s) => `${name(s)} is not in the store either`,
  crash: () => 'the cache process died',
  lost: (s) => `lost the acknowledged write of ${name(s)}`,
};

/** The steps in words, or `otherwise` when the call reported none. */
const steps = (said: Said, otherwise: () => string) => stepWords(said.trace, cachePhrases) || otherwise();

function read(said: Said): string {
  const value = said.result === undefined ? '' : `: ${quoted(String(said.result))}`;
  return steps(said, () => (said.result === undefined ? `${key(said)} is not cached` : `found ${key(said)}`)) + value;
}

/** TTL entries whose time is over but which are still stored (removed on their next read or a sweep). */
const expired = (state: unknown) => (state as CacheSnapshot).entries.filter((e) => e.remaining !== undefined && e.remaining <= 0).length;

export const cacheWords: Words = byMethod({
  put: (said) => steps(said, () => changes(said.before, said.state)),
  putWithTtl: (said) => `${steps(said, () => changes(said.before, said.state))}; lives ${seconds(said.op.args[2] as number)}`,
  get: read,
  peek: (said) => (said.result === undefined ? `${key(said)} is not cached` : `${key(said)} is ${quoted(String(said.result))} (a peek changes no order)`),
  contains: (said) => `${key(said)} is ${said.result ? '' : 'not '}cached`,
  remove: (said) => (said.result ? steps(said, () => `removed ${key(said)}`) : `${key(said)} was not cached: nothing removed`),
  clear: (said) => `cleared ${plural((said.before as CacheSnapshot).size, 'entry', 'entries')}`,
  advance: (said) => {
    const now = (said.state as CacheSnapshot).now ?? 0;
    const newly = expired(said.state) - expired(said.before);
    return `the clock moved on ${seconds(said.op.args[0] as number)} to ${seconds(now)}${newly > 0 ? `; ${plural(newly, 'entry', 'entries')} expired (removed on the next read or sweep)` : ''}`;
  },
  sweep: (said) => {
    const gone = said.trace.filter((s) => s.kind === 'expire').map(name);
    return gone.length ? `swept ${plural(gone.length, 'expired entry', 'expired entries')}: ${listed(gone)}` : 'swept: nothing had expired';
  },
  flush: (said) => `flushed ${plural(said.result as number, 'dirty entry', 'dirty entries')} to the store`,
  crash: (said) => {
    const lost = (said.result as string[]).map(quoted);
    const store = (said.state as WriteCacheSnapshot).store.length;
    return `the cache crashed and lost its entries; ${lost.length ? `the acknowledged writes of ${listed(lost)} never reached the store` : 'no acknowledged write was lost'} (the store holds ${plural(store, 'key')})`;
  },
});
