// What a message-queue call did, in words: what was queued or dropped as a duplicate, what a
// receive delivered (a redelivery, with its receive count) and what it passed over (a group
// waiting, a message moved to the dead-letter queue), what an ack, nack or extension did, and
// which messages a clock step made visible again.
import type { MessageQueueSnapshot, QueueDelivery, TraceStep } from 'sdlab-wasm';
import type { Phrases, Said, Words } from '../../lab/block';
import { byMethod, figure, figures, plural, quoted, seconds, stepOf, stepWords } from '../../lab/words';

const subject = (s: TraceStep) => quoted(s.subject);
const text = (s: TraceStep, name: string) => String(figures(s)[name] ?? '');
const first = (said: Said) => quoted(String(said.op.args[0]));

/** Every step the queue's C++ reports, in words. */
export const queuePhrases: Phrases = {
  send: (s) => `${subject(s)} queued as message ${figure(s, 'sequence')}${text(s, 'group') ? ` in group ${quoted(text(s, 'group'))}` : ''}: ${figure(s, 'visible')} visible`,
  duplicate: (s) => `${subject(s)} was sent within the dedup window (remembered until ${seconds(figure(s, 'rememberedUntilMs'))}): dropped, not queued again`,
  timeout: (s) => `${subject(s)} was not acked within the visibility timeout: visible again since ${seconds(figure(s, 'visibleSinceMs'))}, after ${plural(figure(s, 'receives'), 'receive')}`,
  wait: (s) => `${subject(s)} waits: ${quoted(text(s, 'blockedBy'))} of its group ${quoted(text(s, 'group'))} is in flight`,
  'dead-letter': (s) => `${subject(s)} was received ${figure(s, 'receives')} of ${figure(s, 'maxReceives')} times and never acked: moved to the dead-letter queue`,
  deliver: (s) => `${subject(s)} delivered as ${text(s, 'receipt')}, in flight until ${seconds(figure(s, 'visibleAtMs'))}`,
  redeliver: (s) => `${subject(s)} redelivered (receive ${figure(s, 'receives')}) as ${text(s, 'receipt')}, in flight until ${seconds(figure(s, 'visibleAtMs'))}`,
  empty: (s) => `no message is deliverable: ${figure(s, 'visible')} visible but held back, ${figure(s, 'inFlight')} in flight`,
  ack: (s) => `${subject(s)} acked with ${text(s, 'receipt')}: deleted after ${plural(figure(s, 'receives'), 'receive')}`,
  nack: (s) => `${subject(s)} nacked with ${text(s, 'receipt')}: visible again now`,
  extend: (s) => `${subject(s)} stays in flight until ${seconds(figure(s, 'visibleAtMs'))} (${text(s, 'receipt')})`,
};

/** What else a receive met on its way, in words: timeouts, waits, dead letters. */
function passed(said: Said): string {
  const met = said.trace.filter((s) => s.kind === 'timeout' || s.kind === 'wait' || s.kind === 'dead-letter');
  return met.length ? `; on the way: ${stepWords(met, queuePhrases)}` : '';
}

/** The in-flight message that held the call's receipt before it. */
const heldBy = (said: Said) => (said.before as MessageQueueSnapshot).inFlight.find((m) => m.receipt === said.op.args[0]);

const visibleIds = (state: unknown) => new Set((state as MessageQueueSnapshot).visible.map((m) => m.id));

export const queueWords: Words = byMethod({
  send: (said) => {
    if ((said.result as { duplicate: boolean }).duplicate) {
      const step = stepOf(said.trace, 'duplicate');
      return `${first(said)} is a duplicate within the dedup window${step ? ` (remembered until ${seconds(figure(step, 'rememberedUntilMs'))})` : ''}: nothing queued`;
    }
    return `${first(said)} queued: ${plural((said.state as MessageQueueSnapshot).visible.length, 'message')} visible`;
  },
  receive: (said) => {
    const d = said.result as QueueDelivery | undefined;
    if (!d) {
      const s = said.state as MessageQueueSnapshot;
      return `nothing to receive: ${s.visible.length} visible, ${s.inFlight.length} in flight${passed(said)}`;
    }
    const again = d.receives > 1 ? ` (receive ${d.receives}: a redelivery)` : '';
    return `received ${quoted(d.id)}${again} with receipt ${d.receipt}, in flight until ${seconds(d.visibleAtMs)}${passed(said)}`;
  },
  ack: (said) => {
    const m = heldBy(said);
    return `${m ? quoted(m.id) : 'the message'} acked with ${first(said)}: deleted after ${plural(m?.receives ?? 1, 'receive')}`;
  },
  nack: (said) => `${heldBy(said) ? quoted(heldBy(said)!.id) : 'the message'} nacked with ${first(said)}: visible again now, for the next receive`,
  changeVisibility: (said) => {
    const m = heldBy(said);
    const timeout = said.op.args[1] as number;
    const what = `${m ? quoted(m.id) : 'the message'} (${first(said)})`;
    return timeout === 0 ? `${what} is visible again now` : `${what} stays in flight for ${seconds(timeout)} more, until ${seconds((said.state as MessageQueueSnapshot).nowMs + timeout)}`;
  },
  advance: (said) => {
    const before = visibleIds(said.before);
    const newly = [...visibleIds(said.state)].filter((id) => !before.has(id));
    const back = newly.length ? `; ${newly.map(quoted).join(', ')} visible again (not acked in time)` : '';
    return `the clock moved on ${seconds(said.op.args[0] as number)} to ${seconds((said.state as MessageQueueSnapshot).nowMs)}${back}`;
  },
});
