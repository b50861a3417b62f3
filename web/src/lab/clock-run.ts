// ClockRun: a block's simulated clock running by itself, so that a limiter refills or a TTL runs
// out while you watch. Every TICK_MS of real time it calls the block's advance(TICK_MS × speed),
// and folds consecutive ticks into the one call it logged first (Lab.amendLast): a minute of
// watching adds one advance(…) to the log and the permalink, not 600. Folding relies on advance
// adding up — advance(a) then advance(b) is advance(a + b), true of every block's clock for whole
// milliseconds. A tick that would take the folded argument past the method's maximum, or that the
// lab will not fold (another branch already makes the folded call), logs a new call instead. The
// run stops on stop() (the page calls it when it steps, switches branch or replaces the lab), when
// a call fails, and when the page is hidden (a background tab would otherwise pile up time unseen).
import type { Op } from './block';
import type { Lab, Outcome } from './lab';

export const TICK_MS = 100;
export const CLOCK_SPEEDS = [1, 10] as const;
export type ClockSpeed = (typeof CLOCK_SPEEDS)[number];

export class ClockRun {
  /** The speed while running, undefined while stopped. */
  speed?: ClockSpeed;
  private timer?: ReturnType<typeof setInterval>;
  /** The lab and the advance call this run logged last, which the next tick folds into while it
   *  is still the last call and on show. */
  private folding?: { lab: Lab; op: Op };

  /**
   * @param lab the lab to advance (read at every tick: the page may replace it)
   * @param max the largest argument advance takes
   * @param changed called after every tick with its outcome, and without one when the run stops
   */
  constructor(
    private readonly lab: () => Lab,
    private readonly max: number,
    private readonly changed: (outcome?: Outcome) => void,
  ) {}

  start(speed: ClockSpeed): void {
    this.halt();
    this.speed = speed;
    this.timer = setInterval(this.tick, TICK_MS);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.changed();
  }

  stop(): void {
    this.halt();
    this.changed();
  }

  /** One tick: advance the clock by TICK_MS × speed, folded into the run's last call when it can. */
  tick = (): Outcome => {
    const lab = this.lab();
    const by = TICK_MS * (this.speed ?? 1);
    const last = lab.callAt(lab.length - 1);
    const total = Number(last?.args[0]) + by;
    const folds = this.folding?.lab === lab && this.folding.op === last && lab.atEnd && total <= this.max;
    let outcome = folds ? lab.amendLast({ method: 'advance', args: [by] }, { method: 'advance', args: [total] }) : undefined;
    if (!outcome?.ok) outcome = lab.call('advance', [by]);  // a refused fold says why again, or logs anew
    if (outcome.ok) this.folding = { lab, op: lab.callAt(lab.length - 1)! };
    else this.halt();
    this.changed(outcome);
    return outcome;
  };

  private halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.speed = undefined;
    this.folding = undefined;
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private onVisibility = (): void => {
    if (document.hidden) this.stop();
  };
}
