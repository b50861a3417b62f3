// The placement blocks as the page sees them: consistent hashing with virtual nodes, rendezvous
// (HRW) hashing and jump hash. The algorithms are the C++ in core/partition; each block starts
// with named nodes and tracked keys so a join or leave has keys to move.
import { html } from 'lit';
import type { HashRing, JumpHash, RendezvousHash } from 'sdlab-wasm';
import { fieldFor, methodParam, methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef, FieldSpec, Params } from '../../lab/block';
import { placementPhrases, placementWords } from './partition-words';
import './sd-placement-state';

/** The API HashRing, RendezvousHash and JumpHash share. */
type Placement = HashRing | RendezvousHash | JumpHash;
type PlacementClass = 'HashRing' | 'RendezvousHash' | 'JumpHash';

const n = (p: Params, name: string) => p[name] as number;

/** Joins the `nodes` named, each of weight 1, and tracks `keys` keys; frees the handle if that fails. */
function populate<T extends Placement>(placement: T, p: Params): T {
  try {
    for (const name of p.nodes as string[]) placement.addNode(name, 1);
    placement.setKeys(n(p, 'keys'));
    return placement;
  } catch (error) {
    placement.delete();
    throw error;
  }
}

/** The page's own parameters: the nodes it starts with (each a name as addNode takes it) and the
 *  keys it tracks (as setKeys counts them). */
function startParams(api: PlacementClass): FieldSpec[] {
  const name = methodParam(api, 'addNode', 'name');
  return [
    fieldFor({ kind: 'list', min: 0, max: 100, item: name, name: 'nodes', doc: 'joined at the start' }, ['A', 'B', 'C']),
    fieldFor({ ...methodParam(api, 'setKeys', 'count'), name: 'keys', doc: 'tracked: key-0 …' }, 40),
  ];
}

/** The calls the page offers on a placement; jump hash has no weights and no replicas. */
function methods(api: PlacementClass) {
  const jump = api === 'JumpHash';
  return methodsOf(api, {
    addNode: ['D', 1], removeNode: [jump ? 'C' : 'A'], owner: ['user:42'],
    ...(jump ? {} : { replicas: ['user:42', 2] }), addKey: ['user:42'], setKeys: [100],
  });
}

export const hashRingBlock: BlockDef = {
  id: 'consistent-hashing',
  domain: 'partition',
  title: 'Consistent hashing',
  summary: 'A ring of virtual nodes: a key belongs to the first point clockwise from its hash.',
  params: [...paramsOf('HashRing', { vnodes: 8 }), ...startParams('HashRing')],
  methods: methods('HashRing'),
  create: (sdlab, p) => populate(new sdlab.HashRing(n(p, 'vnodes')), p),
  view: 'sd-placement-state',
  words: placementWords,
  phrases: placementPhrases,
  explain: html`<p>Every node puts weight × vnodes points on a ring of 2⁶⁴ positions (XXH3 of
      “name#i”). A key hashes to a position; a binary search finds the first point at or after it,
      clockwise, and that point’s node owns the key. Replicas continue clockwise, skipping nodes
      already chosen. Lookup O(log P) for P points.</p>
    <p>When a node joins it takes over only the arcs just before its points — about K/N of the
      keys — where hash mod N moves almost all of them. More virtual nodes even out the arcs
      (see the load-spread lab) at the cost of a larger ring.</p>`,
  example: [
    { method: 'owner', args: ['user:42'] },
    { method: 'addNode', args: ['D', 1] },
    { method: 'owner', args: ['user:42'] },
    { method: 'removeNode', args: ['A'] },
  ],
};

export const rendezvousBlock: BlockDef = {
  id: 'rendezvous',
  domain: 'partition',
  title: 'Rendezvous hashing',
  summary: 'Every node scores the key; the highest score owns it. No ring at all.',
  params: startParams('RendezvousHash'),
  methods: methods('RendezvousHash'),
  create: (sdlab, p) => populate(new sdlab.RendezvousHash(), p),
  view: 'sd-placement-state',
  words: placementWords,
  phrases: placementPhrases,
  explain: html`<p>Highest random weight (Thaler &amp; Ravishankar): each node computes a score from
      hash(node, key) and its weight (−w / ln u); the key goes to the highest. Replicas are the
      next highest. A join moves only the keys the new node now wins; a leave moves only the
      leaver's keys. O(N) per lookup, no state beyond the node list.</p>`,
  example: hashRingBlock.example,
};

export const jumpHashBlock: BlockDef = {
  id: 'jump-hash',
  domain: 'partition',
  title: 'Jump hash',
  summary: 'Lamping & Veach: no memory, perfectly even, but buckets are numbered — only the last can leave.',
  params: startParams('JumpHash'),
  methods: methods('JumpHash'),
  create: (sdlab, p) => populate(new sdlab.JumpHash(), p),
  view: 'sd-placement-state',
  words: placementWords,
  phrases: placementPhrases,
  explain: html`<p>Jump consistent hash computes a bucket in [0, N) from the key's 64-bit hash with a
      few multiplications, in O(ln N) time and no memory: when the bucket count grows from N to N+1
      exactly 1/(N+1) of the keys jump to the new bucket. Buckets are numbers, so nodes cannot have
      weights and only the last one can leave — fine for shards, not for a cluster of machines.</p>`,
  example: [
    { method: 'owner', args: ['user:42'] },
    { method: 'addNode', args: ['D', 1] },
    { method: 'removeNode', args: ['D'] },
  ],
};

export const partitionBlocks: readonly BlockDef[] = [hashRingBlock, rendezvousBlock, jumpHashBlock];
