// Quiz mode on the placements (see lab/quiz.ts): which node owns a key, and where the keys a join
// or a leave moves go. Answers come from the real result (the owner, the keys moved).
import type { MoveReport, PlacementSnapshot } from 'sdlab-wasm';
import { formatCall } from '../../lab/block';
import type { Quiz } from '../../lab/quiz';

const placementQuiz: Quiz = (op, before) => {
  const nodes = (before.state as PlacementSnapshot).nodes.map((node) => node.name);
  const name = op.args[0] as string;
  const moved = (after: { result?: unknown }) => (after.result as MoveReport).moved;
  if (op.method === 'owner' && nodes.length > 0) {
    return { ask: `Which node will own ${JSON.stringify(name)}?`, choices: nodes, answer: (after) => after.result as string };
  }
  if (op.method === 'addNode' && !nodes.includes(name)) {
    const [only, spread] = [`every one to ${name}`, 'some to each node'];
    return { ask: `When ${formatCall(op)} moves keys, where do they go?`, choices: [only, spread], answer: (after) => (moved(after).every((m) => m.to === name) ? only : spread) };
  }
  if (op.method === 'removeNode' && nodes.includes(name)) {
    const [only, spread] = [`only ${name}’s keys`, 'keys of every node'];
    return { ask: `Which keys will ${formatCall(op)} move?`, choices: [only, spread], answer: (after) => (moved(after).every((m) => m.from === name) ? only : spread) };
  }
  return undefined;
};

/** By block id. */
export const partitionQuizzes: Readonly<Record<string, Quiz>> = { 'consistent-hashing': placementQuiz, rendezvous: placementQuiz, 'jump-hash': placementQuiz };
