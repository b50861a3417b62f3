// The delivery lab's options as the page and its permalink keep them (durations in ms, crashes as
// one line of text, the consumer as a word), and the runAtLeastOnce options they stand for (µs).
// Crashes read "consumer@ms+down ms", comma-separated, consumers counted from 1: "1@12.5+3" crashes
// consumer-1 at 12.5 ms and restarts it 3 ms later. Converting ms to µs is a decimal shift, never a
// float multiplication; a value that is not a whole µs stays fractional for the module to refuse.
import type { ConsumerCrash, DeliveryOptions } from 'sdlab-wasm';
import type { Options } from '../../lab/lab-link';

/** µs from ms, exactly as typed: 12.5 → 12500. */
export function micros(ms: number): number {
  return Number(`${ms}e3`);
}

/** ms from µs, for display and for the link. */
export function millis(us: number): number {
  return Number(`${us}e-3`);
}

const crashText = /^(\d+)\s*@\s*([\d.]+)\s*\+\s*([\d.]+)$/;

/** The crashes in `text`; throws an Error naming the item that cannot be read. */
export function readCrashes(text: string): ConsumerCrash[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean).map((part, i) => {
    const match = crashText.exec(part);
    if (!match) throw new Error(`crashes: item ${i + 1}, ${JSON.stringify(part)}, is not consumer@ms+down ms (e.g. 1@12.5+3)`);
    return { consumer: Number(match[1]) - 1, at: micros(Number(match[2])), downFor: micros(Number(match[3])) };
  });
}

export function writeCrashes(crashes: readonly ConsumerCrash[]): string {
  return crashes.map((c) => `${c.consumer + 1}@${millis(c.at)}+${millis(c.downFor)}`).join(', ');
}

/** The module's options for the page's, with the consumer plain or idempotent. */
export function deliveryOptions(values: Options, idempotent: boolean): DeliveryOptions {
  const ms = (name: string) => micros(Number(values[name]));
  return {
    seed: Number(values.seed),
    messages: Number(values.messages),
    consumers: Number(values.consumers),
    idempotent,
    visibilityTimeout: ms('visibilityMs'),
    maxReceives: Number(values.maxReceives),
    workTime: ms('workMs'),
    pollInterval: ms('pollMs'),
    minLatency: ms('minLatencyMs'),
    maxLatency: ms('maxLatencyMs'),
    loss: Number(values.loss),
    duplicate: Number(values.duplicate),
    horizon: ms('horizonMs'),
    crashes: readCrashes(String(values.crashes)),
  };
}
