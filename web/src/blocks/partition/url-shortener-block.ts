// The URL shortener as the page sees it: codes from a counter, a hash or Snowflake ids, custom
// aliases, expiry on a simulated clock and click counts. The service is the C++ in
// core/partition/url_shortener.h.
import { html } from 'lit';
import { methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef } from '../../lab/block';
import './sd-short-code-capacity';
import { urlShortenerPhrases, urlShortenerWords } from './partition-words';
import './sd-url-shortener-state';

const url = 'https://example.com/a/long/path?with=query';

export const urlShortenerBlock: BlockDef = {
  id: 'url-shortener',
  domain: 'partition',
  title: 'URL shortener',
  summary: 'Short codes from a counter, a hash or Snowflake ids; aliases, expiry, clicks.',
  params: paramsOf('UrlShortener', { mode: 'counter', codeLength: 4 }),
  methods: methodsOf('UrlShortener', {
    shorten: [url], resolve: ['0000'], shortenWithAlias: [url, 'my-link'], shortenWithTtl: [url, 1000], advance: [1000],
  }),
  create: (sdlab, p) => new sdlab.UrlShortener(p.mode as 'counter', p.codeLength as number),
  view: 'sd-url-shortener-state',
  words: urlShortenerWords,
  phrases: urlShortenerPhrases,
  explain: html`<p><strong>counter</strong>: base62 of an increasing counter — short, no collisions,
      but guessable and one counter to coordinate. <strong>hash</strong>: a hash of the URL in
      base62 cut to the code length; a collision re-hashes with a salt (watch the trace), and the
      same URL gets its code back. <strong>snowflake</strong>: base62 of a Snowflake id from several
      servers — no coordination, but the code grows with the time since the epoch. This clock
      starts at the epoch, so codes begin at the code length and pass 7 characters after 13.5 s;
      a real service, years past its epoch, hands out 11 (from 6.3 years on).</p>
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
