// Words: how the page says what a call did — a sentence, never JSON. Each block has a formatter
// (BlockDef.words, one file per domain: blocks/<domain>/<domain>-words.ts) that reads the call,
// its result and the steps its C++ reported; a call that returns nothing says what changed in the
// snapshot. The helpers here are what every formatter shares.
//
// A formatter reads `state` and `before` only when it must: they are computed when read (a
// snapshot may be replayed from a checkpoint), and the log says every call of a run.
import type { TraceStep } from 'sdlab-wasm';
import type { Phrases, Said, Words } from './block';
import { diffByKey } from './diff';

/** A step's figures by name. */
export function figures(step: TraceStep | undefined): Record<string, number | string> {
  const named: Record<string, number | string> = {};
  for (const d of step?.data ?? []) named[d.name] = d.number ?? d.text ?? '';
  return named;
}

/** A number figure of `step`, or NaN. */
export function figure(step: TraceStep | undefined, name: string): number {
  const d = step?.data.find((x) => x.name === name);
  return d?.number ?? Number.NaN;
}

/** The first step of one of `kinds`. */
export function stepOf(trace: readonly TraceStep[], ...kinds: string[]): TraceStep | undefined {
  return trace.find((s) => kinds.includes(s.kind));
}

/** "1 key", "3 keys". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c"; past `most`, "a, b, c and 4 more". */
export function listed(items: readonly string[], most = 5): string {
  if (items.length === 0) return 'none';
  const shown = items.length > most ? [...items.slice(0, most), `${items.length - most} more`] : [...items];
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** A name or value from outside, set off from the sentence. */
export const quoted = (text: string): string => `“${text}”`;

/** 4 as "4", 2.5 as "2.50". */
export function amount(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en') : x.toFixed(2);
}

/** Milliseconds as the limiters and clocks show time: "1.500 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(Number.isInteger(ms) ? 3 : 6)} s`;
}

/** `step` in words by its kind's phrase; a kind without one says the note its C++ wrote. */
export function sayStep(phrases: Phrases, step: TraceStep): string {
  return phrases[step.kind]?.(step) ?? `${step.subject} — ${step.note}`;
}

/** The steps of `trace` in words, each by its kind's phrase (kinds without one are left out),
 *  joined with "; ". */
export function stepWords(trace: readonly TraceStep[], phrases: Phrases): string {
  return trace.flatMap((s) => (phrases[s.kind] ? [phrases[s.kind](s)] : [])).join('; ');
}

/** A formatter per method; other methods get the generic sentence. */
export function byMethod(table: Readonly<Record<string, Words>>): Words {
  return (said) => (table[said.op.method] ?? generic)(said);
}

/** The generic sentence: the result in words, or, for a call that returns nothing, what changed. */
export function generic(said: Said): string {
  return said.result === undefined ? changes(said.before, said.state) : `returned ${valueWords(said.result)}`;
}

/** Any value in words, without braces: "a, b and c", "none", "yes", "hits 2, misses 1". */
export function valueWords(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return amount(value);
  if (typeof value === 'string') return quoted(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return listed(Array.from(value as ArrayLike<unknown>, valueWords));
  return Object.entries(value as object).map(([name, v]) => `${label(name)} ${valueWords(v)}`).join(', ');
}

/** What changed from `before` to `after` (snapshots), in words: "size 2 → 3; added d; removed b",
 *  or "nothing changed". Entries with a key (or a name) are told apart by it. */
export function changes(before: unknown, after: unknown, most = 4): string {
  const said = differences(before, after, '');
  if (said.length === 0) return 'nothing changed';
  return said.length > most ? `${said.slice(0, most).join('; ')}; and ${plural(said.length - most, 'other change')}` : said.join('; ');
}

function differences(before: unknown, after: unknown, name: string): string[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(after) && Array.isArray(before)) return listDifferences(before, after, name);
  if (isRecord(after) && isRecord(before)) {
    return Object.keys(after).flatMap((key) => differences(before[key], after[key], key));
  }
  if (typeof after === 'object' || typeof before === 'object') return [];
  return [`${label(name)} ${scalar(before, name)} → ${scalar(after, name)}`];
}

function listDifferences(before: unknown[], after: unknown[], name: string): string[] {
  const keyed = (list: unknown[]) => list.every((e) => isRecord(e) && (typeof e.key === 'string' || typeof e.name === 'string'));
  if (keyed(before) && keyed(after)) {
    const withKey = (list: unknown[]) => list.map((e) => {
      const entry = e as Record<string, unknown>;
      return { ...entry, key: String(entry.key ?? entry.name) };
    });
    const change = diffByKey(withKey(before), withKey(after));
    return [
      ...(change.added.size ? [`added ${listed([...change.added])}`] : []),
      ...(change.changed.size ? [`changed ${listed([...change.changed])}`] : []),
      ...(change.removed.length ? [`removed ${listed(change.removed)}`] : []),
    ];
  }
  if (before.length !== after.length) return [`${label(name)}: ${before.length} → ${after.length}`];
  const changed = after.filter((e, i) => JSON.stringify(e) !== JSON.stringify(before[i])).length;
  return changed ? [`${changed} of ${before.length} ${label(name)} changed`] : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field name in words: "bitsSet" → "bits set", "nowMs" → "now". */
function label(name: string): string {
  return name.replace(/Ms$/, '').replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

function scalar(value: unknown, name: string): string {
  if (typeof value === 'number' && name.endsWith('Ms')) return seconds(value);
  return value === undefined ? 'none' : valueWords(value);
}
