// Fields: the control for a value rule, and the value read back from it. Every form on the page
// (a block's call form and parameters, a lab page's options) draws and reads its fields here.
//   number → an input with its unit beside it; a duration in ms also reads "2 s" and "500 µs",
//            converted exactly (a decimal shift, never a float multiplication)
//   string → an input, or a text area when the rule allows more than 64 KiB (SQL, documents)
//   choice → a select;  flag → a checkbox
//   list   → one input of comma- or line-separated items, each read by the list's item rule
// Reading never judges ranges or lengths: the block's own check does, and names the problem.
// Text that is no value at all (a malformed number, an unknown unit) reads as NaN with a
// `problem` saying why, so a form can say it before calling.
import { css, html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Arg, ValueSpec } from '../lab/block';
import type { Options } from '../lab/lab-link';

/** A field of a form: a block's FieldSpec, or a lab page's option (a number unless it has choices). */
export interface Field extends Partial<ValueSpec> {
  name: string;
  /** The label; by default the name and the hint. */
  label?: string;
  hint?: string;
}

export interface Reading {
  value: Arg;
  /** Why the text is no value at all; `value` is then NaN where a number was expected. */
  problem?: string;
}

/** Longest text that still gets a one-line input. */
export const maxInputBytes = 65536;

const typeOf = (field: Partial<ValueSpec>): ValueSpec['type'] => field.type ?? (field.choices ? 'choice' : 'number');
const isMultiline = (field: Field) => typeOf(field) === 'string' && (field.maxBytes ?? 0) > maxInputBytes;

/** Powers of ten from a duration's unit to milliseconds. */
const msShift: Record<string, number> = { 'µs': -3, 'μs': -3, us: -3, ms: 0, s: 3 };
const unitSuffixes: Record<NonNullable<ValueSpec['unit']>, string> = { ms: 'ms', 'per second': '/s' };
const numberText = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:e([+-]?\d+))?\s*((?:[^\d\s.]\S*)?)$/i;

/** A number from text, in `unit`: "1.5 s" is 1500 for a duration in ms, "20/s" is 20 for a rate. */
export function readNumber(text: string, unit?: ValueSpec['unit']): Reading {
  const match = numberText.exec(text.trim());
  if (!match) return { value: NaN, problem: text.trim() ? `${JSON.stringify(text)} is not a number` : 'is empty' };
  const [, mantissa, exponent = '0', suffix] = match;
  const shift = unitShift(suffix.toLowerCase(), unit);
  if (shift === undefined) {
    const known = unit === 'ms' ? 'µs, ms or s' : unit ? unitSuffixes[unit] : 'none';
    return { value: NaN, problem: `unknown unit ${JSON.stringify(suffix)} (units: ${known})` };
  }
  return { value: Number(`${mantissa}e${Number(exponent) + shift}`) };
}

/** The power of ten from `suffix` to `unit`, or undefined when it is not one of the unit's. */
function unitShift(suffix: string, unit: ValueSpec['unit']): number | undefined {
  if (suffix === '') return 0;
  if (unit === 'ms') return msShift[suffix];
  return unit === 'per second' && suffix === unitSuffixes[unit] ? 0 : undefined;
}

/** The items of a list: separated by commas or line breaks, trimmed, empty ones dropped. */
export function readList(item: Partial<ValueSpec>, text: string): Reading {
  const values: (string | number)[] = [];
  let problem: string | undefined;
  for (const [i, part] of text.split(/[,\n]/).map((p) => p.trim()).filter(Boolean).entries()) {
    const read = readText(item, part);
    values.push(read.value as string | number);
    problem ??= read.problem && `item ${i + 1}: ${read.problem}`;
  }
  return { value: values, problem };
}

/** The value typed as `text` in a control for `field` (a flag is read from its checkbox). */
export function readText(field: Partial<ValueSpec>, text: string): Reading {
  switch (typeOf(field)) {
    case 'number':
      return readNumber(text, field.unit);
    case 'list':
      return readList(field.item ?? {}, text);
    case 'flag':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { value: false, problem: 'is not true or false' };
    default:
      return { value: text };
  }
}

/** What the control `element` of `field` holds. */
export function readField(field: Field, element: Element): Reading {
  if (typeOf(field) === 'flag') return { value: (element as HTMLInputElement).checked };
  return readText(field, (element as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value);
}

/** A value as its control shows it: lists as "a, b, c". */
export function showValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

/** A labelled control for `field`, showing `value`. */
export function fieldControl(field: Field, value: unknown) {
  const type = typeOf(field);
  const label = field.label ?? (field.hint ? `${field.name} (${field.hint})` : field.name);
  if (type === 'flag') {
    // Inline: the box sits beside its text even in a form whose labels stack (the block page's).
    return html`<label class="flag" .style=${'flex-direction: row; align-items: center; gap: 0.35rem'}>
      <input name=${field.name} type="checkbox" .style=${'width: auto; margin: 0'} .checked=${value === true} />${label}</label>`;
  }
  if (type === 'choice') {
    return html`<label>${label}<select name=${field.name}>${field.choices!.map((c) => html`<option ?selected=${c === value}>${c}</option>`)}</select></label>`;
  }
  if (isMultiline(field)) {
    return html`<label class="long">${label}<textarea name=${field.name} rows="4" .value=${showValue(value)} spellcheck="false"></textarea></label>`;
  }
  const list = type === 'list';
  const plainNumber = type === 'number' && !field.unit;
  const unit = field.unit ? unitSuffixes[field.unit] : '';
  return html`<label class=${list ? 'list' : ''}>${list ? `${label} · comma-separated` : label}<span class="with-unit">
    <input name=${field.name} type=${plainNumber ? 'number' : 'text'} inputmode=${type === 'number' ? 'decimal' : 'text'}
      step=${ifDefined(plainNumber ? (field.step ?? 'any') : undefined)} .value=${showValue(value)} autocomplete="off" spellcheck="false" />${unit
      ? html`<span class="unit" aria-hidden="true">${unit}</span>`
      : ''}</span></label>`;
}

/** The look of the controls, for forms in a shadow root. */
export const fieldStyles = css`
  label { display: flex; flex-direction: column; font-size: 0.8em; color: var(--muted); gap: 0.15rem; }
  label.flag { font-size: 0.9em; color: var(--fg); padding-bottom: 0.4rem; }
  label.flag input { accent-color: var(--accent); }
  label.long { flex-basis: 100%; }
  .with-unit { display: flex; align-items: center; gap: 0.3rem; }
  .unit { color: var(--muted); font-family: var(--mono); font-size: 0.95em; }
  textarea { font: inherit; font-family: var(--mono); font-size: 0.95rem; padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); resize: vertical; }
`;

/** The controls of a lab page's options. */
export function fieldInputs(fields: readonly Field[], values: Options) {
  return fields.map((f) => fieldControl(f, values[f.name]));
}

/** Reads a lab page's options from the controls under `root`: numbers as numbers (NaN when
 *  malformed, for the block's check to name). A lab page's options are numbers, strings and
 *  choices: what its permalink carries. */
export function readFields(root: ParentNode, fields: readonly Field[]): Options {
  return Object.fromEntries(fields.map((f) => [f.name, readField(f, root.querySelector(`[name="${f.name}"]`)!).value as number | string]));
}
