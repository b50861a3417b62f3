// In an iframe, tells the parent page how tall this document's content is whenever that changes,
// as postMessage({type: 'sdlab:height', height}) (CSS pixels, rounded up), so the page can fit
// the frame to it (the iframe snippet's listener does). Any origin may read it: it is only a
// number, and a sandboxed frame cannot know its parent's origin.
import { HEIGHT_MESSAGE } from '../lab/embed';

/** Starts reporting; returns how to stop. Does nothing outside a frame. */
export function reportHeightToParent(): () => void {
  if (window.parent === window) return () => undefined;
  let reported = 0;
  const observer = new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === reported) return;
    reported = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  });
  observer.observe(document.documentElement);
  return () => observer.disconnect();
}
