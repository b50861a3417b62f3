// <sd-block-page>: the generic page of one block, or of several actors in lockstep. It owns a Lab
// (the instances driven by an operation log), and shows: the parameters, a form to call any API
// method (as every actor or one), the state drawn by the block's own view with what changed
// highlighted, the steps the algorithm reported, the block's invariants as a checklist (the step
// that first broke one is a link to it), a timeline to step and play through the run, the
// log of calls (kept scrolled to the step on show), a console, a permalink that reproduces the run
// at the step on show, an author panel with the snippets that embed this run in another page, and
// an Export menu (the run as JSON, the picture as SVG or PNG). Copying a link or a snippet says it
// did, or, without a clipboard, selects the text in a field to copy by hand. A link's log replays
// in slices with progress and a Cancel; a link that could not be opened is named until the next
// successful call. A call while stepped back starts a branch (the old future is kept; the page
// lists the branches to switch between); Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z step back and forward. A
// block with tours has a Tours menu, and the address (or <sdlab-block tour>) can name a tour to
// play; quiz mode asks the learner to predict each call before it is made. In embed mode (an
// iframe, or <sdlab-block>) it keeps only the essentials and a link to the full page. As a guest
// in another page (`site` set: <sdlab-block>) it leaves the host's address bar alone and takes the
// timeline keys only while focus is inside it. A block with an `advance` method gets a clock that
// runs by itself at 1× or 10× (ClockRun: its ticks fold into one logged call; stepping, switching
// branch or restarting stops it).
//
// The narration and the log say each call in words (the block's `words`), with the full result
// one click away. The steps of the call on show nest as the C++ reported them, each with its
// figures and source line; a sub-step cursor ([ and ], or the buttons) walks them, and the view
// is given the sub-step on show to highlight.
import { LitElement, css, html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { SdlabModule, TraceStep } from 'sdlab-wasm';
import { type Arg, type BlockDef, type Op, type Params, clip, defaultParams, fieldError, formatCall } from '../lab/block';
import { CLOCK_SPEEDS, ClockRun, TICK_MS } from '../lab/clock-run';
import type { BlockCode } from '../lab/code';
import { elementSnippet, iframeSnippet } from '../lab/embed';
import { Lab, type Outcome, type ReplayEnd, nextTask } from '../lab/lab';
import { type LinkState, blockKey, encodeLink } from '../lab/permalink';
import type { Marked, Question, Quiz } from '../lab/quiz';
import { formatRoute, parseRoute } from '../lab/route';
import { type Tour, isTourRun, tourParams } from '../lab/tour';
import { plural, sayStep } from '../lab/words';
import { timelineKeys } from './keys';
import './sd-branches';
import { fieldInput, fieldValue, onEnter } from './sd-call-form';
import './sd-console';
import type { ConsoleScope } from './sd-console';
import './sd-export-menu';
import './sd-invariants';
import './sd-quiz';
import './sd-source';
import './sd-timeline';
import type { SdTimeline } from './sd-timeline';
import './sd-tour';

/** Time a render, or a slice between tasks, spends putting the log's calls into words, ms. */
const SAY_MS = 12;

interface Rejected {
  call: string;
  error: string;
}

export class SdBlockPage extends LitElement {
  static properties = {
    def: { attribute: false },
    sdlab: { attribute: false },
    link: { attribute: false },
    linkProblem: { attribute: false },
    embed: { type: Boolean },
    site: { attribute: false },
    tours: { attribute: false },
    tourId: { attribute: false },
    quiz: { attribute: false },
    code: { attribute: false },
    lab: { state: true },
    error: { state: true },
    rejected: { state: true },
    revision: { state: true },
    replaying: { state: true },
    authoring: { state: true },
    playing: { state: true },
    quizOn: { state: true },
    asking: { state: true },
    marked: { state: true },
    score: { state: true },
    copied: { state: true },
    substep: { state: true },
    clockSpeed: { state: true },
  };
  declare def: BlockDef;
  declare sdlab: SdlabModule;
  /** The state to open, from a permalink. */
  declare link: LinkState | undefined;
  /** Why the permalink could not be opened: shown as the error until the next successful call. */
  declare linkProblem: string;
  declare embed: boolean;
  /** The address of the sdlab site when this page is a guest in another page; unset on the site. */
  declare site: string | undefined;
  /** The block's tours, and the one the address asks to play. */
  declare tours: readonly Tour[];
  declare tourId: string | undefined;
  /** The questions quiz mode asks about this block's calls (none: no quiz mode). */
  declare quiz: Quiz | undefined;
  /** The code shown beside the picture, with the line of the step on show lit (none: no panel). */
  declare code: BlockCode | undefined;
  declare lab: Lab;
  declare error: string;
  declare rejected: Rejected[];
  /** Bumped on every change of the lab, which Lit cannot see into. */
  declare revision: number;
  /** A link's log being replayed: calls done of total, and how to stop. */
  declare replaying: { done: number; total: number; stop: AbortController } | undefined;
  /** The author panel is open. */
  declare authoring: boolean;
  /** The tour playing: its step is the step on show. */
  declare playing: Tour | undefined;
  declare quizOn: boolean;
  /** A call waiting for the learner's prediction (`times` over). */
  declare asking: { op: Op; question: Question; times: number } | undefined;
  declare marked: Marked | undefined;
  declare score: { right: number; asked: number };
  /** What the last copy did: copied, or (no clipboard) the text to copy by hand. */
  declare copied: { note: string; text?: string } | undefined;
  /** The clock's speed while it runs by itself. */
  declare clockSpeed: number | undefined;
  private clock?: ClockRun;
  /** The step whose log row was last scrolled into view. */
  private loggedStep?: { lab: Lab; cursor: number };
  /** The permalink state of the run on show, as last written; none before the first call or
   *  replay, or when the run is too long for a link. */
  private written?: string;
  /** The step of the call on show that the sub-step cursor is on; undefined: the whole call. */
  declare substep: number | undefined;
  /** The words of each call, kept with the call: a call's words never change. */
  private words = new WeakMap<Op, { lab: Lab; index: number; text: string }>();
  /** Saying the log's calls that have no words yet, between tasks. */
  private saying = false;
  private onKey = timelineKeys(() => this.renderRoot.querySelector<SdTimeline>('sd-timeline'), {
    '[': () => this.moveSubstep(-1),
    ']': () => this.moveSubstep(1),
  });

  constructor() {
    super();
    this.embed = false;
    this.linkProblem = '';
    this.error = '';
    this.rejected = [];
    this.revision = 0;
    this.authoring = false;
    this.tours = [];
    this.quizOn = false;
    this.score = { right: 0, asked: 0 };
  }

  /** What the page was opened from, for messages about it. */
  private get linkName(): string {
    return this.site === undefined ? 'This link' : "<sdlab-block>'s run";
  }

  /** Where the timeline keys are taken: the whole window on the site, this page as a guest. */
  private get keyTarget(): EventTarget {
    return this.site === undefined ? window : this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    const link = this.link;
    try {
      this.lab = new Lab(this.def, this.sdlab, link?.params ?? defaultParams(this.def));
      if (link) this.replay(link.ops, link.cursor);
    } catch (error) {
      this.lab = new Lab(this.def, this.sdlab, defaultParams(this.def));
      this.error = `${this.linkName} could not be replayed: ${(error as Error).message}`;
    }
    this.error ||= this.linkProblem;
    if (this.tourId) this.openTour(this.tourId, link);
    this.keyTarget.addEventListener('keydown', this.onKey as EventListener);
    const advance = this.def.methods.find((m) => m.name === 'advance');
    if (advance) this.clock = new ClockRun(() => this.lab, advance.args[0]?.max ?? Infinity, this.clockTicked);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.clock?.stop();
    this.keyTarget.removeEventListener('keydown', this.onKey as EventListener);
    this.replaying?.stop.abort();
    this.lab.dispose();
  }

  /** Replays a link's log: the first slice at once (a short log needs no more), the rest between
   *  frames with progress and a Cancel. The address bar keeps the link until the replay ends. */
  private replay(ops: readonly Op[], cursor: number): void {
    const lab = this.lab;
    const stop = new AbortController();
    const ending = lab.replay(ops, {
      signal: stop.signal,
      onProgress: (done, total) => {
        if (this.replaying?.stop === stop) this.replaying = { done, total, stop };
      },
    });
    const finish = (end: ReplayEnd) => {
      if (this.lab !== lab || !this.isConnected) return;
      this.replaying = undefined;
      lab.seek(end.done === end.total ? cursor : end.done);
      if (end.error) this.error = `${this.linkName} could not be replayed: ${end.error}. Showing the ${end.done} call(s) before it.`;
      else if (end.cancelled) this.error = `Replay cancelled after ${end.done} of ${end.total} calls.`;
      this.changed();
    };
    if (lab.length === ops.length + 1) lab.seek(cursor);
    else this.replaying = { done: lab.length - 1, total: ops.length, stop };
    ending.then(finish);
  }

  private cancelReplay = () => this.replaying?.stop.abort();

  /** Calls a method as the console and tests do (a call of the learner's own: it leaves a tour);
   *  returns the outcome. */
  call(method: string, args: Arg[], actor?: string): Outcome {
    this.playing = undefined;
    return this.make(actor === undefined ? { method, args } : { method, args, actor });
  }

  private make(op: Op): Outcome {
    if (this.replaying) return { ok: false as const, error: 'wait until the link has replayed, or cancel it' };
    this.asking = undefined;
    const outcome = this.lab.call(op.method, op.args, op.actor);
    if (outcome.ok) {
      this.error = '';
    } else {
      this.error = outcome.error;
      this.rejected = [...this.rejected, { call: formatCall(op), error: outcome.error }].slice(-50);
    }
    this.changed();
    return outcome;
  }

  /** The form's call, repeated `times`, stopping at the first rejection. It leaves a tour. */
  private callTimes(method: string, args: Arg[], times: number): void {
    const actor = this.renderRoot.querySelector<HTMLSelectElement>('select[name="actor"]')?.value || undefined;
    this.playing = undefined;
    this.attempt(actor === undefined ? { method, args } : { method, args, actor }, times);
  }

  /** Makes `op` `times` over; in quiz mode, each time after the learner predicted what it does. */
  private attempt(op: Op, times: number): void {
    const question = this.quizOn ? this.quiz?.(op, this.lab.frame) : undefined;
    if (question) return void (this.asking = { op, question, times });
    for (let i = 0; i < times && this.make(op).ok; ++i);
  }

  /** Makes the call waiting for a prediction and marks `picked` against what the call did. */
  private answer = (event: CustomEvent<string>): void => {
    if (!this.asking) return;
    const { op, question, times } = this.asking;
    if (!this.make(op).ok) return;
    const answer = question.answer(this.lab.frame);
    this.marked = { ask: question.ask, picked: event.detail, answer };
    this.score = { right: this.score.right + (event.detail === answer ? 1 : 0), asked: this.score.asked + 1 };
    if (times > 1) this.attempt(op, times - 1);
  };

  seek(index: number): void {
    this.clock?.stop();  // a tick at a step before the end would start a branch
    this.asking = undefined;
    this.lab.seek(index);
    this.changed();
  }

  private switchBranch = (event: CustomEvent<number>): void => {
    this.clock?.stop();
    this.asking = undefined;
    this.lab.switchBranch(event.detail);
    this.changed();
  };

  /** A tick of the running clock is the learner's own call: it leaves a tour and a question. */
  private clockTicked = (outcome?: Outcome): void => {
    this.clockSpeed = this.clock?.speed;
    if (!outcome) return;
    this.playing = undefined;
    this.asking = undefined;
    this.error = outcome.ok ? '' : `The clock stopped: advance failed: ${outcome.error}`;
    this.changed();
  };

  /** Plays the tour `id` the address names: at the link's step when the link is a run of it. */
  private openTour(id: string, link?: LinkState): void {
    const tour = this.tours.find((t) => t.id === id);
    if (!tour) {
      const known = this.tours.map((t) => `"${t.id}"`).join(', ');
      this.error = `The ${this.def.title} has no tour "${id}"${known ? `; its tours are ${known}` : ''}.`;
    } else if (link && isTourRun(this.def, tour, link)) {
      this.playing = tour;
    } else {
      this.startTour(tour);
    }
  }

  private startTour(tour: Tour): void {
    this.playing = tour;
    this.reset(tourParams(this.def, tour));
  }

  private tourNext = (): void => {
    const step = this.playing?.steps[this.lab.cursor];
    if (step) this.attempt(step.call, 1);
  };

  private exitTour = (): void => {
    this.playing = undefined;
    this.asking = undefined;
    this.changed();
  };

  private toggleQuiz = (event: Event): void => {
    this.quizOn = (event.target as HTMLInputElement).checked;
    this.asking = undefined;
  };

  private changed(): void {
    this.revision++;
    this.copied = undefined;
    this.substep = undefined;
    this.writeLink();
  }

  protected updated(): void {
    this.scrollLogToStep();
  }

  /** Scrolls the log (never the page) so that the row of the step on show is in view. */
  private scrollLogToStep(): void {
    const log = this.renderRoot.querySelector<HTMLElement>('ol.log');
    const row = log?.querySelector<HTMLElement>('li.current');
    const { lab } = this;
    if (!log || !row || (this.loggedStep?.lab === lab && this.loggedStep.cursor === lab.cursor)) return;
    this.loggedStep = { lab, cursor: lab.cursor };
    const view = log.getBoundingClientRect();
    const box = row.getBoundingClientRect();
    if (box.top < view.top) log.scrollTop -= view.top - box.top;
    else if (box.bottom > view.bottom) log.scrollTop += box.bottom - view.bottom;
  }

  /** Moves the sub-step cursor through the steps of the call on show: forward from the whole call
   *  to the first step and on to the last, back to the whole call. */
  private moveSubstep(by: -1 | 1): void {
    const steps = this.def.actors ? 0 : this.lab.frame.trace.length;
    if (steps === 0) return;
    const at = (this.substep ?? -1) + by;
    this.substep = at < 0 ? undefined : Math.min(at, steps - 1);
  }

  /** The run on show, as a permalink holds it. */
  private get run(): LinkState {
    return { block: this.def, params: this.lab.params, ops: this.lab.ops, cursor: this.lab.cursor };
  }

  /** Keeps the address bar on the state on show, so a reload or a copied URL reproduces it (on the
   *  site; a guest checks only that the run still fits in a link). */
  private writeLink(): void {
    if (this.replaying) return;
    try {
      this.written = encodeLink(this.run);
      if (this.site === undefined) {
        history.replaceState(null, '', formatRoute({ path: blockKey(this.def), state: this.written, embed: this.embed, tour: this.playing?.id }));
      }
    } catch (error) {
      this.written = undefined;
      this.error = (error as Error).message;
    }
  }

  private reset(params: Params, ops: readonly Op[] = []): void {
    const next = new Lab(this.def, this.sdlab, params, ops);
    this.clock?.stop();
    this.replaying?.stop.abort();
    this.replaying = undefined;
    this.lab.dispose();
    this.lab = next;
    this.rejected = [];
    this.error = '';
    this.asking = undefined;
    this.marked = undefined;
    this.changed();
  }

  private applyParams = (): void => {
    const params: Params = {};
    for (const field of this.def.params) {
      params[field.name] = fieldValue(field, this.renderRoot.querySelector(`.params [name="${field.name}"]`)!);
      const shape = fieldError(field, params[field.name]);
      if (shape) return void (this.error = shape);
    }
    try {
      this.playing = undefined;
      this.reset(params);
    } catch (error) {
      this.error = (error as Error).message;
    }
  };

  private get consoleScope(): ConsoleScope {
    const page = this;
    const block = new Proxy(
      {},
      {
        get(_target, name) {
          if (name === 'snapshot') return () => page.lab.frame.state;
          if (name === 'log') return () => page.lab.ops.map(formatCall);
          if (typeof name !== 'string' || !page.def.methods.some((m) => m.name === name)) {
            if (name === 'toJSON' || typeof name === 'symbol') return undefined;
            return () => {
              throw new TypeError(`block has no method ${String(name)}; it has ${page.def.methods.map((m) => m.name).join(', ')}, snapshot, log`);
            };
          }
          return (...args: Arg[]) => {
            const outcome = page.call(name, args);
            if (!outcome.ok) throw new Error(outcome.error);
            return outcome.result;
          };
        },
      },
    );
    return { block, sdlab: this.sdlab };
  }

  static styles = css`
    :host { display: block; }
    a { color: var(--link); }
    h1 { margin: 0; font-size: 1.5rem; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1rem; margin-bottom: 1rem; }
    header p { margin: 0; color: var(--muted); flex: 1 1 16rem; }
    .grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; }
    @media (max-width: 760px) { .grid { grid-template-columns: minmax(0, 1fr); } }
    section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0.8rem; }
    section h2 { font-size: 0.95rem; margin: 0 0 0.6rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
    .main { display: flex; flex-direction: column; gap: 1rem; }
    .side { display: flex; flex-direction: column; gap: 1rem; }
    .error { color: var(--bad); background: var(--bad-bg); border-radius: 6px; padding: 0.4rem 0.6rem; margin: 0.5rem 0 0; overflow-wrap: anywhere; }
    .narration { margin: 0.6rem 0 0; min-height: 1.5em; overflow-wrap: anywhere; }
    details.value { margin: 0.3rem 0 0; font-size: 0.85em; color: var(--muted); }
    details.value pre { margin: 0.3rem 0 0; max-height: 16rem; overflow: auto; padding: 0.4rem 0.6rem; border-radius: 6px; background: var(--bg); color: var(--fg); font-family: var(--mono); }
    .substeps { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: 0.5rem 0 0; font-size: 0.9em; }
    .substeps span { color: var(--muted); overflow-wrap: anywhere; }
    .steps { margin: 0.5rem 0 0; padding-left: 1.2rem; }
    .steps li { margin: 0.15rem 0; border-radius: 4px; }
    .steps li.current { background: var(--warn-bg); outline: 2px solid var(--warn); }
    .steps li.after { color: var(--muted); }
    .steps .figures, .steps .where { font-size: 0.8em; color: var(--muted); }
    .steps .where { font-family: var(--mono); margin-left: 0.4rem; }
    .kind { display: inline-block; font-family: var(--mono); font-size: 0.8em; padding: 0 0.35rem; border-radius: 4px; background: var(--chip); margin-right: 0.35rem; }
    .kind.evict, .kind.expire, .kind.miss, .kind.reject { background: var(--bad-bg); color: var(--bad); }
    .kind.hit, .kind.insert { background: var(--good-bg); color: var(--good); }
    .subject { font-family: var(--mono); font-weight: 600; }
    .log { list-style: none; margin: 0; padding: 0; max-height: 18rem; overflow: auto; font-family: var(--mono); font-size: 0.85em; }
    .log li button { all: unset; cursor: pointer; display: block; width: 100%; padding: 0.15rem 0.3rem; border-radius: 4px; overflow-wrap: anywhere; }
    .log li button:focus-visible, .log:focus-visible { outline: 2px solid var(--accent); }
    .log li.current button { background: var(--chip); font-weight: 700; }
    .log li.after button { opacity: 0.5; }
    .log li.rejected { color: var(--bad); padding: 0.15rem 0.3rem; }
    h3 { font-size: 0.85rem; margin: 0.6rem 0 0.3rem; color: var(--bad); }
    .params { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; }
    .params label { display: flex; flex-direction: column; font-size: 0.8em; color: var(--muted); }
    .params :is(input, select) { font: inherit; font-size: 1rem; width: 7rem; padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); }
    button.secondary { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
    .explain { line-height: 1.5; }
    .explain p { margin: 0 0 0.5rem; }
    .toolbar { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: flex-start; }
    .embed header { margin-bottom: 0.5rem; }
    .embed h1 { font-size: 1.1rem; }
    .embed .main { gap: 0.6rem; }
    .muted { color: var(--muted); }
    .actor { display: inline-flex; gap: 0.4rem; align-items: center; font-size: 0.85em; color: var(--muted); margin-bottom: 0.4rem; }
    .actor select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.2rem 0.4rem; }
    .replaying { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem; margin: 0; }
    .copied { flex-basis: 100%; display: flex; flex-direction: column; gap: 0.3rem; font-size: 0.9em; color: var(--good); }
    .copied.by-hand { color: var(--fg); }
    .copied textarea { font: inherit; resize: vertical; font-family: var(--mono); padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .tours[open] { flex-basis: 100%; order: 1; }
    .tours summary { width: max-content; cursor: pointer; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); list-style: none; }
    .tours summary:focus-visible { outline: 3px solid var(--accent); }
    .tours ul { list-style: none; margin: 0.3rem 0 0; padding: 0; display: flex; flex-direction: column; gap: 0.3rem; }
    .tours ul button { text-align: left; }
    .quiz-switch { display: flex; gap: 0.4rem; align-items: center; margin: 0.6rem 0 0.4rem; font-size: 0.9em; color: var(--muted); }
    .author { margin-bottom: 1rem; }
    .author p { margin: 0 0 0.6rem; }
    .author figure { margin: 0 0 0.4rem; }
    .author figcaption { font-weight: 600; margin-bottom: 0.3rem; }
    .clock { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin-top: 0.6rem; font-size: 0.9em; color: var(--muted); }
    .clock button[aria-pressed='true'] { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
    .invariants { margin-top: 0.7rem; }
    .invariants h3 { color: var(--muted); margin: 0.4rem 0 0.3rem; }
    .author pre { margin: 0 0 0.4rem; padding: 0.5rem 0.6rem; background: var(--chip); border-radius: 6px; font-family: var(--mono); font-size: 0.85em; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 14rem; overflow: auto; }
  `;

  render() {
    const lab = this.lab;
    const frame = lab.frame;
    const main = html`
      ${this.playing
        ? html`<sd-tour .tour=${this.playing} .step=${lab.cursor} ?waiting=${!!this.asking} @tour-previous=${() => this.seek(lab.cursor - 1)}
            @tour-next=${this.tourNext} @tour-exit=${this.exitTour}></sd-tour>`
        : nothing}
      <section aria-label="Call the API">
        <h2 class="visually-hidden">Call the API</h2>
        ${this.replaying ? this.progress(this.replaying) : html`<div ?hidden=${!!this.asking}>${this.callForm()}${this.clockControls()}</div>`}
        ${this.quizPanel()}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </section>
      <section aria-label="State">
        <h2 class="visually-hidden">State</h2>
        <sd-timeline .length=${lab.length} .cursor=${lab.cursor} @seek=${(e: CustomEvent) => this.seek(e.detail)}></sd-timeline>
        <sd-branches .branches=${lab.branchList} .cursor=${lab.cursor} .dropped=${lab.dropped} @switch-branch=${this.switchBranch}></sd-branches>
        <p class="narration" aria-live="polite" aria-atomic="true">${this.narration()}</p>
        ${this.fullValue()}
        ${this.replaying ? nothing : this.stateView()}
        ${!this.def.actors && frame.trace.length ? this.steps(frame.trace) : nothing}
        ${this.replaying ? nothing : this.invariants()}
      </section>
      ${this.code && !this.embed && !this.replaying ? this.codePanel(this.code, frame.trace) : nothing}`;
    if (this.embed) {
      return html`<div class="embed">
        <header><h1>${this.def.title}</h1><p>${this.def.summary}</p>
          <a href=${this.href(false)} target="_blank" rel="noopener">Open in sdlab ↗</a></header>
        <div class="main">${main}</div>
      </div>`;
    }
    return html`
      <header>
        <h1>${this.def.title}</h1>
        <p>${this.def.summary}</p>
        <div class="toolbar">
          ${this.def.example && lab.length === 1 && !this.replaying && !this.playing
            ? html`<button class="secondary" @click=${() => this.reset(lab.params, this.def.example)}>${this.def.exampleLabel ?? 'Load an example'}</button>`
            : nothing}
          ${this.tours.length && !this.replaying ? this.toursMenu() : nothing}
          <button class="secondary" @click=${this.copyLink}>Copy link</button>
          <button class="secondary" aria-expanded=${this.authoring} aria-controls="author" @click=${() => (this.authoring = !this.authoring)}>Author</button>
          <sd-export-menu .lab=${lab} .picture=${this.picture} .link=${() => this.href(false)}></sd-export-menu>
        </div>
        ${this.copyNote()}
      </header>
      ${this.authoring ? this.authorPanel() : nothing}
      <div class="grid">
        <div class="main">${main}</div>
        <div class="side">
          <section aria-label="Parameters">
            <h2>Parameters</h2>
            <div class="params" role="form" aria-label="Parameters" @keydown=${onEnter(this.applyParams)}>
              ${this.def.params.map((p) => fieldInput(p, lab.params[p.name]))}
              <button class="secondary" @click=${this.applyParams}>Restart with these</button>
            </div>
          </section>
          <section aria-label="Log">
            <h2>Log</h2>
            ${this.log()}
          </section>
          <section aria-label="Console">
            <h2>Console</h2>
            <sd-console .scope=${this.consoleScope}></sd-console>
          </section>
          <section class="explain" aria-label="How it works">
            <h2>How it works</h2>
            ${this.def.explain}
          </section>
        </div>
      </div>`;
  }

  /** The block's code with the line of the step on show lit: the sub-step on show, or else the
   *  last step the call reported; the lines of the steps that led to it (its parents, or the
   *  call's earlier steps) in the same file are the trail. */
  private codePanel(code: BlockCode, trace: readonly TraceStep[]) {
    const at = this.substep ?? trace.length - 1;
    const step = trace[at];
    const file = step?.file || code.file;
    const before: TraceStep[] = [];
    if (this.substep === undefined) before.push(...trace.slice(0, -1));
    else for (let p = step.parent; p >= 0; p = trace[p].parent) before.push(trace[p]);
    const trail = before.filter((s) => s.file === file).map((s) => s.line);
    return html`<section aria-label="Code">
      <h2>The code that ran</h2>
      <sd-source .file=${file} .line=${step?.line ?? 0} .trail=${trail} .pseudocode=${code.pseudocode} .kind=${step?.kind ?? ''}></sd-source>
    </section>`;
  }

  /** The call form, with the actor to call as when the block has several. */
  private callForm() {
    const actors = this.def.actors;
    return html`${actors
        ? html`<label class="actor">call as <select name="actor" aria-label="actor">
            <option value="">every one, in lockstep</option>
            ${actors.map((a) => html`<option value=${a.id}>${a.title}</option>`)}
          </select></label>`
        : nothing}
      <sd-call-form .methods=${this.def.methods} @call=${(e: CustomEvent) => this.callTimes(e.detail.method, e.detail.args, e.detail.times)}></sd-call-form>`;
  }

  /** Run clock: 1×, 10× or paused, for blocks whose clock `advance` moves. */
  private clockControls() {
    if (!this.clock) return nothing;
    const speed = this.clockSpeed;
    return html`<div class="clock" role="group" aria-label="Run clock">Run clock
      ${CLOCK_SPEEDS.map((s) => html`<button class="secondary" aria-pressed=${speed === s ? 'true' : 'false'} @click=${() => this.clock!.start(s)}>${s}×</button>`)}
      <button class="secondary" aria-pressed=${speed === undefined ? 'true' : 'false'} @click=${() => this.clock!.stop()}>pause</button>
      <span>${speed === undefined ? 'simulated time moves only when you call advance' : `advance(${TICK_MS * speed}) every ${TICK_MS} ms, logged as one call`}</span></div>`;
  }

  /** The block's invariants as of the step on show: one checklist, or one per actor. */
  private invariants() {
    const lab = this.lab;
    const lists = lab.actors.map((actor, a) => ({ actor, checks: lab.checklist(a) })).filter((l) => l.checks);
    if (lists.length === 0) return nothing;
    const seek = (e: CustomEvent) => this.seek(e.detail);
    return html`<div class="invariants" role="group" aria-label="Invariants">
      ${lists.map(({ actor, checks }) => html`<h3>Invariants${this.def.actors ? ` · ${actor.title}` : ''}</h3>
        <sd-invariants seekable .items=${checks} data-actor=${actor.id} @seek=${seek}></sd-invariants>`)}
    </div>`;
  }

  private toursMenu() {
    const pick = (tour: Tour, event: Event) => {
      (event.target as HTMLElement).closest('details')!.open = false;
      this.startTour(tour);
    };
    return html`<details class="tours"><summary>Tours</summary>
      <ul>${this.tours.map((tour) => html`<li><button class="secondary" @click=${(e: Event) => pick(tour, e)}>${tour.title}</button></li>`)}</ul>
    </details>`;
  }

  /** The quiz switch and, when it is on, the question waiting and the score. */
  private quizPanel() {
    if (!this.quiz) return nothing;
    return html`<label class="quiz-switch"><input type="checkbox" .checked=${this.quizOn} @change=${this.toggleQuiz} />
        Quiz me: predict what each call does before it is made</label>
      ${this.quizOn
        ? html`<sd-quiz .question=${this.asking?.question} .marked=${this.marked} .right=${this.score.right} .asked=${this.score.asked} @answer=${this.answer}></sd-quiz>`
        : nothing}`;
  }

  private progress({ done, total }: { done: number; total: number }) {
    return html`<p class="replaying" role="status">Replaying the link: ${done} of ${total} calls
      <progress max=${total} .value=${done} aria-label="replay progress"></progress>
      <button class="secondary" @click=${this.cancelReplay}>Cancel</button></p>`;
  }

  /** The block's view: of the one instance, or of every actor side by side. */
  private stateView() {
    const lab = this.lab;
    const view = unsafeStatic(this.def.view);
    if (this.def.actors) {
      const frames = lab.actors.map((_, a) => lab.frameAt(lab.cursor, a));
      const previous = lab.actors.map((_, a) => (lab.cursor > 0 ? lab.frameAt(lab.cursor - 1, a) : undefined));
      const histories = lab.actors.map((_, a) => lab.history(a));
      return staticHtml`<${view} .frames=${frames} .previous=${previous} .histories=${histories} .actors=${lab.actors}></${view}>`;
    }
    return staticHtml`<${view} .frame=${lab.frame} .previous=${lab.previous} .history=${lab.history()} .substep=${this.substep} block-id=${this.def.id}></${view}>`;
  }

  /** The steps of the call on show, nested as reported, with the sub-step cursor over them. */
  private steps(trace: readonly TraceStep[]) {
    const at = this.substep;
    const current = at === undefined ? undefined : trace[at];
    const item = (s: TraceStep, i: number) => html`<li class=${i === at ? 'current' : at !== undefined && i > at ? 'after' : ''}
        data-depth=${s.depth} .style=${`margin-left: ${s.depth * 1.2}rem`}>
      <span class="kind ${s.kind}">${s.kind}</span><span class="said" title=${`${s.subject} — ${s.note}`}>${sayStep(this.def.phrases, s)}</span>
      ${s.data.length ? html`<span class="figures">· ${s.data.map((d) => `${d.name} ${d.number === undefined ? d.text : +d.number.toPrecision(6)}`).join(' · ')}</span>` : nothing}
      <code class="where" title=${`${s.file}:${s.line}`}>${s.file.split('/').at(-1)}:${s.line}</code></li>`;
    return html`<div class="substeps" role="group" aria-label="sub-steps of this call">
        <button class="secondary" aria-label="previous sub-step" title="previous sub-step ([)" ?disabled=${at === undefined} @click=${() => this.moveSubstep(-1)}>‹</button>
        <button class="secondary" aria-label="next sub-step" title="next sub-step (])" ?disabled=${at === trace.length - 1} @click=${() => this.moveSubstep(1)}>›</button>
        <span aria-live="polite">${current
          ? `Sub-step ${at! + 1} of ${trace.length}: ${sayStep(this.def.phrases, current)}`
          : `${plural(trace.length, 'step')} in this call: walk them with ] and [.`}</span>
      </div>
      <ol class="steps" aria-label="what the algorithm did">${trace.map(item)}</ol>`;
  }

  /** What call `index` did, in words: one sentence, or one per actor ("Title: …") where they
   *  differ. Said once per call. */
  private spoken(index: number): string {
    const lab = this.lab;
    const op = lab.callAt(index)!;
    const kept = this.said(op, index);
    if (kept !== undefined) return kept;
    const each = lab.actors.flatMap((actor, a) => {
      const said = lab.saidAt(index, a);
      return said ? [{ title: actor.title, words: this.def.words(said) }] : [];
    });
    const text = new Set(each.map((e) => e.words)).size === 1 ? each[0].words : each.map((e) => `${e.title}: ${e.words}`).join('; ');
    this.words.set(op, { lab, index, text });
    return text;
  }

  /** The words of call `index` (made by `op`) when they were said already. */
  private said(op: Op, index: number): string | undefined {
    const kept = this.words.get(op);
    return kept && kept.lab === this.lab && kept.index === index ? kept.text : undefined;
  }

  /** The result of the call on show as it came back, one click away. */
  private fullValue() {
    const lab = this.lab;
    if (this.replaying || !lab.callAt(lab.cursor)) return nothing;
    const results = lab.actors.flatMap((actor, a) => {
      const frame = lab.frameAt(lab.cursor, a);
      return frame.op ? [[actor.title, frame.result] as const] : [];
    });
    const value = results.length === 1 ? results[0][1] : Object.fromEntries(results);
    return html`<details class="value"><summary>The full result</summary><pre>${value === undefined ? 'nothing (undefined)' : JSON.stringify(value, null, 2)}</pre></details>`;
  }

  private narration(): string {
    const lab = this.lab;
    const where = `Step ${lab.cursor} of ${lab.length - 1}`;
    const op = lab.callAt(lab.cursor);
    if (!op) return `${where}: the ${this.def.title} as created. Call a method to begin.`;
    return `${where}: ${formatCall(op)} — ${this.spoken(lab.cursor)}.`;
  }

  private log() {
    const lab = this.lab;
    if (this.replaying) return html`<p class="muted">${lab.length - 1} calls so far…</p>`;
    const until = performance.now() + SAY_MS;
    const row = (i: number) => {
      const op = lab.callAt(i);
      return html`<li class=${i === lab.cursor ? 'current' : i > lab.cursor ? 'after' : ''}>
        <button @click=${() => this.seek(i)}>${i} · ${op ? `${clip(formatCall(op), 160)} → ${clip(this.logLine(op, i, until), 240)}` : 'created'}</button></li>`;
    };
    return html`<ol class="log" aria-label="calls made">${Array.from({ length: lab.length }, (_, i) => row(i))}</ol>
      ${this.rejected.length
        ? html`<h3>Rejected calls · state unchanged</h3>
            <ul class="log" aria-label="rejected calls" tabindex="0">${this.rejected.map((r) => html`<li class="rejected">✗ ${clip(r.call, 160)}: ${clip(r.error, 240)}</li>`)}</ul>`
        : nothing}`;
  }

  /** The words of call `index` for the log. A call not yet said is said now until `until`
   *  (performance.now()), later between tasks: saying a call replayed from a link replays it
   *  again for its steps, and a log of 2,000 takes seconds. Meanwhile its row shows "…". */
  private logLine(op: Op, index: number, until: number): string {
    const kept = this.said(op, index);
    if (kept !== undefined || performance.now() < until) return kept ?? this.spoken(index);
    void this.sayLog();
    return '…';
  }

  /** Says every call of the log in slices of SAY_MS between tasks, then draws the page again. */
  private async sayLog(): Promise<void> {
    if (this.saying) return;
    this.saying = true;
    const lab = this.lab;
    for (let i = 1; i < lab.length && this.lab === lab && this.isConnected && !this.replaying; await nextTask()) {
      for (const deadline = performance.now() + SAY_MS; i < lab.length && performance.now() < deadline; ++i) this.spoken(i);
    }
    this.saying = false;
    this.requestUpdate();
  }

  /** The snippets that embed the run on show in another page, each with a copy button. */
  private authorPanel() {
    const site = (this.site ?? location.href).split('#')[0];
    const snippet = (make: () => string) => {
      try {
        return make();
      } catch (error) {
        return `(${(error as Error).message})`;
      }
    };
    const shown = (label: string, code: string) => html`<figure>
      <figcaption>${label}</figcaption>
      <pre aria-label=${label}><code>${code}</code></pre>
      <button class="secondary" @click=${() => this.copy(label.toLowerCase(), code)}>Copy</button></figure>`;
    return html`<section id="author" class="author" aria-label="Author">
      <h2>Embed this run in your page</h2>
      <p>Both open at these parameters, these calls and this step; the server hosting sdlab must send
        <code>Access-Control-Allow-Origin</code> (README, “Embedding”).</p>
      ${shown('Custom element', snippet(() => elementSnippet(site, this.run, this.playing?.id)))}
      <p class="muted">Theme it with <code>--sdlab-accent</code>, <code>--sdlab-bg</code>, <code>--sdlab-fg</code> and
        <code>--sdlab-font</code>; it grows with its content.</p>
      ${shown('Sandboxed iframe', snippet(() => iframeSnippet(site, this.run, this.playing?.id)))}
      <p class="muted">The safest: the block runs in an opaque origin. The script fits the frame to its content.</p>
    </section>`;
  }

  /** This page's address (on the sdlab site) with embed mode on or off. While a link replays, the
   *  address bar still holds it. */
  private href(embed: boolean): string {
    const url = new URL(this.site ?? location.href);
    const state = this.replaying ? parseRoute(url.hash).state : this.written;
    url.hash = formatRoute({ path: blockKey(this.def), state, embed, tour: this.playing?.id });
    return url.href;
  }

  /** The block's view on show (none while a link replays). */
  private picture = () => this.renderRoot.querySelector(this.def.view);

  private copyLink = () => this.copy('link', this.href(false));

  /** Copies `text` to the clipboard, or, where there is none (or it refuses), shows it selected in
   *  a field to copy by hand; either way says which. */
  private async copy(what: string, text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = { note: `Copied the ${what}.` };
    } catch {
      this.copied = { note: `The clipboard is not available here: the ${what} is selected below, press Ctrl+C (⌘C) to copy it.`, text };
      await this.updateComplete;
      const field = this.renderRoot.querySelector<HTMLTextAreaElement>('.copied textarea');
      field?.focus();
      field?.select();
    }
  }

  private copyNote() {
    const copied = this.copied;
    if (!copied) return nothing;
    return html`<div class="copied ${copied.text === undefined ? '' : 'by-hand'}" role="status">${copied.note}${copied.text === undefined
      ? nothing
      : html`<textarea readonly aria-label="text to copy" rows=${Math.min(6, copied.text.split('\n').length)} .value=${copied.text}></textarea>`}</div>`;
  }
}

customElements.define('sd-block-page', SdBlockPage);
