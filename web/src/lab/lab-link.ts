// Permalinks for lab pages: their option values in the URL (#/<path>?s=…), packed like block
// permalinks. Reading takes only the options the page knows, each with its default's type, so a
// link carries data, never code; the block's own checks then judge the values.
import { pack, unpack } from './permalink';
import { formatRoute } from './route';

export type Options = Record<string, number | string>;

export function writeLabLink(path: string, options: Options): void {
  history.replaceState(null, '', formatRoute({ path, state: pack({ v: 1, o: options }), embed: false }));
}

/** The options in `state` over `defaults`; throws an Error saying what is wrong with the link. */
export function readLabLink(state: string | undefined, defaults: Options): Options {
  if (!state) return defaults;
  let data: unknown;
  try {
    data = unpack(state);
  } catch {
    throw new Error('the link is damaged: it is not valid encoded data');
  }
  const options = (data as { v?: unknown; o?: unknown })?.o;
  if ((data as { v?: unknown })?.v !== 1 || typeof options !== 'object' || options === null) {
    throw new Error('the link is not a lab link of version 1');
  }
  const read: Options = { ...defaults };
  for (const [name, fallback] of Object.entries(defaults)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== typeof fallback) throw new Error(`the link's ${name} must be a ${typeof fallback}`);
    read[name] = value as number | string;
  }
  return read;
}
