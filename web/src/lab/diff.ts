// What changed between two states, by key: the view highlights added and changed entries and
// says which ones left.
export interface KeyedChange {
  added: Set<string>;
  changed: Set<string>;
  removed: string[];
}

export function diffByKey<T extends { key: string }>(
  before: readonly T[] | undefined,
  after: readonly T[],
  same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
): KeyedChange {
  const old = new Map((before ?? []).map((e) => [e.key, e]));
  const now = new Set(after.map((e) => e.key));
  const change: KeyedChange = { added: new Set(), changed: new Set(), removed: [] };
  for (const entry of after) {
    const previous = old.get(entry.key);
    if (!previous) change.added.add(entry.key);
    else if (!same(previous, entry)) change.changed.add(entry.key);
  }
  for (const key of old.keys()) if (!now.has(key)) change.removed.push(key);
  return change;
}
