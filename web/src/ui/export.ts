// Export, for slides and tutorials: a run as its trace (JSON), and the picture of the step on show
// as SVG or PNG. Generic: it knows the Lab and an element, never a block.
//   runRecord(lab, link)  the block, its parameters, the calls, and for each step what each actor
//                         returned and the steps it reported (computed where a replay skipped them)
//   pictureSvg(element)   the element as drawn now, shadow roots included, as a standalone SVG:
//                         its DOM copied into a <foreignObject> with the computed styles that
//                         matter inlined (an SVG keeps its geometry, a canvas becomes an image)
//   pngOf(svg)            that SVG rasterised on a canvas (2× for sharp slides)
//   download(name, blob)  saves a file
// A picture is its final look: animations in flight are not copied (an SVG's attributes and the
// styles listed here carry no motion). Pseudo-elements are not copied (no view draws with them).
// PNG needs the page to load a data: image (under a Content-Security-Policy: img-src 'self' data:);
// a blob: image would taint the canvas in Chromium.
import type { Op } from '../lab/block';
import type { Lab } from '../lab/lab';
import type { TraceStep } from 'sdlab-wasm';

/** What one actor did at one step. */
export interface StepEffect {
  result: unknown;
  trace: TraceStep[];
}

export interface RunRecord {
  format: 'sdlab-run';
  version: 1;
  /** domain/id, as in the page's address. */
  block: string;
  title: string;
  params: Lab['params'];
  calls: Op[];
  /** The step on show when exported (0: the state as created). */
  step: number;
  /** The permalink of that step. */
  link: string;
  /** Step 1 to the last: the call and its effect — on the block, or on each actor it went to. */
  steps: ({ step: number; call: Op } & (StepEffect | { actors: Record<string, StepEffect> }))[];
}

export function runRecord(lab: Lab, link: string): RunRecord {
  const def = lab.def;
  const steps = lab.ops.map((call, i) => {
    const effects = lab.actors.flatMap((actor, a) => {
      const frame = lab.frameAt(i + 1, a);
      return frame.op ? [[actor.id, { result: frame.result ?? null, trace: frame.trace }] as const] : [];
    });
    return def.actors ? { step: i + 1, call, actors: Object.fromEntries(effects) } : { step: i + 1, call, ...effects[0][1] };
  });
  return {
    format: 'sdlab-run', version: 1, block: `${def.domain}/${def.id}`, title: def.title, params: lab.params,
    calls: lab.ops, step: lab.cursor, link, steps,
  };
}

/** sdlab-cache-lru-step-4.svg */
export function fileName(lab: Lab, what: 'run' | 'step', extension: string): string {
  const name = what === 'run' ? 'run' : `step-${lab.cursor}`;
  return `sdlab-${lab.def.domain}-${lab.def.id}-${name}.${extension}`;
}

/** A copied element: a tag, its attributes and inlined style, its children. */
export interface PictureNode {
  tag: string;
  attributes: [string, string][];
  /** "name: value; …" */
  style: string;
  children: (PictureNode | string)[];
}

const XHTML = 'http://www.w3.org/1999/xhtml';
const SVG = 'http://www.w3.org/2000/svg';

/** Characters XML 1.0 refuses (controls, lone surrogates, U+FFFE/F) become U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(/[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const escapeText = (text: string) => xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

const voidElements = new Set(['img', 'br', 'hr', 'wbr', 'input']);

/** The node as XML; `namespace` on the root and on each <svg> that starts an SVG subtree. */
export function serialize(node: PictureNode, namespace = XHTML): string {
  const svgRoot = node.tag === 'svg' && namespace !== SVG;
  const inSvg = svgRoot || namespace === SVG;
  const attributes = [...(svgRoot || namespace === XHTML ? [['xmlns', svgRoot ? SVG : XHTML]] : []), ...node.attributes];
  if (node.style) attributes.push(['style', node.style]);
  const open = `<${node.tag}${attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('')}`;
  // Empty HTML elements get a closing tag, so the SVG also reads right inlined in an HTML page.
  if (node.children.length === 0 && (inSvg || voidElements.has(node.tag))) return `${open}/>`;
  const inner = node.children.map((c) => (typeof c === 'string' ? escapeText(c) : serialize(c, inSvg ? SVG : 'inherited'))).join('');
  return `${open}>${inner}</${node.tag}>`;
}

/** A standalone SVG document of `width` × `height` px holding an XHTML picture. */
export function standaloneSvg(body: PictureNode, width: number, height: number): string {
  return `<svg xmlns="${SVG}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<foreignObject x="0" y="0" width="${width}" height="${height}">${serialize(body)}</foreignObject></svg>`;
}

/** Properties children inherit: written where they differ from the parent's. */
const inherited = [
  'color', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant-numeric', 'line-height', 'letter-spacing',
  'text-align', 'text-transform', 'white-space', 'overflow-wrap', 'word-break', 'list-style-type', 'visibility',
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin',
  'text-anchor', 'dominant-baseline', 'paint-order', 'border-collapse',
];
/** Properties that do not inherit: written where they differ from the element's default. The
 *  used width and height of every box are among them, so the copy lays out as the original did. */
const own = [
  'display', 'position', 'top', 'right', 'bottom', 'left', 'z-index', 'box-sizing', 'width', 'height',
  'flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis', 'justify-content', 'align-items', 'align-self',
  'row-gap', 'column-gap', 'grid-template-columns', 'grid-template-rows', 'grid-column', 'grid-row', 'justify-items',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  ...['top', 'right', 'bottom', 'left'].flatMap((side) => [`border-${side}-width`, `border-${side}-style`, `border-${side}-color`]),
  'border-top-left-radius', 'border-top-right-radius', 'border-bottom-right-radius', 'border-bottom-left-radius',
  'outline-width', 'outline-style', 'outline-color', 'outline-offset', 'background-color', 'opacity', 'box-shadow',
  'overflow-x', 'overflow-y', 'vertical-align', 'text-decoration-line',
];
/** Attributes an HTML element keeps (layout and images); an SVG element keeps all but these. */
const htmlAttributes = new Set(['colspan', 'rowspan', 'start', 'alt']);
const dropped = /^(class|style|part|tabindex|role|aria-.*|data-.*|on.*)$/;

/**
 * `element` as drawn now, shadow roots flattened, as a standalone SVG document of its size (plus
 * `margin` px on the background of the panel it sits on). Needs a browser: it reads the layout.
 */
export function pictureSvg(element: Element, margin = 12): { svg: string; width: number; height: number } {
  const defaults = new DefaultStyles();
  try {
    const box = element.getBoundingClientRect();
    const root = copy(element, undefined, defaults)!;
    root.tag = 'div';
    const width = Math.ceil(box.width) + 2 * margin;
    const height = Math.ceil(box.height) + 2 * margin;
    const rootStyle = `width: ${box.width}px; margin: 0; padding: ${margin}px; background-color: ${backgroundOf(element)}; box-sizing: content-box`;
    root.style = `${root.style}; ${rootStyle}`;
    return { svg: standaloneSvg(root, width, height), width, height };
  } finally {
    defaults.dispose();
  }
}

/** Copies `el` (and its flattened subtree) with the styles that differ from what it would inherit
 *  from `parent` or have by default; undefined for what is not drawn. */
function copy(el: Element, parent: CSSStyleDeclaration | undefined, defaults: DefaultStyles): PictureNode | undefined {
  if (/^(style|script|link|template|slot)$/.test(el.localName)) return undefined;
  const style = getComputedStyle(el);
  if (style.display === 'none') return undefined;
  const isSvg = el instanceof SVGElement;
  if (el instanceof HTMLCanvasElement) return canvasImage(el, style);
  const tag = el.localName.includes('-') ? 'div' : el.localName;
  const base = defaults.of(tag, isSvg);
  const declarations: string[] = [];
  for (const name of inherited) {
    const value = style.getPropertyValue(name);
    if (!parent || value !== parent.getPropertyValue(name)) declarations.push(`${name}: ${value}`);
  }
  for (const name of own) {
    const value = style.getPropertyValue(name);
    if (value !== base.getPropertyValue(name) && !unseen(name, style)) declarations.push(`${name}: ${pictured(name, value, style)}`);
  }
  const attributes = [...el.attributes]
    .filter((a) => (isSvg ? !dropped.test(a.name) : htmlAttributes.has(a.name) || (a.name === 'src' && a.value.startsWith('data:'))))
    .map((a): [string, string] => [a.name, a.value]);
  const children: PictureNode['children'] = [];
  for (const child of childrenOf(el)) {
    if (child.nodeType === Node.TEXT_NODE) children.push(child.textContent ?? '');
    else if (child instanceof Element) {
      const node = copy(child, style, defaults);
      if (node) children.push(node);
    }
  }
  return { tag, attributes, style: declarations.join('; '), children };
}

/** Not worth writing: a border's or outline's colour, width or offset where no line is drawn; the
 *  size of a table's rows and cells and a table's height (its caption included: the table lays
 *  them out again from their content). */
function unseen(name: string, style: CSSStyleDeclaration): boolean {
  if (name === 'width' || name === 'height') return /table-/.test(style.display) || (name === 'height' && /table/.test(style.display));
  const line = /^(border-\w+|outline)-(color|width|offset)$/.exec(name)?.[1];
  return line !== undefined && style.getPropertyValue(`${line}-style`) === 'none';
}

/** A value as the picture needs it: a box that scrolls on the page is cut off, without scrollbars. */
function pictured(name: string, value: string, style: CSSStyleDeclaration): string {
  return name.startsWith('overflow-') && (value === 'auto' || value === 'scroll') && style.display !== 'inline' ? 'hidden' : value;
}

/** What an element draws: its shadow root's children, or a slot's assigned nodes, else its own. */
function childrenOf(el: Element): Node[] {
  if (el.shadowRoot) return [...el.shadowRoot.childNodes].flatMap((n) => (n instanceof HTMLSlotElement ? n.assignedNodes({ flatten: true }) : [n]));
  return [...el.childNodes];
}

function canvasImage(canvas: HTMLCanvasElement, style: CSSStyleDeclaration): PictureNode {
  const box = canvas.getBoundingClientRect();
  return {
    tag: 'img',
    attributes: [['src', canvas.toDataURL('image/png')], ['alt', '']],
    style: `display: ${style.display === 'inline' ? 'inline-block' : style.display}; width: ${box.width}px; height: ${box.height}px; vertical-align: ${style.verticalAlign}`,
    children: [],
  };
}

/** The first opaque background behind `el`, crossing shadow boundaries; the page's as a last resort. */
function backgroundOf(el: Element): string {
  for (let at: Element | null = el; at; at = at.parentElement ?? (at.getRootNode() as ShadowRoot).host ?? null) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*, 0\)$/.test(colour)) return colour;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
}

/** Each tag's computed style with no author styles (in a hidden, unstyled shadow root). */
class DefaultStyles {
  private readonly host = document.createElement('div');
  private readonly root = this.host.attachShadow({ mode: 'open' });
  private readonly seen = new Map<string, CSSStyleDeclaration>();

  constructor() {
    this.host.hidden = true;
    document.body.append(this.host);
  }

  of(tag: string, isSvg: boolean): CSSStyleDeclaration {
    const key = `${isSvg ? 'svg:' : ''}${tag}`;
    let style = this.seen.get(key);
    if (!style) {
      const el = isSvg ? document.createElementNS(SVG, tag) : document.createElement(tag);
      (isSvg && tag !== 'svg' ? this.svg() : this.root).append(el);
      style = getComputedStyle(el);
      this.seen.set(key, style);
    }
    return style;
  }

  private svg(): SVGSVGElement {
    return this.root.querySelector('svg') ?? this.root.appendChild(document.createElementNS(SVG, 'svg'));
  }

  dispose(): void {
    this.host.remove();
  }
}

/** The SVG drawn on a canvas, `scale`× its size, as a PNG. Rejects with the likely cause when the
 *  page may not load the image. */
export async function pngOf(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  try {
    await image.decode();
  } catch {
    throw new Error("the picture could not be drawn as PNG: the page may not load data: images (a Content-Security-Policy needs img-src 'self' data:)");
  }
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d')!;
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}

/** Saves `blob` as a file named `name`. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started from the URL by the next task; keep it a while for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
