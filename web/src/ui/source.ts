// The C++ that runs in the module, as text for the page: every file under core/, each loaded on
// first use (Vite makes one small chunk per file), and split into highlighted lines.
// Trace steps name their file as "core/<domain>/<file>" (sim::Step::file), the keys used here.
import type { HLJSApi } from 'highlight.js';

const loaders: Record<string, () => Promise<string>> = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../../core/**/*.{h,cpp}', { query: '?raw', import: 'default' })).map(
    ([path, load]) => [path.replace(/^(\.\.\/)+/, ''), load],
  ),
);

/** Whether `file` is one of core's sources. */
export function hasSource(file: string): boolean {
  return file in loaders;
}

/** The text of a core source file, or undefined for a file the site does not carry. */
export async function loadSource(file: string): Promise<string | undefined> {
  return loaders[file]?.();
}

let highlighter: Promise<HLJSApi> | undefined;

/** highlight.js with C++ alone, loaded the first time code is shown. */
function cppHighlighter(): Promise<HLJSApi> {
  highlighter ??= Promise.all([import('highlight.js/lib/core'), import('highlight.js/lib/languages/cpp')]).then(
    ([{ default: hljs }, { default: cpp }]) => {
      hljs.registerLanguage('cpp', cpp);
      return hljs;
    },
  );
  return highlighter;
}

/** Each line of `text` as highlighted HTML (escaped by highlight.js). Lines are highlighted one
 *  by one so each stays well-formed on its own: a comment spanning lines loses its colour after
 *  the first, which the sources here (line comments) do not do. */
export async function highlightLines(text: string): Promise<string[]> {
  const hljs = await cppHighlighter();
  return text.split('\n').map((line) => hljs.highlight(line, { language: 'cpp', ignoreIllegals: true }).value);
}
