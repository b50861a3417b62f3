// Page-wide timeline shortcuts, ignored while the person types in a field.
import type { SdTimeline } from './sd-timeline';

export function timelineKeys(timeline: () => SdTimeline | null | undefined) {
  return (event: KeyboardEvent): void => {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const t = timeline();
    if (!t || event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => t.go(t.cursor - 1),
      ArrowRight: () => t.go(t.cursor + 1),
      Home: () => t.go(0),
      End: () => t.go(t.length - 1),
      ' ': () => t.toggle(),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };
}
