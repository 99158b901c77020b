// A uPlot chart in a figure: theme colours, resize with its container, PNG export.
import uPlot from 'uplot';
import { chartFrame, composePng, type ExportPng } from './dom';
import type { ChartTheme } from './theme';

export interface SeriesSpec {
  label: string;
  /** Palette index into theme.series, or 'error' for failures. */
  color: number | 'error';
  /** line: connected; points: markers only; marker: one large emphasised point. */
  kind: 'line' | 'points' | 'marker';
  dash?: number[];
  width?: number;
  /** Lines only: connect across missing values (x positions owned by other series). */
  spanGaps?: boolean;
  /** Lines only: also mark each data point. */
  showPoints?: boolean;
}

export interface LineChartSpec {
  title: string;
  /** Read by screen readers; the data tables carry the numbers. */
  description: string;
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  height?: number;
  series: SeriesSpec[];
}

export type Columns = { x: number[]; ys: (number | null)[][] };

function seriesColor(theme: ChartTheme, c: SeriesSpec['color']): string {
  return c === 'error' ? theme.error : theme.series[c % theme.series.length];
}

function superscript(n: number): string {
  const map: Record<string, string> = {
    '-': '⁻',
    '0': '⁰',
    '1': '¹',
    '2': '²',
    '3': '³',
    '4': '⁴',
    '5': '⁵',
    '6': '⁶',
    '7': '⁷',
    '8': '⁸',
    '9': '⁹',
  };
  return String(n)
    .split('')
    .map((ch) => map[ch] ?? ch)
    .join('');
}

/** Tick text for a log axis: 10ⁿ (uPlot passes null for ticks it drops for lack of space). */
function logTicks(_u: uPlot, splits: (number | null)[]): string[] {
  return splits.map((v) => (v === null || !(v > 0) ? '' : `10${superscript(Math.round(Math.log10(v)))}`));
}

/** Powers of ten only, thinned to at most 8, so the log grid is not a wall of minor lines. */
function logSplits(_u: uPlot, _axis: number, min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(Math.max(min, Number.MIN_VALUE)));
  const hi = Math.ceil(Math.log10(Math.max(max, Number.MIN_VALUE)));
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += step) {
    const v = 10 ** e;
    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
  }
  return out;
}

/** Linear tick text: 12k, 3.4M for large values so the labels fit beside the axis title. */
function compactTicks(_u: uPlot, splits: number[]): string[] {
  return splits.map((v) => {
    const a = Math.abs(v);
    if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
    if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
    return `${+v.toFixed(6)}`;
  });
}

/**
 * Square markers in one Path2D: thousands of live points redraw several times faster than uPlot's
 * default circles (one arc each), and squares read just as well at 5 px.
 */
function squarePoints(u: uPlot, seriesIdx: number, idx0: number, idx1: number): uPlot.Series.Points.Paths | null {
  const series = u.series[seriesIdx];
  const size = (series.points?.size ?? 5) * (window.devicePixelRatio || 1);
  const half = size / 2;
  const xs = u.data[0];
  const ys = u.data[seriesIdx];
  const scale = series.scale ?? 'y';
  const path = new Path2D();
  for (let i = idx0; i <= idx1; i++) {
    const v = ys[i];
    if (v === null || v === undefined) continue;
    path.rect(
      Math.round(u.valToPos(xs[i], 'x', true) - half),
      Math.round(u.valToPos(v, scale, true) - half),
      size,
      size,
    );
  }
  return { fill: path, stroke: path };
}

export class LineChart {
  readonly figure: HTMLElement;
  private readonly body: HTMLElement;
  private plot: uPlot | undefined;
  private data: Columns = { x: [], ys: [] };
  private readonly resize: ResizeObserver;

  constructor(
    private readonly spec: LineChartSpec,
    private theme: ChartTheme,
    private readonly exportPng: ExportPng,
  ) {
    const frame = chartFrame(spec.title, spec.description, () => this.savePng());
    this.figure = frame.figure;
    this.body = frame.body;
    this.body.setAttribute('role', 'img');
    this.body.setAttribute('aria-label', `${spec.title}: ${spec.description}`);
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.body);
  }

  /** Replaces the data; cheap enough for live updates (uPlot redraws in one pass). */
  setData(columns: Columns): void {
    this.data = columns;
    if (!this.plot) this.build();
    else this.plot.setData(this.aligned());
  }

  /** Rebuilds with the new theme's colours (uPlot bakes colours into its options). */
  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.build();
  }

  /** True once the plot has drawn into a non-empty canvas (used by tests and the preview check). */
  get drawn(): boolean {
    return !!this.plot && this.plot.ctx.canvas.width > 0 && this.data.x.length > 0;
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private aligned(): uPlot.AlignedData {
    return [this.data.x, ...this.data.ys] as uPlot.AlignedData;
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(240, Math.floor(this.body.clientWidth)), height: this.spec.height ?? 260 };
  }

  private fit(): void {
    if (!this.plot || this.body.clientWidth === 0) return;
    const s = this.size();
    if (s.width !== this.plot.width || s.height !== this.plot.height) this.plot.setSize(s);
  }

  private build(): void {
    this.plot?.destroy();
    this.body.replaceChildren();
    this.plot = new uPlot(this.options(), this.aligned(), this.body);
  }

  private options(): uPlot.Options {
    const t = this.theme;
    const font = `${Math.max(10, t.fontSize - 1)}px ${t.fontFamily}`;
    const axis = (label: string, log: boolean): uPlot.Axis => ({
      label,
      stroke: t.foreground,
      font,
      labelFont: font,
      grid: { stroke: t.grid, width: 1 },
      ticks: { stroke: t.grid, width: 1 },
      values: log ? logTicks : compactTicks,
      ...(log ? { splits: logSplits } : {}),
    });
    return {
      ...this.size(),
      scales: { x: { time: false }, y: this.spec.yLog ? { distr: 3, log: 10 } : { auto: true } },
      axes: [axis(this.spec.xLabel, false), { ...axis(this.spec.yLabel, !!this.spec.yLog), size: 56 }],
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      series: [{ label: this.spec.xLabel }, ...this.spec.series.map((s) => this.seriesOptions(s))],
    };
  }

  private seriesOptions(s: SeriesSpec): uPlot.Series {
    const color = seriesColor(this.theme, s.color);
    if (s.kind === 'line') {
      return {
        label: s.label,
        stroke: color,
        width: s.width ?? 1.5,
        dash: s.dash,
        spanGaps: s.spanGaps ?? false,
        points: s.showPoints ? { show: true, size: 5, stroke: color, fill: color } : { show: false },
      };
    }
    const size = s.kind === 'marker' ? 11 : 5;
    return {
      label: s.label,
      stroke: color,
      fill: s.kind === 'marker' ? 'transparent' : color,
      paths: () => null,
      points: {
        show: true,
        size,
        width: s.kind === 'marker' ? 2.5 : 1,
        stroke: color,
        fill: s.kind === 'marker' ? 'transparent' : color,
        ...(s.kind === 'points' ? { paths: squarePoints } : {}),
      },
    };
  }

  private savePng(): void {
    if (!this.plot) return;
    const legend = this.spec.series.map((s) => ({ label: s.label, color: seriesColor(this.theme, s.color) }));
    this.exportPng(
      this.spec.title,
      composePng(
        this.plot.ctx.canvas,
        this.spec.title,
        this.theme.background,
        this.theme.foreground,
        this.theme.fontFamily,
        legend,
      ),
    );
  }
}
