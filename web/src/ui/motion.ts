// Motion between steps: a picture animates from what was on screen to the state now on show, with
// the Web Animations API, and not at all under `prefers-reduced-motion: reduce` (the state then
// changes instantly). A view marks its elements and StateView does the rest:
//   data-flip="k"   slides from where the element with the same k was (FLIP: first, last, invert,
//                   play); an element with a new k fades in;
//   data-morph="k"  a path whose d changed reshapes from the old one (an arrow following its node);
//   data-grow="k"   an element whose width changed grows or shrinks to it (a gauge's fill);
//   data-flash      lights up once when a new step is shown (the cells or points a call touched);
//   data-draw       a path is drawn along its length once when a new step is shown;
//   data-motion     an element with its own shadow root (sd-table) whose marked elements move too.
// Animations last DURATION ms and leave nothing behind (no fill): the picture's final look is its
// rendered DOM. Complexity: O(marked elements) per update, one layout read before and after.

const DURATION = 320;

/** Whether the person allows motion (the media query is read at each step). */
function motionAllowed(): boolean {
  return !globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

interface Seen {
  rects: Map<string, DOMRect>;
  paths: Map<string, string>;
  widths: Map<string, number>;
}

const timing: KeyframeAnimationOptions = { duration: DURATION, easing: 'cubic-bezier(0.2, 0, 0.2, 1)' };

/** What a picture looked like before an update, to animate from after it. Elements marked
 *  data-motion (an sd-table) have their own shadow roots animated too, once they have updated. */
export class Motion {
  private seen: Map<ParentNode, Seen> | undefined;

  /** Records the marked elements of `root` (and of its data-motion children) as they are now. */
  capture(root: ParentNode): void {
    this.seen = undefined;
    if (!motionAllowed()) return;
    this.seen = new Map([root, ...inner(root)].map((r) => [r, look(r)]));
  }

  /** Animates `root` from the last capture to now; with `newStep`, lights what the step touched. */
  play(root: ParentNode, newStep: boolean): void {
    const seen = this.seen;
    this.seen = undefined;
    if (!seen || !motionAllowed()) return;
    animate(root, seen.get(root)!, newStep);
    for (const host of root.querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>('[data-motion]')) {
      void Promise.resolve(host.updateComplete).then(() => {
        if (host.shadowRoot) animate(host.shadowRoot, seen.get(host.shadowRoot) ?? look(null), newStep);
      });
    }
  }
}

function inner(root: ParentNode): ShadowRoot[] {
  return [...root.querySelectorAll('[data-motion]')].flatMap((host) => (host.shadowRoot ? [host.shadowRoot] : []));
}

function look(root: ParentNode | null): Seen {
  const seen: Seen = { rects: new Map(), paths: new Map(), widths: new Map() };
  if (!root) return seen;
  for (const el of marked(root, 'flip')) seen.rects.set(el.dataset.flip!, el.getBoundingClientRect());
  for (const el of marked(root, 'morph')) seen.paths.set(el.dataset.morph!, getComputedStyle(el).getPropertyValue('d'));
  for (const el of marked(root, 'grow')) seen.widths.set(el.dataset.grow!, el.getBoundingClientRect().width);
  return seen;
}

function animate(root: ParentNode, seen: Seen, newStep: boolean): void {
  for (const el of marked(root, 'flip')) slide(el, seen.rects.get(el.dataset.flip!));
  for (const el of marked(root, 'morph')) morph(el, seen.paths.get(el.dataset.morph!));
  for (const el of marked(root, 'grow')) grow(el, seen.widths.get(el.dataset.grow!));
  if (!newStep) return;
  for (const el of marked(root, 'flash')) restart(el, flashFrames, { duration: DURATION * 2, easing: 'ease-out' });
  for (const el of marked(root, 'draw')) restart(el, drawFrames, timing);
}

function marked(root: ParentNode, name: 'flip' | 'morph' | 'grow' | 'flash' | 'draw'): (HTMLElement | SVGElement)[] {
  return [...root.querySelectorAll<HTMLElement | SVGElement>(`[data-${name}]`)];
}

/** Cancels what `el` is playing and plays `frames`. */
function restart(el: Element, frames: Keyframe[], options: KeyframeAnimationOptions): void {
  for (const animation of el.getAnimations()) animation.cancel();
  el.animate(frames, options);
}

/** From where it was (a rect in viewport pixels) to where it is; in from nothing when it is new. */
function slide(el: Element, before: DOMRect | undefined): void {
  if (!before) return restart(el, [{ opacity: 0 }, { opacity: 1 }], timing);
  for (const animation of el.getAnimations()) animation.cancel();
  const now = el.getBoundingClientRect();
  const scale = pixelsPerUnit(el);
  const dx = (before.left - now.left) / scale;
  const dy = (before.top - now.top) / scale;
  if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) return;
  el.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'none' }], timing);
}

function morph(el: Element, before: string | undefined): void {
  if (before === undefined) return restart(el, [{ opacity: 0 }, { opacity: 1 }], timing);
  for (const animation of el.getAnimations()) animation.cancel();
  const now = getComputedStyle(el).getPropertyValue('d');
  if (before !== now) el.animate([{ d: before }, { d: now }], timing);
}

function grow(el: Element, before: number | undefined): void {
  for (const animation of el.getAnimations()) animation.cancel();
  const now = el.getBoundingClientRect().width;
  if (before === undefined || Math.abs(before - now) < 0.5) return;
  const scale = pixelsPerUnit(el);
  el.animate([{ width: `${before / scale}px` }, { width: `${now / scale}px` }], timing);
}

/** Screen pixels per CSS pixel of `el`'s own coordinates: an SVG drawn scaled by its viewBox
 *  moves its shapes in user units. */
function pixelsPerUnit(el: Element): number {
  const svg = el instanceof SVGElement ? el.ownerSVGElement : null;
  return svg?.getScreenCTM()?.a || 1;
}

const flashFrames: Keyframe[] = [
  { transform: 'scale(1.5)', filter: 'brightness(1.35)', transformBox: 'fill-box', transformOrigin: 'center' },
  { transform: 'none', filter: 'none', transformBox: 'fill-box', transformOrigin: 'center' },
];

/** Needs the path's pathLength="1". */
const drawFrames: Keyframe[] = [
  { strokeDasharray: '1', strokeDashoffset: '1' },
  { strokeDasharray: '1', strokeDashoffset: '0' },
];
