// Quiz mode on the message queue (see lab/quiz.ts): which message a receive delivers, and whether
// an ack succeeds. Answers come from the real result.
import type { MessageQueueSnapshot, QueueDelivery } from 'sdlab-wasm';
import type { Quiz } from '../../lab/quiz';

const nothing = 'nothing';

const queueQuiz: Quiz = (op, before) => {
  const state = before.state as MessageQueueSnapshot;
  const ids = [...new Set([...state.visible, ...state.inFlight].map((m) => m.id))];
  if (op.method === 'receive' && ids.length > 0) {
    return {
      ask: 'Which message will receive() deliver?',
      choices: [...ids, nothing],
      answer: (after) => (after.result as QueueDelivery | undefined)?.id ?? nothing,
    };
  }
  return undefined;
};

/** By block id. */
export const messagingQuizzes: Readonly<Record<string, Quiz>> = { queue: queueQuiz };
