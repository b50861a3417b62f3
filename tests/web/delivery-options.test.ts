import { describe, expect, it } from 'vitest';
import { deliveryOptions, micros, millis, readCrashes, writeCrashes } from '../../web/src/blocks/messaging/delivery-options';

describe('the delivery lab options', () => {
  it('shifts ms to µs and back exactly, leaving a fraction of a µs for the module to refuse', () => {
    expect(micros(12.5)).toBe(12500);
    expect(micros(0.001)).toBe(1);
    expect(micros(0.1 + 0.2)).not.toBe(300);  // what was typed is kept, not rounded
    expect(micros(0.0005)).toBe(0.5);
    expect(millis(12500)).toBe(12.5);
    expect(millis(1)).toBe(0.001);
  });

  it('reads crashes as consumer@ms+down ms, consumers from 1, and writes them back the same', () => {
    expect(readCrashes('')).toEqual([]);
    expect(readCrashes(' 1@12.5+3 , 2 @ 0 + 0 ')).toEqual([{ consumer: 0, at: 12500, downFor: 3000 }, { consumer: 1, at: 0, downFor: 0 }]);
    expect(writeCrashes(readCrashes('1@12.5+3, 2@0+0'))).toBe('1@12.5+3, 2@0+0');
    expect(readCrashes('0@1+1')[0].consumer).toBe(-1);  // the module refuses it, naming the crash consumer
  });

  it('names the crash it cannot read', () => {
    expect(() => readCrashes('1@2+3, two@4+5')).toThrow('crashes: item 2, "two@4+5", is not consumer@ms+down ms (e.g. 1@12.5+3)');
    expect(() => readCrashes('1@2')).toThrow(/item 1/);
  });

  it('gives the module µs and the consumer asked for', () => {
    const values = { seed: 3, messages: 4, consumers: 2, visibilityMs: 20, maxReceives: 3, workMs: 4, pollMs: 10, minLatencyMs: 0.5, maxLatencyMs: 2, loss: 0.1, duplicate: 0, horizonMs: 120, crashes: '2@7+1' };
    expect(deliveryOptions(values, true)).toEqual({
      seed: 3, messages: 4, consumers: 2, idempotent: true, visibilityTimeout: 20000, maxReceives: 3, workTime: 4000, pollInterval: 10000,
      minLatency: 500, maxLatency: 2000, loss: 0.1, duplicate: 0, horizon: 120000, crashes: [{ consumer: 1, at: 7000, downFor: 1000 }],
    });
  });
});
