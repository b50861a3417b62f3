// The traffic options shared by the rate-limiting labs: fields, presets that show each pattern
// at its most telling, and reading them back from a form.
import { html } from 'lit';
import type { TrafficOptions } from 'sdlab-wasm';

export type Pattern = TrafficOptions['pattern'];

export interface Field {
  name: string;
  label: string;
  choices?: readonly string[];
}

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

export function fieldInputs(fields: readonly Field[], values: Record<string, unknown>) {
  return fields.map((f) => html`<label>${f.label}${f.choices
    ? html`<select name=${f.name}>${f.choices.map((c) => html`<option ?selected=${c === values[f.name]}>${c}</option>`)}</select>`
    : html`<input name=${f.name} type="number" step="any" .value=${String(values[f.name])} />`}</label>`);
}

/** Reads `fields` from the inputs under `root`: numbers as numbers (NaN when malformed). */
export function readFields(root: ParentNode, fields: readonly Field[]): Record<string, number | string> {
  return Object.fromEntries(fields.map((f) => {
    const element = root.querySelector(`[name="${f.name}"]`) as HTMLInputElement | HTMLSelectElement;
    return [f.name, f.choices ? element.value : (element as HTMLInputElement).valueAsNumber];
  }));
}
