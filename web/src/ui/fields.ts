// Option fields for lab pages: inputs drawn from a list of fields, and values read back from
// them (numbers as numbers, NaN when malformed, so the block's own check names the problem).
import { html } from 'lit';

export interface Field {
  name: string;
  label: string;
  choices?: readonly string[];
}

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
