// Embedding a block in someone else's page, as data both ways: what <sdlab-block>'s attributes
// say (read and checked here, never evaluated), and the snippets an author copies for the run on
// show (a custom element, or a sandboxed iframe with a listener that fits its height).
//
// Calls are written as the page's log writes them — `put("a", "1"); get("a")`, an actor's as
// `lru: get("a")`; `block.` before a method is allowed, as in the console — with JSON arguments.
// Reading is O(length of the text); every call is checked against the block's own methods.
import { type Arg, type BlockDef, type Op, type Params, defaultParams, fieldError, formatCall, opError } from './block';
import { MAX_OPS } from './lab';
import { type LinkState, blockKey, decodeLink, encodeLink, opensIn } from './permalink';
import { formatRoute } from './route';

/** What an sdlab iframe posts to its parent page when its content height changes. */
export const HEIGHT_MESSAGE = 'sdlab:height';

/** The sandbox flags of the iframe snippet: scripts run in an opaque origin, and "Open in sdlab"
 *  opens the full page in a new tab that is not sandboxed. Never add allow-same-origin. */
export const FRAME_SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';

/** <sdlab-block>'s attributes that choose the run (absent: null). */
export interface RunAttributes {
  params: string | null;
  calls: string | null;
  step: string | null;
  state: string | null;
}

/** The block named by `key` ("domain/id"); throws an Error listing the blocks there are. */
export function readBlock(key: string | null, blocks: readonly BlockDef[]): BlockDef {
  const def = blocks.find((b) => blockKey(b) === key);
  if (!def) throw new Error(`block must name a block as "domain/id", got ${JSON.stringify(key)}; there are ${blocks.map(blockKey).join(', ')}`);
  return def;
}

/** The run the attributes describe; throws an Error naming the attribute and its rule. */
export function readRun(def: BlockDef, given: RunAttributes, findBlock: (key: string) => BlockDef | undefined): LinkState {
  if (given.state !== null) {
    if (given.params !== null || given.calls !== null || given.step !== null) {
      throw new Error('state replaces params, calls and step: give one or the others');
    }
    const link = decodeLink(given.state, findBlock);
    if (!opensIn(link.block, def)) throw new Error(`state is a link for ${blockKey(link.block)}, not ${blockKey(def)}`);
    return { ...link, block: def };
  }
  const ops = given.calls === null ? [] : parseCalls(def, given.calls);
  return { block: def, params: readParams(def, given.params), ops, cursor: readStep(given.step, ops.length) };
}

/** A block's parameters from a JSON object; the ones left out take their defaults. */
export function readParams(def: BlockDef, text: string | null): Params {
  const params = defaultParams(def);
  if (text === null) return params;
  let given: unknown;
  try {
    given = JSON.parse(text);
  } catch {
    given = undefined;
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new Error(`params must be a JSON object such as ${JSON.stringify(params)}, got ${JSON.stringify(text)}`);
  }
  for (const [name, value] of Object.entries(given)) {
    const field = def.params.find((p) => p.name === name);
    if (!field) throw new Error(`params: ${def.title} has no parameter ${JSON.stringify(name)}; it takes ${def.params.map((p) => p.name).join(', ') || 'none'}`);
    const error = fieldError(field, value);
    if (error) throw new Error(`params: ${error}`);
    params[name] = value as Arg;
  }
  return params;
}

function readStep(text: string | null, calls: number): number {
  if (text === null) return calls;
  const step = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(step <= calls)) throw new Error(`step must be an integer in [0, ${calls}] (one step per call), got ${JSON.stringify(text)}`);
  return step;
}

const CALL_HEAD = /(?:([\w-]+)\s*:\s*)?(?:block\.)?([A-Za-z_$][\w$]*)\s*\(/y;

/** Calls written as the log writes them; throws an Error naming the call and what is wrong. */
export function parseCalls(def: BlockDef, text: string): Op[] {
  const ops: Op[] = [];
  for (let at = skipSeparators(text, 0); at < text.length; at = skipSeparators(text, at)) {
    const which = `calls: call ${ops.length + 1}`;
    if (ops.length === MAX_OPS) throw new Error(`calls: at most ${MAX_OPS} calls`);
    CALL_HEAD.lastIndex = at;
    const head = CALL_HEAD.exec(text);
    if (!head) throw new Error(`${which} must read method(arguments), as the log writes it, at ${excerpt(text, at)}`);
    const close = closingParenthesis(text, CALL_HEAD.lastIndex);
    if (close < 0) throw new Error(`${which} has no closing parenthesis, at ${excerpt(text, at)}`);
    let args: unknown;
    try {
      args = JSON.parse(`[${text.slice(CALL_HEAD.lastIndex, close)}]`);
    } catch {
      throw new Error(`${which}: the arguments must be JSON values (strings in "double quotes"), at ${excerpt(text, at)}`);
    }
    const op = head[1] === undefined ? { method: head[2], args } : { method: head[2], args, actor: head[1] };
    const error = opError(def, op);
    if (error) throw new Error(`${which}: ${error}`);
    ops.push(op as Op);
    at = close + 1;
  }
  return ops;
}

export function formatCalls(ops: readonly Op[]): string {
  return ops.map(formatCall).join('; ');
}

function skipSeparators(text: string, at: number): number {
  while (at < text.length && /[\s;]/.test(text[at])) ++at;
  return at;
}

/** Where the `)` that ends a call's arguments is (JSON strings skipped), or -1. */
function closingParenthesis(text: string, from: number): number {
  for (let i = from; i < text.length; ++i) {
    if (text[i] === ')') return i;
    if (text[i] !== '"') continue;
    for (++i; i < text.length && text[i] !== '"'; ++i) if (text[i] === '\\') ++i;
  }
  return -1;
}

function excerpt(text: string, at: number): string {
  const rest = text.slice(at);
  return JSON.stringify(rest.length > 40 ? `${rest.slice(0, 40)}…` : rest);
}

/** The <sdlab-block> for `run`: the script (sdlab-embed.js, beside the site's index.html at
 *  `site`) and the element with every parameter, the calls, the step when it is not the last, and
 *  the tour when `run` is one playing. */
export function elementSnippet(site: string, run: LinkState, tour?: string): string {
  const step = run.cursor === run.ops.length ? '' : ` step="${run.cursor}"`;
  const calls = run.ops.length ? ` calls=${quote(formatCalls(run.ops))}` : '';
  return `<script type="module" src=${quote(new URL('sdlab-embed.js', site).href)}></script>
<sdlab-block block="${blockKey(run.block)}" params=${quote(JSON.stringify(run.params))}${calls}${step}${tour ? ` tour=${quote(tour)}` : ''}></sdlab-block>`;
}

/** The sandboxed iframe for `run` (the site at `site`), with the tour when `run` is one playing,
 *  and a script that sets each sdlab iframe's height to what its page reports. Throws when the run
 *  is too long for a link. */
export function iframeSnippet(site: string, run: LinkState, tour?: string): string {
  const url = new URL(site);
  url.hash = formatRoute({ path: blockKey(run.block), state: encodeLink(run), embed: true, tour });
  return `<iframe src=${quote(url.href)} sandbox="${FRAME_SANDBOX}"
        width="720" height="600" style="border:0; width:100%" title=${quote(`${run.block.title} · sdlab`)}></iframe>
<script>
  addEventListener('message', (e) => {
    const height = e.data?.type === '${HEIGHT_MESSAGE}' ? Math.ceil(e.data.height) : NaN;
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === e.source && height > 0 && height < 20000) frame.height = height;
    }
  });
</script>`;
}

/** An HTML attribute value in quotes: single quotes when it has none (JSON stays readable). */
function quote(value: string): string {
  const amp = value.replace(/&/g, '&amp;');
  return value.includes("'") ? `"${amp.replace(/"/g, '&quot;')}"` : `'${amp}'`;
}
