// Tours of the partitioning blocks for a first-time learner (see lab/tour.ts). What each sentence
// says happened is pinned by tests/web/tours.test.ts against the real calls.
import type { Tour } from '../../lab/tour';

export const partitionTours: readonly Tour[] = [
  {
    id: 'ring-join',
    block: 'consistent-hashing',
    title: 'What a ring join moves',
    params: { vnodes: 8, nodes: ['A', 'B', 'C'], keys: 40 },
    intro: 'Three nodes, A, B and C, each put 8 points on a ring. 40 keys (key-0 … key-39) each belong to the first point clockwise from where they hash. Watch what a join and a leave move.',
    steps: [
      { call: { method: 'owner', args: ['user:42'] }, say: 'user:42 hashes to a position on the ring; the first point clockwise from it is one of B’s, so B owns it.' },
      {
        call: { method: 'addNode', args: ['D', 1] },
        say: 'D joins with 8 points of its own. Only the keys on the arcs just before D’s points change owner: 6 of the 40, and every one of them moves to D. With hash mod N, going from 3 nodes to 4 would have moved 32.',
      },
      { call: { method: 'owner', args: ['user:42'] }, say: 'user:42 is not on one of those arcs: B still owns it. Most keys, like this one, never notice the join.' },
      {
        call: { method: 'removeNode', args: ['A'] },
        say: 'A leaves. Only A’s keys move — 6 of them, each to the next point clockwise, which here is D’s or B’s. Keys on B, C and D stay where they are; hash mod N would have moved 28.',
      },
    ],
    summary:
      'Consistent hashing moves about K/N keys when a node joins or leaves (6 of 40 each time here), and only to or from that node; hash mod N reshuffles most of them (32 and 28). More virtual nodes even out the arcs: the load-spread lab shows how much.',
  },
];
