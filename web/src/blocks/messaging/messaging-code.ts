// The code beside the message queue's picture: its C++ file and its methods as pseudocode, each
// line lit by the trace steps named after it (see lab/code.ts).
import { pseudocode, type BlockCode } from '../../lab/code';

export const messagingCode: Readonly<Record<string, BlockCode>> = {
  queue: {
    file: 'core/messaging/message_queue.cpp',
    pseudocode: pseudocode(
      'send(id, body, group):',
      ['  id sent within the dedup window: drop it', 'duplicate'],
      ['  else append it, visible, and remember id until now + window', 'send'],
      'receive():',
      ['  in-flight messages past their deadline turn visible again', 'timeout'],
      '  for each visible message, oldest first:',
      ['    its group has one in flight: skip it', 'wait'],
      ['    received maxReceives times: move it to the dead-letter queue', 'dead-letter'],
      ['    else receives += 1, in flight until now + visibility timeout', 'deliver', 'redeliver'],
      ['  none: nothing to deliver', 'empty'],
      ['ack(receipt): the latest receipt, before its deadline: delete', 'ack'],
      ['nack(receipt): visible again now', 'nack'],
      ['changeVisibility(receipt, t): in flight until now + t', 'extend'],
    ),
  },
};
