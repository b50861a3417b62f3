// The traffic options shared by the rate-limiting labs: fields (their rules and units from the
// schema's TrafficOptions, the labels the page's own), and presets that show each pattern at its
// most telling.
import type { TrafficOptions } from 'sdlab-wasm';
import { optionFields } from '../../lab/api';
import type { Field } from '../../ui/fields';

export type Pattern = TrafficOptions['pattern'];

export const trafficFields: readonly Field[] = optionFields('TrafficOptions', {
  pattern: 'pattern',
  durationMs: 'duration',
  ratePerSec: 'rate (requests)',
  burst: 'burst size',
  periodMs: 'burst every',
  clients: 'clients',
  abuserRatePerSec: 'abuser rate (requests)',
  cost: 'cost per request',
  seed: 'seed',
});

const base = { durationMs: 4000, ratePerSec: 10, burst: 10, periodMs: 1000, windowMs: 1000, clients: 1, abuserRatePerSec: 50, cost: 1, seed: 1 };

export const presets: Record<Pattern, TrafficOptions> = {
  steady: { ...base, pattern: 'steady', ratePerSec: 15 },
  bursty: { ...base, pattern: 'bursty', burst: 15, periodMs: 1500 },
  poisson: { ...base, pattern: 'poisson', ratePerSec: 15 },
  boundary: { ...base, pattern: 'boundary' },
  abuser: { ...base, pattern: 'abuser', clients: 5, ratePerSec: 20, abuserRatePerSec: 40 },
};
