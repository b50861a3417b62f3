// What a partitioning call did, in words: who owns a key and how the lookup found it (the ring's
// hash and point, the winning score, the jumps), which keys a join or leave moved and where, how a
// shard was chosen, what an id or a short code is made of.
import type {
  MoveReport, PlacementSnapshot, ShardMoveReport, ShardingSnapshot, SnowflakeId, SnowflakeParts, SnowflakeSnapshot,
  TraceStep, UrlResolution, UrlShortenerSnapshot,
} from 'sdlab-wasm';
import type { Phrases, Said, Words } from '../../lab/block';
import { byMethod, figure, figures, listed, plural, quoted, seconds, stepOf } from '../../lab/words';

const first = (said: Said) => quoted(String(said.op.args[0]));
const subject = (s: TraceStep) => quoted(s.subject);
const text = (s: TraceStep, name: string) => String(figures(s)[name] ?? '');
/** A fraction of the ring as a percentage: "41.27%". */
const round = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/** How a placement's lookup began: the ring's walk, every node's score, or the jumps. */
function lookup(s: TraceStep): string {
  const count = figure(s, 'count');
  if (count === 1) return `look up ${subject(s)}: hash it, search the ring, walk clockwise to its owner`;
  if (!Number.isNaN(count)) return `look up ${subject(s)}: its first ${count} distinct nodes clockwise on the ring`;
  if (!Number.isNaN(figure(s, 'nodes'))) return `look up ${subject(s)}: each of ${plural(figure(s, 'nodes'), 'node')} scores it, the highest owns it`;
  return `look up ${subject(s)}: its hash ${text(s, 'hash')} jumps forward from bucket 0 through ${plural(figure(s, 'buckets'), 'bucket')}`;
}

/** The owner a lookup found: a ring point, the highest score, or a bucket. */
function owner(s: TraceStep): string {
  if (!Number.isNaN(figure(s, 'point'))) return `point ${figure(s, 'point')} (${s.subject}, ${round(figure(s, 'position'))}) is the first of a node not yet chosen: ${text(s, 'node')} owns the key`;
  if (!Number.isNaN(figure(s, 'score'))) return `${text(s, 'node')} has the highest score, ${figure(s, 'score').toFixed(3)}: it owns the key`;
  return `bucket ${figure(s, 'bucket')} of ${figure(s, 'buckets')} is ${text(s, 'node')}: it owns the key`;
}

/** Every step consistent hashing, rendezvous and jump hash report, in words. */
export const placementPhrases: Phrases = {
  join: (s) => `${text(s, 'node')} joins with weight ${figure(s, 'weight')}: ${plural(figure(s, 'points'), 'point')} added, ${figure(s, 'ringPoints')} on the ring`,
  leave: (s) => `${text(s, 'node')} leaves: its ${plural(figure(s, 'points'), 'point')} removed, ${figure(s, 'ringPoints')} left on the ring`,
  lookup,
  hash: (s) => `${subject(s)} hashes to ${text(s, 'hash')}, ${round(figure(s, 'position'))} round the ring`,
  empty: (s) => `the ring has no nodes: ${subject(s)} has no owner`,
  search: (s) => `a binary search over ${plural(figure(s, 'points'), 'point')} finds point ${figure(s, 'point')} at ${round(figure(s, 'position'))}${text(s, 'wrapped') === 'yes' ? ', wrapping past the last point to the first' : ', the first at or after the hash'}`,
  skip: (s) => `point ${figure(s, 'point')} (${s.subject}) is ${text(s, 'node')}'s, already chosen: walk on clockwise`,
  owner,
  replica: (s) => `point ${figure(s, 'point')} (${s.subject}) is the next distinct node: ${text(s, 'node')} keeps a replica`,
  score: (s) => `${text(s, 'node')} (weight ${figure(s, 'weight')}) scores ${figure(s, 'score').toFixed(3)}`,
  jump: (s) => `from bucket ${figure(s, 'from')} the next candidate is bucket ${figure(s, 'to')}: ${figure(s, 'to') < figure(s, 'buckets') ? 'jump to it' : `past the last, ${figure(s, 'buckets') - 1}, so stay`}`,
};

/** Where moved keys went (or came from): "D", or "B (5) and C (4)". */
function destinations(ends: readonly (string | number | undefined)[], name: (end: string | number) => string): string {
  const counts = new Map<string, number>();
  for (const end of ends) if (end !== undefined) counts.set(name(end), (counts.get(name(end)) ?? 0) + 1);
  if (counts.size === 1) return [...counts.keys()][0];
  return listed([...counts].map(([to, n]) => `${to} (${n})`));
}

function membership(said: Said, verb: string): string {
  const report = said.result as MoveReport;
  const where = report.moved.length ? ` to ${destinations(report.moved.map((m) => m.to), String)}` : '';
  return `${first(said)} ${verb}: ${report.movedCount} of ${plural(report.keyCount, 'key')} moved${where}; hash mod N would have moved ${report.modNMoved}`;
}

/** How the lookup on show found its owner: the ring's point, the winning score, the jumps. */
function how(said: Said): string {
  const hash = stepOf(said.trace, 'hash');
  const owner = stepOf(said.trace, 'owner');
  if (hash) return ` (its hash lies ${(figure(hash, 'position') * 100).toFixed(2)}% round the ring; the walk stops at point ${figure(owner, 'point')}, ${owner?.subject})`;
  const scores = said.trace.filter((s) => s.kind === 'score').length;
  if (scores) return ` (the highest score of ${scores}: ${figure(owner, 'score').toFixed(3)})`;
  const jumps = said.trace.filter((s) => s.kind === 'jump').length;
  if (jumps) return ` (bucket ${figure(owner, 'bucket')} of ${figure(owner, 'buckets')}, after ${plural(jumps, 'jump')})`;
  return '';
}

export const placementWords: Words = byMethod({
  addNode: (said) => membership(said, 'joined'),
  removeNode: (said) => membership(said, 'left'),
  owner: (said) => (said.result === undefined ? `${first(said)} has no owner: there are no nodes` : `${first(said)} belongs to ${said.result}${how(said)}`),
  replicas: (said) => {
    const nodes = said.result as string[];
    return nodes.length ? `${first(said)} is kept on ${listed(nodes)}, owner first` : `${first(said)} has no replicas: there are no nodes`;
  },
  addKey: (said) => {
    const added = (said.state as PlacementSnapshot).keys.at(-1);
    return `tracking ${first(said)}${added?.owner ? `, owned by ${added.owner}` : ''}`;
  },
  setKeys: (said) => {
    const n = said.op.args[0] as number;
    return n ? `tracking ${plural(n, 'key')}: key-0 … key-${n - 1}` : 'tracking no keys';
  },
});

const shard = (n: number) => `shard ${n}`;

/** Every step sharding reports, in words. */
export const shardingPhrases: Phrases = {
  hash: (s) => `${subject(s)} hashes to ${text(s, 'hash')}; mod ${figure(s, 'shards')} that is ${shard(figure(s, 'shard'))}`,
  range: (s) => `${subject(s)} falls in ${shard(figure(s, 'shard'))}'s range, from ${text(s, 'from') ? quoted(text(s, 'from')) : 'the start'} ${text(s, 'to') ? `up to ${quoted(text(s, 'to'))}` : 'to the end'}`,
  region: (s) => `${subject(s)} is in ${text(s, 'region')}, served by ${shard(figure(s, 'shard'))}`,
  store: (s) => `${shard(figure(s, 'shard'))} stores ${quoted(text(s, 'key'))} and now holds ${plural(figure(s, 'keys'), 'key')}`,
  missing: (s) => `${subject(s)} is not stored`,
  add: (s) => `${shard(figure(s, 'shard'))} is added${text(s, 'region') ? `: it takes ${text(s, 'region')} from ${shard(figure(s, 'from'))}` : `: every key is re-hashed mod ${figure(s, 'shards')}`}`,
  split: (s) => `${shard(figure(s, 'shard'))} splits at its median key ${quoted(text(s, 'median'))}: the upper half goes to ${shard(figure(s, 'to'))}`,
  moved: (s) => `${figure(s, 'moved')} of ${plural(figure(s, 'keys'), 'key')} moved`,
};

/** How a key was routed, from the step that routed it. */
function route(said: Said): string {
  const step = stepOf(said.trace, 'hash', 'range', 'region');
  const f = figures(step);
  if (step?.kind === 'hash') return `its hash mod ${f.shards}`;
  if (step?.kind === 'range') return `its range runs from ${f.from ? quoted(String(f.from)) : 'the start'} ${f.to ? `up to ${quoted(String(f.to))}` : 'to the end'}`;
  if (step?.kind === 'region') return `${f.region} is served there`;
  return '';
}

function reshard(said: Said, what: string): string {
  const report = said.result as ShardMoveReport;
  const where = report.moved.length ? ` to ${destinations(report.moved.map((m) => m.to), (n) => shard(Number(n)))}` : '';
  return `${what}: ${report.movedCount} of ${plural(report.keyCount, 'key')} moved${where}`;
}

export const shardingWords: Words = byMethod({
  put: (said) => {
    const n = said.result as number;
    const held = (said.state as ShardingSnapshot).shards[n]?.count ?? 0;
    return `${first(said)} stored on ${shard(n)} (${route(said)}), which now holds ${plural(held, 'key')}`;
  },
  get: (said) => (said.result === undefined ? `${first(said)} is not stored` : `${first(said)} is on ${shard(said.result as number)} (${route(said)})`),
  addShard: (said) => {
    const added = stepOf(said.trace, 'add', 'split');
    const what = added?.kind === 'split' ? `${added.subject} was split at its median ${quoted(String(figures(added).median))}` : `${added?.subject ?? 'a shard'} was added`;
    return reshard(said, what);
  },
  splitShard: (said) => reshard(said, `${shard(said.op.args[0] as number)} was split at its median ${quoted(String(figures(stepOf(said.trace, 'split')).median))}`),
});

/** Every step a Snowflake generator reports, in words (its subject names the machine). */
export const snowflakePhrases: Phrases = {
  id: (s) => `${s.subject} makes an id of time ${figure(s, 'timeMs')} ms, machine ${figure(s, 'machine')}, sequence ${figure(s, 'sequence')}`,
  wait: (s) => `${s.subject} used the 4096 ids of its millisecond: it waits ${seconds(figure(s, 'waitedMs'))} for the next`,
  backwards: (s) => `${s.subject}'s clock moved back ${figure(s, 'backMs')} ms: it makes no id rather than risk a duplicate`,
  exhausted: (s) => `${s.subject} used the 4096 ids of ${figure(s, 'lastMs')} ms and cannot wait past the 41-bit time range`,
};

const parts = (p: SnowflakeParts) => `time ${p.timeMs} ms, machine ${p.machine}, sequence ${p.sequence}`;

export const snowflakeWords: Words = byMethod({
  next: (said) => {
    const id = said.result as SnowflakeId;
    return `id ${id.id}: ${parts(id)}${id.waitedMs ? `; it waited ${id.waitedMs} ms for the next millisecond` : ''}`;
  },
  decode: (said) => `${first(said)} is ${parts(said.result as SnowflakeParts)}`,
  advance: (said) => `the clock moved on ${said.op.args[0]} ms to ${(said.state as SnowflakeSnapshot).nowMs} ms`,
  setSkew: (said) => {
    const [machine, skew] = said.op.args as number[];
    return `machine ${machine}'s clock now reads ${Math.abs(skew)} ms ${skew < 0 ? 'behind' : 'ahead of'} the simulation`;
  },
});

/** How a short code was made, from the step that made it. */
function made(said: Said): string {
  const step = stepOf(said.trace, 'counter', 'hash', 'snowflake', 'existing');
  const collisions = said.trace.filter((s) => s.kind === 'collision').length;
  const after = collisions ? `, after ${plural(collisions, 'collision')}` : '';
  const f = figures(step);
  if (step?.kind === 'counter') return ` (counter ${f.counter} in base62${after})`;
  if (step?.kind === 'hash') return ` (its hash with salt ${f.salt}, in base62${after})`;
  if (step?.kind === 'snowflake') return ` (id ${f.id} from server ${f.server}, in base62)`;
  if (step?.kind === 'existing') return ' (its existing code)';
  return ' (the alias asked for)';
}

function shortened(said: Said): string {
  const stored = figures(stepOf(said.trace, 'store'));
  const expires = typeof stored.expiresAtMs === 'number' ? `; it expires at ${seconds(stored.expiresAtMs)}` : '';
  return `${first(said)} → ${said.result}${made(said)}${expires}`;
}

/** Every step the URL shortener reports, in words, with its Snowflake servers' steps. */
export const urlShortenerPhrases: Phrases = {
  ...snowflakePhrases,
  counter: (s) => `counter ${figure(s, 'counter')} in base62 is the code ${subject(s)}`,
  hash: (s) => `the URL's hash with salt ${figure(s, 'salt')}, ${text(s, 'hash')}, mod ${figure(s, 'codes').toLocaleString('en')} codes is ${subject(s)}`,
  snowflake: (s) => `id ${text(s, 'id')} from server ${figure(s, 'server')} in base62 is ${subject(s)}`,
  existing: (s) => `the URL already has the code ${subject(s)}: it is given again`,
  collision: (s) => `${subject(s)} is taken by ${quoted(text(s, 'takenBy'))}: try another (attempt ${figure(s, 'attempt') + 1})`,
  store: (s) => `${subject(s)} → ${quoted(text(s, 'url'))} stored${text(s, 'alias') === 'yes' ? ' as an alias' : ''}${Number.isNaN(figure(s, 'expiresAtMs')) ? ', never expiring' : `, expiring at ${seconds(figure(s, 'expiresAtMs'))}`}`,
  decode: (s) => `${subject(s)} in base62 is counter ${figure(s, 'counter')}`,
  missing: (s) => `no short URL has the code ${subject(s)}`,
  expired: (s) => `${subject(s)} expired at ${seconds(figure(s, 'expiredAtMs'))}: ${quoted(text(s, 'url'))} is no longer served`,
  hit: (s) => `${subject(s)} → ${quoted(text(s, 'url'))}, click ${figure(s, 'clicks')}`,
};

const expired = (state: unknown) => (state as UrlShortenerSnapshot).entries.filter((e) => e.expired).length;

export const urlShortenerWords: Words = byMethod({
  shorten: shortened,
  shortenWithAlias: shortened,
  shortenWithTtl: shortened,
  resolve: (said) => {
    const r = said.result as UrlResolution;
    if (r.missing) return `no short URL has the code ${first(said)}`;
    if (r.expired) return `${first(said)} expired at ${seconds(r.expiresAtMs ?? 0)}: ${quoted(r.url ?? '')} is no longer served`;
    return `${first(said)} → ${quoted(r.url ?? '')}, click ${r.clicks}`;
  },
  advance: (said) => {
    const newly = expired(said.state) - expired(said.before);
    return `the clock moved on ${seconds(said.op.args[0] as number)} to ${seconds((said.state as UrlShortenerSnapshot).nowMs)}${newly ? `; ${plural(newly, 'code')} expired` : ''}`;
  },
});
