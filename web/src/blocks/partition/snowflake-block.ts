// Snowflake ids as the page sees them: several machines on one simulated clock, each id's 64 bits
// split into time, machine and sequence. The generator is the C++ in core/partition/snowflake.h.
import { html } from 'lit';
import { methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef } from '../../lab/block';
import { snowflakePhrases, snowflakeWords } from './partition-words';
import './sd-snowflake-state';

export const snowflakeBlock: BlockDef = {
  id: 'snowflake',
  domain: 'partition',
  title: 'Snowflake ids',
  summary: '64-bit ids from many machines without coordination: time, machine, sequence.',
  params: paramsOf('SnowflakeCluster', { machines: 3 }),
  methods: methodsOf('SnowflakeCluster', { next: [0], advance: [1], setSkew: [1, -5], decode: ['4194305'] }),
  create: (sdlab, p) => new sdlab.SnowflakeCluster(p.machines as number),
  view: 'sd-snowflake-state',
  words: snowflakeWords,
  phrases: snowflakePhrases,
  explain: html`<p>An id is <code>0 | 41 bits of milliseconds since an epoch | 10 bits of machine | 12
      bits of sequence</code>. Each machine numbers the ids it makes within one millisecond
      0 … 4095; the 4,097th waits for the next millisecond. Ids from one machine increase; ids from
      different machines differ in the machine field, so no coordination is needed — Twitter's
      design, good for 69 years and 4,096,000 ids per second per machine. At the end of those 69
      years the 4,097th id of the last millisecond is refused: there is no next millisecond.</p>
    <p><strong>The catch</strong> is the clock: if a machine's clock steps back, it could repeat a
      time it already used, so it refuses to make ids until its clock passes the last one.</p>`,
  example: [
    { method: 'next', args: [0] },
    { method: 'next', args: [0] },
    { method: 'next', args: [1] },
    { method: 'advance', args: [20] },
    { method: 'next', args: [2] },
    { method: 'setSkew', args: [2, -10] },
  ],
};
