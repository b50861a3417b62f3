// <sd-line-chart>: line (or dot) series over a shared x axis, drawn with uPlot. Light DOM, so uPlot's
// global stylesheet applies: use it inside light-DOM pages (the lab pages are).
//   chart.x = [..]; chart.series = [{label, colour, values}]; chart.xLabel / yLabel; chart.xLog
import { LitElement } from 'lit';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  colour: string;
  values: (number | null)[];
  /** Draw points only, no line (for event timelines). */
  dots?: boolean;
}

export const palette = ['#2457d6', '#c2410c', '#15803d', '#9333ea'];

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

  createRenderRoot() {
    return this;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = undefined;
  }

  updated(): void {
    if (this.x.length === 0) return;
    const data: uPlot.AlignedData = [this.x, ...this.series.map((s) => s.values)];
    const width = Math.max(280, Math.min(this.clientWidth || 720, 900));
    const shape = `${width}|${this.series.map((s) => s.label).join()}|${this.xLog}|${this.yLabel}|${this.yNames}`;
    if (this.plot && shape === this.shape) return this.plot.setData(data);
    this.plot?.destroy();
    this.shape = shape;
    const percent = (_u: uPlot, ticks: number[]) => ticks.map((t) => `${Math.round(t * 100)}%`);
    const names = this.yNames;
    const yAxis: uPlot.Axis = names
      ? { stroke: 'currentColor', size: 150, splits: () => names.map((_, i) => i), values: (_u, ticks) => ticks.map((t) => names[t] ?? '') }
      : { label: this.yLabel, stroke: 'currentColor', ...(this.percent ? { values: percent } : {}) };
    this.plot = new uPlot(
      {
        width,
        height: this.height,
        legend: { show: !names },
        scales: {
          x: { time: false, distr: this.xLog ? 3 : 1 },
          y: names ? { range: [-0.6, names.length - 0.4] } : this.percent ? { range: [0, 1] } : {},
        },
        axes: [{ label: this.xLabel, stroke: 'currentColor' }, yAxis],
        series: [
          { label: this.xLabel },
          ...this.series.map((s) =>
            s.dots
              ? { label: s.label, stroke: s.colour, fill: s.colour, paths: () => null, points: { show: true, size: 6, fill: s.colour, stroke: s.colour } }
              : { label: s.label, stroke: s.colour, width: 2, points: { show: this.x.length <= 40 } },
          ),
        ],
      },
      data,
      this,
    );
  }
}

customElements.define('sd-line-chart', SdLineChart);
