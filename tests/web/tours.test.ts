// @vitest-environment happy-dom
// Tours and quiz questions, on the real module. Every tour names a registered block, starts from
// valid parameters and plays to its end; what its sentences say happened is what the calls did;
// every question the quiz asks on a tour's calls has the real outcome among its choices, and the
// outcomes the tours teach are the ones the quiz reads.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { MessageQueueSnapshot, MoveReport, QueueDelivery, QueueSendResult, RateLimitDecision, SdlabModule } from 'sdlab-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks, domains, findBlock, quizOf, toursOf } from '../../web/src/blocks/index';
import { type BlockDef, type Op, defaultParams, fieldError, opError } from '../../web/src/lab/block';
import { type Frame, Lab } from '../../web/src/lab/lab';
import { type Tour, isTourRun, tourParams, tourText } from '../../web/src/lab/tour';

const modulePath = resolve(process.env.SDLAB_NODE_MODULE ?? 'build/wasm/wasm/sdlab_node.js');
let sdlab: SdlabModule;

beforeAll(async () => {
  sdlab = await (createRequire(import.meta.url)(modulePath) as () => Promise<SdlabModule>)();
});

const tours = domains.flatMap((d) => d.tours.map((tour) => [`${d.id}/${tour.block}?tour=${tour.id}`, d.id, tour] as const));

interface Played {
  frames: Frame[];
  /** The quiz's answer to each step's question (undefined: not asked), read after the call. */
  answers: (string | undefined)[];
  states: unknown[];
}

/** Plays `tour` on its block as the page does, asking the block's quiz before every call. */
function play(def: BlockDef, tour: Tour): Played {
  const lab = new Lab(def, sdlab, tourParams(def, tour));
  const quiz = quizOf(def);
  const played: Played = { frames: [], answers: [], states: [] };
  for (const [index, { call }] of tour.steps.entries()) {
    const question = quiz?.(call, lab.frame);
    const outcome = lab.call(call.method, call.args, call.actor);
    expect(outcome, `step ${index + 1}, ${call.method}`).toMatchObject({ ok: true });
    const frame = lab.frame;
    played.frames.push({ op: frame.op, result: frame.result, trace: frame.trace, state: frame.state });
    played.states.push(frame.state);
    const answer = question?.answer(frame);
    if (question) expect(question.choices).toContain(answer);
    played.answers.push(answer);
  }
  lab.dispose();
  return played;
}

describe('tours', () => {
  it('every domain with blocks has a tour (a tour plays a block; a domain of labs alone has none); ids are unique per block', () => {
    for (const domain of domains) expect(domain.tours.length > 0, domain.id).toBe(domain.blocks.length > 0);
    for (const def of allBlocks) {
      const ids = toursOf(def).map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it.each(tours)('%s names its block, valid parameters and calls, and plays to its end', (_, domain, tour) => {
    const def = findBlock(`${domain}/${tour.block}`)!;
    expect(def, 'a registered block').toBeDefined();
    const params = tourParams(def, tour);
    for (const name of Object.keys(tour.params)) expect(def.params.map((p) => p.name)).toContain(name);
    for (const field of def.params) expect(fieldError(field, params[field.name])).toBeUndefined();
    for (const step of tour.steps) expect(opError(def, step.call)).toBeUndefined();
    expect(play(def, tour).frames).toHaveLength(tour.steps.length);
    expect(tourText(tour, tour.steps.length)).toEqual({ say: tour.steps.at(-1)!.say, summary: tour.summary });
    expect(tourText(tour, 0)).toEqual({ say: tour.intro });
  });

  it('a link is a run of a tour when it has its parameters and begins with its calls', () => {
    const def = findBlock('cache/lfu')!;
    const [tour] = toursOf(def);
    const params = tourParams(def, tour);
    const calls = tour.steps.map((s) => s.call);
    expect(isTourRun(def, tour, { params, ops: calls.slice(0, 3) })).toBe(true);
    expect(isTourRun(def, tour, { params, ops: [calls[1]] })).toBe(false);
    expect(isTourRun(def, tour, { params: { ...params, capacity: 4 }, ops: [] })).toBe(false);
  });
});

/** What each tour's sentences claim, checked against the calls it makes. */
const claims: Record<string, (played: Played) => void> = {
  'hot-key': ({ frames, answers, states }) => {
    expect(frames.slice(6).map((f) => f.result)).toEqual(['a', 'b', 'c']);
    expect(answers.slice(6)).toEqual(['a', 'b', 'c']);
    expect((states.at(-1) as { entries: { key: string; frequency: number }[] }).entries).toContainEqual(expect.objectContaining({ key: 'hot', frequency: 4 }));
  },
  recency: ({ frames, answers }) => {
    expect(frames[4].result).toBe('b');
    expect(answers.slice(3)).toEqual(['hit', 'b', 'miss']);
  },
  'boundary-burst': ({ frames, answers }) => {
    const decisions = frames.map((f) => (f.op?.method === 'request' ? (f.result as RateLimitDecision) : undefined));
    expect(decisions.map((d) => d?.allowed)).toEqual([undefined, true, true, true, true, true, false, undefined, true, true, true, true, true, false]);
    expect(decisions[6]?.retryAfterMs).toBe(1000);
    expect(answers.filter((a) => a !== undefined)).toEqual(decisions.filter((d) => d).map((d) => (d!.allowed ? 'admitted' : 'rejected')));
  },
  maybe: ({ frames, answers, states }) => {
    const probes = (f: Frame) => f.trace.filter((s) => s.kind === 'probe').map((s) => Number(s.subject));
    expect(states[4]).toMatchObject({ bits: 17, hashes: 2, bitsSet: 5 });
    expect((states[4] as { cells: number[] }).cells.flatMap((c, i) => (c ? [i] : []))).toEqual([1, 2, 5, 11, 13]);
    expect(frames.slice(5).map((f) => f.result)).toEqual([true, false, true]);
    expect(answers.slice(5)).toEqual(['maybe', 'definitely not', 'maybe']);
    expect([probes(frames[5]), probes(frames[6]), probes(frames[7])]).toEqual([[13, 1], [6], [5, 11]]);
    expect((states[4] as { falsePositiveRate: number }).falsePositiveRate).toBeCloseTo(0.2, 1);
  },
  'ring-join': ({ frames, answers }) => {
    const [join, leave] = [frames[1].result as MoveReport, frames[3].result as MoveReport];
    expect([frames[0].result, frames[2].result]).toEqual(['B', 'B']);
    expect([join.movedCount, join.modNMoved, join.keyCount]).toEqual([6, 32, 40]);
    expect(new Set(join.moved.map((m) => m.to))).toEqual(new Set(['D']));
    expect([leave.movedCount, leave.modNMoved]).toEqual([6, 28]);
    expect(new Set(leave.moved.map((m) => m.from))).toEqual(new Set(['A']));
    expect(new Set(leave.moved.map((m) => m.to))).toEqual(new Set(['B', 'D']));
    expect(answers).toEqual(['B', 'every one to D', 'B', 'only A’s keys']);
  },
  redelivery: ({ frames, answers, states }) => {
    const delivered = (i: number) => frames[i].result as QueueDelivery | undefined;
    expect((frames[1].result as QueueSendResult).duplicate).toBe(true);
    expect((states[1] as MessageQueueSnapshot).visible.map((m) => m.id)).toEqual(['order-1']);
    expect([delivered(2)?.receipt, delivered(2)?.visibleAtMs]).toEqual(['r0.1', 1000]);
    expect((states[3] as MessageQueueSnapshot).visible.map((m) => m.id)).toEqual(['order-1']);
    expect([delivered(4)?.receipt, delivered(4)?.receives]).toEqual(['r0.2', 2]);
    expect((states[5] as MessageQueueSnapshot).visible.map((m) => m.receives)).toEqual([2]);
    expect(delivered(6)).toBeUndefined();
    expect(frames[6].trace.map((s) => s.kind)).toEqual(['dead-letter', 'empty']);
    expect((states[6] as MessageQueueSnapshot).deadLetters.map((m) => m.id)).toEqual(['order-1']);
    expect(answers.filter((a) => a !== undefined)).toEqual(['order-1', 'order-1', 'nothing']);
  },
};

describe('what the tours say', () => {
  it('every tour has its claims checked', () => {
    expect(tours.map(([, , tour]) => tour.id).sort()).toEqual(Object.keys(claims).sort());
  });

  it.each(tours)('%s', (_, domain, tour) => {
    claims[tour.id](play(findBlock(`${domain}/${tour.block}`)!, tour));
  });
});

describe('quiz questions', () => {
  it('offer the keys on show and "none" for a put, and read the eviction from the real call', () => {
    const def = findBlock('cache/lru')!;
    const lab = new Lab(def, sdlab, { capacity: 2 }, [{ method: 'put', args: ['a', '1'] }, { method: 'put', args: ['b', '2'] }]);
    const put = { method: 'put', args: ['c', '3'] };
    const question = quizOf(def)!(put, lab.frame)!;
    expect(question.ask).toBe('Which key will put("c", "3") evict?');
    expect(question.choices).toEqual(['b', 'a', 'none']);
    lab.call(put.method, put.args);
    expect(question.answer(lab.frame)).toBe('a');
    lab.seek(1);
    expect(quizOf(def)!({ method: 'put', args: ['a', '9'] }, lab.frame)!.answer((lab.call('put', ['a', '9']), lab.frame))).toBe('none');
    expect(quizOf(def)!({ method: 'peek', args: ['a'] }, lab.frame)).toBeUndefined();
    lab.dispose();
  });

  it('ask a write-back cache where a get finds its value and what a crash loses, from the real calls', () => {
    const def = findBlock('cache/write-back')!;
    const lab = new Lab(def, sdlab, { ...defaultParams(def), capacity: 2 }, [{ method: 'put', args: ['a', '1'] }, { method: 'put', args: ['b', '2'] }]);
    const ask = (method: string, args: Op['args']) => {
      const question = quizOf(def)!({ method, args }, lab.frame)!;
      lab.call(method, args);
      return { ...question, answer: question.answer(lab.frame) };
    };
    expect(ask('get', ['a'])).toMatchObject({ ask: 'Where will get("a") find its value?', answer: 'the cache' });
    const crash = ask('crash', []);
    expect(crash.choices).toEqual(['0', '1', '2']);
    expect(crash.answer).toBe('2');
    expect(ask('get', ['a']).answer).toBe('nowhere: absent');
    lab.dispose();
    const through = findBlock('cache/write-through')!;
    const safe = new Lab(through, sdlab, defaultParams(through), [{ method: 'put', args: ['a', '1'] }]);
    for (const [method, answer] of [['crash', '0'], ['get', 'the slow store']]) {
      const args = method === 'get' ? ['a'] : [];
      const question = quizOf(through)!({ method, args }, safe.frame)!;
      safe.call(method, args);
      expect(question.answer(safe.frame), method).toBe(answer);
    }
    safe.dispose();
  });

  it('ask what a count-min update does to the top-K, from the steps it reported', () => {
    const def = findBlock('probabilistic/count-min')!;
    const lab = new Lab(def, sdlab, { ...defaultParams(def), topK: 1 });
    const answer = (args: Op['args']) => {
      const question = quizOf(def)!({ method: 'update', args }, lab.frame)!;
      lab.call('update', args);
      return question.answer(lab.frame);
    };
    expect([answer(['x', 1]), answer(['x', 1]), answer(['y', 1]), answer(['y', 5])]).toEqual(['it joins them', 'no change', 'no change', 'it pushes one out']);
    expect(quizOf(def)!({ method: 'query', args: ['x'] }, lab.frame)).toBeUndefined();
    lab.dispose();
  });

  it('are offered only on blocks of one instance', () => {
    for (const def of allBlocks) if (def.actors) expect(quizOf(def), def.id).toBeUndefined();
  });
});
