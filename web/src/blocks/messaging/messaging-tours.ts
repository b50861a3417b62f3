// The message queue's tour for a first-time learner (see lab/tour.ts). What each sentence says
// happened is pinned by tests/web/tours.test.ts against the real calls.
import type { Tour } from '../../lab/tour';

export const messagingTours: readonly Tour[] = [
  {
    id: 'redelivery',
    block: 'queue',
    title: 'Redelivery and the dead-letter queue',
    params: { visibilityTimeoutMs: 1000, maxReceives: 2, dedupWindowMs: 5000 },
    intro: 'A queue with a 1 s visibility timeout, at most 2 receives per message and a 5 s dedup window. A consumer receives an order but never acks it. Watch the queue deliver it again, then give up on it.',
    steps: [
      { call: { method: 'send', args: ['order-1', 'charge $5', ''] }, say: 'order-1 is queued and visible. Its id is remembered for 5 s, the dedup window.' },
      { call: { method: 'send', args: ['order-1', 'charge $5', ''] }, say: 'The producer retries the same send. The id is still remembered, so the duplicate is dropped: the queue holds one order-1.' },
      { call: { method: 'receive', args: [] }, say: 'A consumer receives order-1 with receipt r0.1. It is now in flight: invisible to other consumers until 1 s.' },
      { call: { method: 'advance', args: [1000] }, say: 'The consumer crashed and never acked. At exactly 1 s the deadline passes and order-1 is visible again.' },
      { call: { method: 'receive', args: [] }, say: 'order-1 is delivered again, receive 2, with a new receipt r0.2 (r0.1 is now stale). At-least-once: the consumer sees it twice, so its work must be idempotent.' },
      { call: { method: 'nack', args: ['r0.2'] }, say: 'This consumer fails too and nacks: order-1 is visible again at once, without waiting out the timeout.' },
      { call: { method: 'receive', args: [] }, say: 'order-1 has been received 2 times, the maximum. Instead of a third delivery it moves to the dead-letter queue, and the receive finds nothing.' },
    ],
    summary:
      'A visibility timeout turns a lost consumer into a redelivery, so delivery is at least once. A receive count caps the retries: a message that keeps failing lands in the dead-letter queue for a person to look at, instead of blocking the queue forever.',
  },
];
