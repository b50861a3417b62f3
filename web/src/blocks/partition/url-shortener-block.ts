// The URL shortener as the page sees it: codes from a counter, a hash or Snowflake ids, custom
// aliases, expiry on a simulated clock and click counts. The service is the C++ in
// core/partition/url_shortener.h.
import { html } from 'lit';
import type { BlockDef, FieldSpec } from '../../lab/block';
import './sd-short-code-capacity';
import './sd-url-shortener-state';

const url: FieldSpec = { name: 'url', type: 'string', default: 'https://example.com/a/long/path?with=query' };
const code: FieldSpec = { name: 'code', type: 'string', default: '0000' };

export const urlShortenerBlock: BlockDef = {
  id: 'url-shortener',
  domain: 'partition',
  title: 'URL shortener',
  summary: 'Short codes from a counter, a hash or Snowflake ids; aliases, expiry, clicks.',
  params: [
    { name: 'mode', type: 'choice', default: 'counter', choices: ['counter', 'hash', 'snowflake'] },
    { name: 'codeLength', type: 'number', default: 4, hint: '4–8' },
  ],
  methods: [
    { name: 'shorten', args: [url], help: 'A new short code for the URL.' },
    { name: 'resolve', args: [code], help: 'Follow a code: counts a click; says when it is expired or unknown.' },
    { name: 'shortenWithAlias', args: [url, { name: 'alias', type: 'string', default: 'my-link' }], help: 'A code of your choosing: 4–32 of A-Z a-z 0-9 _ -, not reserved, not taken.' },
    { name: 'shortenWithTtl', args: [url, { name: 'ttlMs', type: 'number', default: 1000 }], help: 'A code that expires.' },
    { name: 'advance', args: [{ name: 'ms', type: 'number', default: 1000 }], help: 'Move the simulated clock forward.' },
  ],
  create: (sdlab, p) => new sdlab.UrlShortener(p.mode as 'counter', p.codeLength as number),
  view: 'sd-url-shortener-state',
  explain: html`<p><strong>counter</strong>: base62 of an increasing counter — short, no collisions,
      but guessable and one counter to coordinate. <strong>hash</strong>: a hash of the URL in
      base62 cut to the code length; a collision re-hashes with a salt (watch the trace), and the
      same URL gets its code back. <strong>snowflake</strong>: base62 of a Snowflake id from several
      servers — no coordination, but about 11 characters.</p>
    <p>How long do codes last? At 1,000 new links a second:</p>
    <sd-short-code-capacity rate="1000"></sd-short-code-capacity>`,
  example: [
    { method: 'shorten', args: ['https://example.com/docs'] },
    { method: 'shortenWithAlias', args: ['https://example.com/launch', 'launch'] },
    { method: 'shortenWithTtl', args: ['https://example.com/sale', 500] },
    { method: 'resolve', args: ['launch'] },
    { method: 'resolve', args: ['launch'] },
    { method: 'advance', args: [600] },
    { method: 'resolve', args: ['0001'] },
  ],
};
