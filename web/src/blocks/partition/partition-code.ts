// The code beside each partitioning block's picture: its C++ file and its methods as pseudocode,
// each line lit by the trace steps named after it (see lab/code.ts).
import { pseudocode, type BlockCode } from '../../lab/code';

export const partitionCode: Readonly<Record<string, BlockCode>> = {
  'consistent-hashing': {
    file: 'core/partition/hash_ring.cpp',
    pseudocode: pseudocode(
      ['addNode(name, weight): put weight × vnodes points on the ring at hash(name#i)', 'join'],
      ['removeNode(name): take its points off the ring', 'leave'],
      ['replicas(key, n):', 'lookup'],
      ['  h = hash(key)', 'hash'],
      ['  if the ring has no points: no owner', 'empty'],
      ['  binary search: the first point at or after h (past the last, wrap to 0)', 'search'],
      '  walk clockwise from there:',
      ['    a point of a node already chosen: skip it', 'skip'],
      ['    else choose its node: the first is the owner, the next are replicas', 'owner', 'replica'],
    ),
  },
  rendezvous: {
    file: 'core/partition/rendezvous.h',
    pseudocode: pseudocode(
      ['owner(key):', 'lookup'],
      ['  for each node: score = hash(key, node) (× its weight)', 'score'],
      ['  the owner is the node with the highest score', 'owner'],
    ),
  },
  'jump-hash': {
    file: 'core/partition/jump_hash.h',
    pseudocode: pseudocode(
      ['owner(key):', 'lookup'],
      '  b = −1, j = 0, k = hash(key)',
      '  while j < number of buckets:',
      '    b = j;  k = k × 2862933555777941757 + 1',
      ['    j = (b + 1) × 2^31 / ((k >> 33) + 1): a jump from b to j', 'jump'],
      ['  the owner is node b', 'owner'],
    ),
  },
  sharding: {
    file: 'core/partition/sharding.cpp',
    pseudocode: pseudocode(
      'put(key) routes the key:',
      ['  by hash: shard = hash(key) mod N', 'hash'],
      ['  by range: the shard whose range holds the key', 'range'],
      ['  by region: the shard the key\'s region maps to', 'region'],
      ['  the shard stores it', 'store'],
      ['get(key): route it; not there: missing', 'missing'],
      ['addShard(): by hash, N changes and most keys move', 'add'],
      ['splitShard(s): by range, half of one shard moves', 'split'],
      ['  count the keys that moved', 'moved'],
    ),
  },
  snowflake: {
    file: 'core/partition/snowflake.h',
    pseudocode: pseudocode(
      'next() at now (ms):',
      ['  if now < last: refuse: the clock went back', 'backwards'],
      '  if now = last: sequence += 1',
      ['    4096 used this ms: wait for the next ms', 'wait'],
      ['    at the end of the time range: refuse', 'exhausted'],
      '  else: sequence = 0, last = now',
      ['  id = (now − epoch) << 22 | machine << 12 | sequence', 'id'],
    ),
  },
  'url-shortener': {
    file: 'core/partition/url_shortener.cpp',
    pseudocode: pseudocode(
      'shorten(url, ttl):',
      '  check the URL; try candidates up to the attempt limit:',
      ['    counter: the next counter in base62', 'counter'],
      ['    hash: XXH3(url, salt) mod 62^length', 'hash'],
      ['    snowflake: the next id of a server, in base62', 'snowflake'],
      ['    the code is the same URL\'s already: reuse it', 'existing'],
      ['    the code is taken: try the next salt or counter', 'collision'],
      ['  store code → url, its expiry and 0 clicks', 'store'],
      'resolve(code):',
      ['  counter mode: decode base62 to the counter', 'decode'],
      ['  no such code: missing', 'missing'],
      ['  past its expiry: expired', 'expired'],
      ['  count a click, return the URL', 'hit'],
    ),
  },
};
