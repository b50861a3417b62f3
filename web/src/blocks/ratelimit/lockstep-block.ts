// The seven rate limiters as one block with seven actors: each request and each clock advance
// goes to all of them (or to one, with "call as"), so one timeline shows who admits and who
// rejects the same request. Each keeps its own parameters; the page lists them all.
import { html } from 'lit';
import { type BlockDef, type FieldSpec, actorsOf } from '../../lab/block';
import '../../ui/sd-actors';
import { rateLimitBlocks } from './ratelimit-blocks';

const [first] = rateLimitBlocks;

/** Every member's parameters, once per name (the two leaky buckets share theirs). */
const params: FieldSpec[] = [...new Map(rateLimitBlocks.flatMap((b) => b.params).map((p) => [p.name, p])).values()];

export const rateLimitLockstepBlock: BlockDef = {
  id: 'lockstep',
  domain: 'ratelimit',
  title: 'Seven limiters in lockstep',
  summary: 'The same requests, at the same simulated times, through all seven algorithms: who admits, who rejects, and why.',
  params,
  methods: first.methods,
  actors: rateLimitBlocks.flatMap(actorsOf),
  view: 'sd-actors',
  words: first.words,
  phrases: first.phrases,
  explain: html`<p>Every call goes to all seven limiters, each on its own simulated clock, so
      <code>advance</code> moves them together. Each keeps its own parameters: set them to the same
      budget (for example 5 per 10 s: rate 0.5/s and burst 5, leak 0.5/s, limit 5 per 10,000 ms,
      GCRA 5 per 10,000 ms with burst 4) to see only the algorithms differ.</p>`,
  example: first.example,
};
