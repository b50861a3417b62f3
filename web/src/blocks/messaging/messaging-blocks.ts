// The message queue as the page sees it: send with an id (dedup) and a group, receive with a
// visibility timeout and a receipt, ack, nack, extend, the clock, the dead-letter queue. The queue
// is the C++ in core/messaging/message_queue.h.
import { html } from 'lit';
import { construct, methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef } from '../../lab/block';
import { queuePhrases, queueWords } from './messaging-words';
import './sd-queue-state';

export const queueBlock: BlockDef = {
  id: 'queue',
  domain: 'messaging',
  title: 'Message queue',
  summary: 'At-least-once delivery: visibility timeout, receipts, redelivery, a dead-letter queue, dedup by id, FIFO groups.',
  params: paramsOf('MessageQueue', { visibilityTimeoutMs: 5000, maxReceives: 3, dedupWindowMs: 60000, capacity: 100 }),
  methods: methodsOf('MessageQueue', {
    send: ['m1', 'hello', ''], receive: [], ack: ['r0.1'], nack: ['r0.1'], changeVisibility: ['r0.1', 5000], advance: [5000],
  }),
  create: (sdlab, p) => construct(sdlab, 'MessageQueue', p),
  view: 'sd-queue-state',
  words: queueWords,
  phrases: queuePhrases,
  explain: html`<p>A queue in the manner of Amazon SQS. <strong>receive</strong> does not remove a
      message: it hides it ("in flight") for the <strong>visibility timeout</strong> and hands out a
      <strong>receipt</strong>. Only <strong>ack</strong> with that receipt deletes it. A consumer
      that crashes never acks, so at the deadline the message turns visible and is delivered again,
      with its receive count one higher and a new receipt (the old one is stale). That is
      <em>at-least-once</em> delivery: consumers must be idempotent.</p>
    <p><strong>nack</strong> gives a message back at once; <strong>changeVisibility</strong> buys a
      slow consumer more time. A message received <strong>maxReceives</strong> times that comes back
      again goes to the <strong>dead-letter queue</strong> instead. A send whose id was seen within
      the <strong>dedup window</strong> is dropped. Messages of one <strong>group</strong> go one at a
      time, in order. send, ack and nack cost O(log n); a receive also steps over the messages it
      passes.</p>`,
  example: [
    { method: 'send', args: ['a', 'first', ''] },
    { method: 'send', args: ['b', 'second', 'orders'] },
    { method: 'send', args: ['c', 'third', 'orders'] },
    { method: 'receive', args: [] },
    { method: 'receive', args: [] },
    { method: 'receive', args: [] },
    { method: 'ack', args: ['r1.1'] },
    { method: 'advance', args: [2000] },
  ],
};

export const messagingBlocks: readonly BlockDef[] = [queueBlock];
