// <sd-line-chart>: line (or dot) series over a shared x axis, drawn with uPlot on a canvas in the
// element's own shadow root, with uPlot's stylesheet adopted there: it works in a light-DOM page
// and inside another element's shadow DOM alike. Colours come from the theme's custom properties
// (--fg, --muted, --line and --series-1…4, light and dark), read when the chart is drawn and
// again when the colour scheme changes.
//   chart.x = [..]; chart.series = [{label, colour, values}]; chart.xLabel / yLabel; chart.xLog
import { LitElement, css, html, unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uPlotStyles from 'uplot/dist/uPlot.min.css?inline';

export interface Series {
  label: string;
  /** A CSS colour, or var(--name) of a custom property set on the chart or above it. */
  colour: string;
  values: (number | null)[];
  /** Draw points only, no line (for event timelines). */
  dots?: boolean;
}

/** Four series colours that follow the light or dark scheme. */
export const palette = ['var(--series-1)', 'var(--series-2)', 'var(--series-3)', 'var(--series-4)'];

const darkScheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;

export class SdLineChart extends LitElement {
  static properties = {
    x: { attribute: false },
    series: { attribute: false },
    xLabel: { attribute: 'x-label' },
    yLabel: { attribute: 'y-label' },
    xLog: { type: Boolean, attribute: 'x-log' },
    percent: { type: Boolean },
    height: { type: Number },
    yNames: { attribute: false },
  };
  declare x: number[];
  declare series: Series[];
  declare xLabel: string;
  declare yLabel: string;
  declare xLog: boolean;
  declare percent: boolean;
  declare height: number;
  /** Names for the rows y = 0, 1, …: an event timeline with one row per name, no legend. */
  declare yNames: string[] | undefined;
  private plot?: uPlot;
  private shape = '';
  /** Redraws at the new width when the space given to the chart changes (a phone turned, a
   *  window narrowed): uPlot draws at a fixed pixel width. */
  private readonly resized = new ResizeObserver(() => {
    if (this.plot && this.plot.width !== this.chartWidth()) this.redraw();
  });

  static styles = [
    unsafeCSS(uPlotStyles),
    css`
      :host { display: block; overflow: hidden; color: var(--fg); --series-1: #2457d6; --series-2: #c2410c; --series-3: #15803d; --series-4: #9333ea; }
      @media (prefers-color-scheme: dark) {
        :host { --series-1: #7aa2ff; --series-2: #fb923c; --series-3: #4ade80; --series-4: #d8b4fe; }
      }
      .uplot { font-family: var(--sans); }
      .u-legend { color: var(--fg); }
    `,
  ];

  constructor() {
    super();
    this.x = [];
    this.series = [];
    this.xLabel = '';
    this.yLabel = '';
    this.xLog = false;
    this.percent = false;
    this.height = 300;
  }

  connectedCallback(): void {
    super.connectedCallback();
    darkScheme?.addEventListener('change', this.redraw);
    this.resized.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    darkScheme?.removeEventListener('change', this.redraw);
    this.resized.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  render() {
    return html`<div class="plot"></div>`;
  }

  /** Draws anew (the theme's colours changed). */
  private redraw = (): void => {
    this.shape = '';
    this.requestUpdate();
  };

  /** A colour as the canvas takes it: var(--name) read from the element's computed style. */
  private colour(value: string): string {
    const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
    return name ? getComputedStyle(this).getPropertyValue(name).trim() || 'gray' : value;
  }

  private chartWidth(): number {
    return Math.max(280, Math.min(this.clientWidth || 720, 900));
  }

  updated(): void {
    if (this.x.length === 0) return;
    const data: uPlot.AlignedData = [this.x, ...this.series.map((s) => s.values)];
    const width = this.chartWidth();
    const shape = `${width}|${this.series.map((s) => s.label).join()}|${this.xLog}|${this.yLabel}|${this.yNames}`;
    if (this.plot && shape === this.shape) return this.plot.setData(data);
    this.plot?.destroy();
    this.shape = shape;
    const [text, grid] = [this.colour('var(--fg)'), this.colour('var(--line)')];
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const percent = (_u: uPlot, ticks: number[]) => ticks.map((t) => `${Math.round(t * 100)}%`);
    const names = this.yNames;
    const yAxis: uPlot.Axis = names
      ? { ...axis, size: 170, splits: () => names.map((_, i) => i), values: (_u, ticks) => ticks.map((t) => names[t] ?? '') }
      : { ...axis, label: this.yLabel, ...(this.percent ? { values: percent } : {}) };
    this.plot = new uPlot(
      {
        width,
        height: this.height,
        legend: { show: !names },
        scales: {
          x: { time: false, distr: this.xLog ? 3 : 1 },
          y: names ? { range: [-0.6, names.length - 0.4] } : this.percent ? { range: [0, 1] } : {},
        },
        axes: [{ ...axis, label: this.xLabel }, yAxis],
        series: [
          { label: this.xLabel },
          ...this.series.map((s) => {
            const colour = this.colour(s.colour);
            return s.dots
              ? { label: s.label, stroke: colour, fill: colour, paths: () => null, points: { show: true, size: 6, fill: colour, stroke: colour } }
              : { label: s.label, stroke: colour, width: 2, points: { show: this.x.length <= 40 } };
          }),
        ],
      },
      data,
      this.renderRoot.querySelector<HTMLElement>('.plot')!,
    );
  }
}

customElements.define('sd-line-chart', SdLineChart);
