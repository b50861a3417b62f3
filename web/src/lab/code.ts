// What a block page shows beside the picture as "the code that ran": the block's C++ file, open
// before any step has named its own (each trace step reports the file and line it came from), and
// the block's main methods as short pseudocode for those who prefer it.
//
// Pseudocode is a list of lines; a line may name the trace-step kinds it stands for, and a step of
// that kind lights it:
//   pseudocode('put(key, value):', ['  if full: drop the tail', 'evict'], …)

/** One line of pseudocode and the step kinds that light it. */
export interface PseudoLine {
  text: string;
  kinds: readonly string[];
}

export interface BlockCode {
  /** core/… path of the C++ file to show first. */
  file: string;
  pseudocode: readonly PseudoLine[];
}

/** Lines written as a text, or as [text, ...kinds]. */
export function pseudocode(...lines: (string | readonly [string, ...string[]])[]): PseudoLine[] {
  return lines.map((line) => (typeof line === 'string' ? { text: line, kinds: [] } : { text: line[0], kinds: line.slice(1) }));
}

/** The index of the line a step of `kind` lights, or -1. */
export function litLine(code: readonly PseudoLine[], kind: string): number {
  return code.findIndex((line) => line.kinds.includes(kind));
}
