// Page-wide timeline shortcuts, ignored while the person types in a field (where Ctrl+Z undoes
// typing). Undo is one step back and redo one step forward along the branch on show. Space plays
// or pauses only when the focus is on no control: a button, a link, a checkbox or a slider does
// its own job with it. `more` adds a page's own keys (the block page's [ and ] walk the sub-steps
// of a call).
import type { SdTimeline } from './sd-timeline';

const fields = /^(INPUT|TEXTAREA|SELECT)$/;
const controls = /^(INPUT|TEXTAREA|SELECT|BUTTON|A|SUMMARY)$/;
const controlRoles = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'slider', 'tab', 'menuitem', 'option', 'combobox', 'textbox', 'spinbutton']);

/** Whether `element` is a control that Space operates. */
export function isInteractive(element: HTMLElement): boolean {
  return controls.test(element.tagName) || element.isContentEditable || controlRoles.has(element.getAttribute('role') ?? '');
}

export function timelineKeys(timeline: () => SdTimeline | null | undefined, more: Readonly<Record<string, () => void>> = {}) {
  return (event: KeyboardEvent): void => {
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement && (fields.test(target.tagName) || (event.key === ' ' && isInteractive(target)))) return;
    const t = timeline();
    if (!t || event.altKey) return;
    const move = event.ctrlKey || event.metaKey ? historyMove(event, t) : stepMove(event, t) ?? more[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };
}

/** ← → step, Home End jump, Space plays or pauses. */
function stepMove(event: KeyboardEvent, t: SdTimeline): (() => void) | undefined {
  const moves: Record<string, () => void> = {
    ArrowLeft: () => t.go(t.cursor - 1),
    ArrowRight: () => t.go(t.cursor + 1),
    Home: () => t.go(0),
    End: () => t.go(t.length - 1),
    ' ': () => t.toggle(),
  };
  return moves[event.key];
}

/** Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo. */
function historyMove(event: KeyboardEvent, t: SdTimeline): (() => void) | undefined {
  const key = event.key.toLowerCase();
  if (key === 'z') return () => t.go(t.cursor + (event.shiftKey ? 1 : -1));
  if (key === 'y' && event.ctrlKey && !event.shiftKey) return () => t.go(t.cursor + 1);
  return undefined;
}
