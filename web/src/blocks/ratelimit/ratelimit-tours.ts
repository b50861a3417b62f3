// Tours of the rate limiters for a first-time learner (see lab/tour.ts). What each sentence says
// happened is pinned by tests/web/tours.test.ts against the real calls.
import type { Tour, TourStep } from '../../lab/tour';

const request = (say: string): TourStep => ({ call: { method: 'request', args: [1] }, say });
const advance = (ms: number, say: string): TourStep => ({ call: { method: 'advance', args: [ms] }, say });

export const rateLimitTours: readonly Tour[] = [
  {
    id: 'boundary-burst',
    block: 'fixed-window',
    title: 'The fixed window’s boundary burst',
    params: { limit: 5, windowMs: 10000 },
    intro: 'A fixed window counts requests in aligned windows of 10 s — [0 s, 10 s), [10 s, 20 s), … — and admits at most 5 in each. The count starts again at every boundary, whatever came just before it.',
    steps: [
      advance(9000, 'The clock moves to 9 s: one second before the first window ends.'),
      request('Admitted: 1 of 5 in this window.'),
      request('Admitted: 2 of 5.'),
      request('Admitted: 3 of 5.'),
      request('Admitted: 4 of 5.'),
      request('Admitted: 5 of 5. The window is full.'),
      request('Rejected: this window’s 5 are spent. Retry after 1 s — when the window ends.'),
      advance(1000, 'The clock reaches 10 s: a new window begins and its count is back to 0.'),
      request('Admitted at once: 1 of 5 in the new window.'),
      request('Admitted: 2 of 5.'),
      request('Admitted: 3 of 5.'),
      request('Admitted: 4 of 5.'),
      request('Admitted: 5 of 5 — and 10 requests within one second (9 s to 10 s), twice the limit, each one within the rules.'),
      request('Rejected: the new window is full until 20 s.'),
    ],
    summary:
      'A fixed window promises 5 per window, not 5 in any 10 seconds: a client that bursts at the end of one window and again at the start of the next gets twice the limit through at once. A sliding-window log refuses the second five (it counts the last 10 s at every instant); the traffic lab runs this boundary attack through all seven algorithms.',
  },
];
