// Permalinks: a block, its parameters, its operation log and the step on show, carried in the
// URL as data — never code. Versioned (v), size-capped, and checked field by field on the way in
// against the block's own method list, so a link can only replay calls the page could make.
// A link carries one run: the branch on show (its calls from creation) and its step. A run's other
// branches (lab.ts) are not in it; the link opens as a run of one branch.
//
// Format: base64url(deflate-raw(UTF-8 JSON {v: 2, b: "<domain>/<id>", p: {…}, o: [call, …], c}))
// where a call is [method, ...args], or {a: actor, c: [method, ...args]} when one actor made it.
// Version 1 (no actors) is still read. Logs are repetitive, so deflate (fflate) keeps long runs
// shareable.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { type BlockDef, type Op, type Params, fieldError, opError } from './block';
import { MAX_OPS } from './lab';

export const LINK_VERSION = 2;
/** Longest accepted encoded state, in characters: safe in every browser's URL and in chat apps. */
export const MAX_LINK_CHARS = 16_000;
/** The most a link may inflate to: deflate reaches ~1000:1, so a 16,000-character link could
 *  otherwise unpack to 12 MB of JSON. */
export const MAX_UNPACKED_BYTES = 1 << 20;

export interface LinkState {
  block: BlockDef;
  params: Params;
  ops: Op[];
  cursor: number;
}

export function blockKey(def: BlockDef): string {
  return `${def.domain}/${def.id}`;
}

export function encodeLink(state: LinkState): string {
  const encoded = pack({
    v: LINK_VERSION,
    b: blockKey(state.block),
    p: state.params,
    o: state.ops.map((op) => (op.actor === undefined ? [op.method, ...op.args] : { a: op.actor, c: [op.method, ...op.args] })),
    c: state.cursor,
  });
  if (encoded.length > MAX_LINK_CHARS) {
    throw new Error(`this run is too long for a link (${encoded.length} characters, at most ${MAX_LINK_CHARS})`);
  }
  return encoded;
}

/** Reads a link; throws an Error saying what is wrong with it. */
export function decodeLink(text: string, findBlock: (key: string) => BlockDef | undefined): LinkState {
  if (text.length > MAX_LINK_CHARS) throw new Error(`the link is too long (${text.length} characters, at most ${MAX_LINK_CHARS})`);
  let data: unknown;
  try {
    data = unpack(text);
  } catch (error) {
    throw new Error(`the link is damaged: ${error instanceof RangeError ? error.message : 'it is not valid encoded data'}`);
  }
  if (!isRecord(data)) throw new Error('the link is damaged: expected an object');
  if (data.v !== 1 && data.v !== LINK_VERSION) {
    throw new Error(`the link has version ${JSON.stringify(data.v)}; this page reads versions 1 and ${LINK_VERSION}`);
  }
  const block = typeof data.b === 'string' ? findBlock(data.b) : undefined;
  if (!block) throw new Error(`the link names an unknown block ${JSON.stringify(data.b)}`);

  if (!isRecord(data.p)) throw new Error('the link has no parameters');
  const params: Params = {};
  for (const field of block.params) {
    const value = data.p[field.name];
    const error = fieldError(field, value);
    if (error) throw new Error(`the link's parameter ${error}`);
    params[field.name] = value as Params[string];
  }

  if (!Array.isArray(data.o) || data.o.length > MAX_OPS) throw new Error(`the link's log must be a list of at most ${MAX_OPS} calls`);
  const ops = data.o.map((entry: unknown, index: number): Op => {
    const op = data.v === 1 ? readCall(entry) : readActorCall(entry);
    if (!op) throw new Error(`call ${index + 1} in the link is damaged`);
    const error = opError(block, op);
    if (error) throw new Error(`call ${index + 1} in the link: ${error}`);
    return op as Op;
  });

  const cursor = data.c;
  if (!Number.isInteger(cursor) || (cursor as number) < 0 || (cursor as number) > ops.length) {
    throw new Error(`the link's step must be an integer in [0, ${ops.length}]`);
  }
  return { block, params, ops, cursor: cursor as number };
}

function readCall(entry: unknown): { method: unknown; args: unknown[] } | undefined {
  return Array.isArray(entry) && entry.length > 0 ? { method: entry[0], args: entry.slice(1) } : undefined;
}

function readActorCall(entry: unknown): { method: unknown; args: unknown[]; actor?: unknown } | undefined {
  if (!isRecord(entry)) return readCall(entry);
  const call = readCall(entry.c);
  return call && typeof entry.a === 'string' && Object.keys(entry).length === 2 ? { ...call, actor: entry.a } : undefined;
}

/** Whether a link for `linked` opens on the page of `def`: the same block, or (version-1 links
 *  of the old comparison pages, which named their first block) one of its actors. */
export function opensIn(linked: BlockDef, def: BlockDef): boolean {
  return linked === def || (linked.domain === def.domain && (def.actors?.some((actor) => actor.id === linked.id) ?? false));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON → deflate → base64url. */
export function pack(value: unknown): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(value)), { level: 9 }));
}

/** The inverse of pack(); throws on anything that is not a packed JSON value of at most
 *  MAX_UNPACKED_BYTES. */
export function unpack(text: string): unknown {
  // Into a fixed buffer one byte longer than allowed: fflate drops what does not fit, so a full
  // buffer means the data was longer.
  const json = inflateSync(fromBase64Url(text), { out: new Uint8Array(MAX_UNPACKED_BYTES + 1) });
  if (json.length > MAX_UNPACKED_BYTES) throw new RangeError(`it unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
  return JSON.parse(strFromU8(json));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
