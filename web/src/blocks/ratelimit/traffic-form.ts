// The traffic options shared by the rate-limiting labs: fields, and presets that show each
// pattern at its most telling.
import type { TrafficOptions } from 'sdlab-wasm';
import type { Field } from '../../ui/fields';

export type Pattern = TrafficOptions['pattern'];

export const trafficFields: readonly Field[] = [
  { name: 'pattern', label: 'pattern', choices: ['steady', 'bursty', 'poisson', 'boundary', 'abuser'] },
  { name: 'durationMs', label: 'duration (ms)' },
  { name: 'ratePerSec', label: 'rate (req/s)' },
  { name: 'burst', label: 'burst size' },
  { name: 'periodMs', label: 'burst every (ms)' },
  { name: 'clients', label: 'clients' },
  { name: 'abuserRatePerSec', label: 'abuser rate (req/s)' },
  { name: 'cost', label: 'cost per request' },
  { name: 'seed', label: 'seed' },
];

const base = { durationMs: 4000, ratePerSec: 10, burst: 10, periodMs: 1000, windowMs: 1000, clients: 1, abuserRatePerSec: 50, cost: 1, seed: 1 };

export const presets: Record<Pattern, TrafficOptions> = {
  steady: { ...base, pattern: 'steady', ratePerSec: 15 },
  bursty: { ...base, pattern: 'bursty', burst: 15, periodMs: 1500 },
  poisson: { ...base, pattern: 'poisson', ratePerSec: 15 },
  boundary: { ...base, pattern: 'boundary' },
  abuser: { ...base, pattern: 'abuser', clients: 5, ratePerSec: 20, abuserRatePerSec: 40 },
};
