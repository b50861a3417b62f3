// Snowflake ids as the page sees them: several machines on one simulated clock, each id's 64 bits
// split into time, machine and sequence. The generator is the C++ in core/partition/snowflake.h.
import { html } from 'lit';
import type { BlockDef, FieldSpec } from '../../lab/block';
import './sd-snowflake-state';

const num = (name: string, fallback: number, hint?: string): FieldSpec => ({ name, type: 'number', default: fallback, hint });

export const snowflakeBlock: BlockDef = {
  id: 'snowflake',
  domain: 'partition',
  title: 'Snowflake ids',
  summary: '64-bit ids from many machines without coordination: time, machine, sequence.',
  params: [num('machines', 3, '1–1024')],
  methods: [
    { name: 'next', args: [num('machine', 0)], help: 'The next id from this machine.' },
    { name: 'advance', args: [num('ms', 1)], help: 'Move the shared simulated clock forward.' },
    { name: 'setSkew', args: [num('machine', 1), num('ms', -5, '±3600000')], help: 'This machine’s clock reads now + ms. Stepping it back (NTP) makes next() refuse.' },
    { name: 'decode', args: [{ name: 'id', type: 'string', default: '4194305' }], help: 'Split any id into its fields.' },
  ],
  create: (sdlab, p) => new sdlab.SnowflakeCluster(p.machines as number),
  view: 'sd-snowflake-state',
  explain: html`<p>An id is <code>0 | 41 bits of milliseconds since an epoch | 10 bits of machine | 12
      bits of sequence</code>. Each machine numbers the ids it makes within one millisecond
      0 … 4095; the 4,097th waits for the next millisecond. Ids from one machine increase; ids from
      different machines differ in the machine field, so no coordination is needed — Twitter's
      design, good for 69 years and 4,096,000 ids per second per machine.</p>
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
