// Heat map of iterations over (instance, omega): one canvas pixel per cell, scaled up, with axes.
import type { IterationHeatmap, LearningRecord } from '../../src/protocol';
import { chartFrame, composePng, fmt, sizeCanvas, type ExportPng } from './dom';
import { colorRgb, type ChartTheme } from './theme';

/** Viridis stops: perceptually even and readable on light and dark backgrounds alike. */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

function viridis(f: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, f)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const u = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
}

/** 256-entry lookup table: the cell loop runs for every cell on every live update. */
const VIRIDIS_LUT: [number, number, number][] = Array.from(
  { length: 256 },
  (_, k) => viridis(k / 255).map(Math.round) as [number, number, number],
);

const MARGIN = { left: 52, right: 70, top: 8, bottom: 34 };

export class Heatmap {
  readonly figure: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly body: HTMLElement;
  private readonly cells = document.createElement('canvas');
  private readonly resize: ResizeObserver;
  private heatmap: IterationHeatmap;
  private learner: readonly LearningRecord[];
  private range = { min: 0, max: 1 };

  constructor(
    heatmap: IterationHeatmap,
    learner: readonly LearningRecord[],
    private theme: ChartTheme,
    private readonly exportPng: ExportPng,
  ) {
    this.heatmap = heatmap;
    this.learner = learner;
    const frame = chartFrame(
      'Iterations over instance and ω',
      'Colour = iterations on a log scale (yellow = many, purple = few); red cells hit the iteration cap; dots mark the learner’s ω.',
      () => this.savePng(),
    );
    this.figure = frame.figure;
    this.body = frame.body;
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Heat map of iterations over instance and omega');
    this.body.append(this.canvas);
    this.renderCells();
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.body);
  }

  setData(heatmap: IterationHeatmap, learner: readonly LearningRecord[]): void {
    this.heatmap = heatmap;
    this.learner = learner;
    this.renderCells();
    this.draw();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.renderCells();
    this.draw();
  }

  destroy(): void {
    this.resize.disconnect();
  }

  /** One pixel per (instance, omega) cell into an offscreen canvas; omega increases upward. */
  private renderCells(): void {
    const { omegas, instances, iterations, maxIterations } = this.heatmap;
    const w = instances.length;
    const hgt = omegas.length;
    this.cells.width = Math.max(1, w);
    this.cells.height = Math.max(1, hgt);
    const ctx = this.cells.getContext('2d');
    if (!ctx || w === 0 || hgt === 0) return;
    let min = Infinity;
    let max = -Infinity;
    for (const v of iterations) {
      if (v !== null && v > 0 && (maxIterations === undefined || v < maxIterations)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (!Number.isFinite(min)) {
      min = 1;
      max = 1;
    }
    this.range = { min, max };
    const lo = Math.log(min);
    const span = Math.max(1e-12, Math.log(max) - lo);
    const err = colorRgb(this.theme.error);
    const img = ctx.createImageData(w, hgt);
    for (let i = 0; i < w; i++) {
      for (let j = 0; j < hgt; j++) {
        const v = iterations[i * hgt + j];
        if (v === null || v === undefined) continue;
        const capped = maxIterations !== undefined && v >= maxIterations;
        const rgb = capped
          ? err
          : VIRIDIS_LUT[Math.min(255, Math.max(0, Math.round((255 * (Math.log(Math.max(v, min)) - lo)) / span)))];
        const o = 4 * ((hgt - 1 - j) * w + i);
        img.data[o] = rgb[0];
        img.data[o + 1] = rgb[1];
        img.data[o + 2] = rgb[2];
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  private draw(): void {
    const cssW = Math.max(240, Math.floor(this.body.clientWidth));
    if (this.body.clientWidth === 0) return;
    const cssH = 280;
    // Resizing a canvas reallocates it; live updates at the same size only redraw.
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(cssW * dpr) || this.canvas.height !== Math.round(cssH * dpr))
      sizeCanvas(this.canvas, cssW, cssH);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const pw = cssW - MARGIN.left - MARGIN.right;
    const ph = cssH - MARGIN.top - MARGIN.bottom;
    const { omegas, instances } = this.heatmap;
    if (instances.length === 0 || omegas.length === 0 || pw <= 0) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.cells, MARGIN.left, MARGIN.top, pw, ph);

    const t = this.theme;
    ctx.font = `${Math.max(10, t.fontSize - 2)}px ${t.fontFamily}`;
    ctx.fillStyle = t.foreground;
    ctx.strokeStyle = t.grid;
    ctx.strokeRect(MARGIN.left, MARGIN.top, pw, ph);
    // Omega ticks (rows): a handful of labels.
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const rowH = ph / omegas.length;
    const rowStep = Math.max(1, Math.ceil(omegas.length / 6));
    for (let j = 0; j < omegas.length; j += rowStep)
      ctx.fillText(fmt(omegas[j], 3), MARGIN.left - 4, MARGIN.top + ph - (j + 0.5) * rowH);
    // Instance ticks (columns).
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const colW = pw / instances.length;
    const colStep = Math.max(1, Math.ceil(instances.length / 8));
    for (let i = 0; i < instances.length; i += colStep)
      ctx.fillText(String(instances[i] + 1), MARGIN.left + (i + 0.5) * colW, MARGIN.top + ph + 4);
    ctx.fillText('instance', MARGIN.left + pw / 2, MARGIN.top + ph + 18);
    ctx.save();
    ctx.translate(12, MARGIN.top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('ω', 0, -6);
    ctx.restore();

    this.drawLearner(ctx, ph, colW);
    this.drawColorbar(ctx, cssW, ph);
  }

  /** The learner's omega per instance over the cells, mapped by omega value to the row scale. */
  private drawLearner(ctx: CanvasRenderingContext2D, ph: number, colW: number): void {
    const { omegas, instances } = this.heatmap;
    if (this.learner.length === 0 || omegas.length === 0) return;
    const col = new Map(instances.map((t, i) => [t, i]));
    const lo = omegas[0];
    const hi = omegas[omegas.length - 1];
    const rowH = ph / omegas.length;
    // Light dots with a dark rim stay visible on every viridis colour in every theme.
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1;
    const r = Math.max(3, Math.min(5, colW));
    // One path for all dots: one fill and one stroke call instead of two per instance.
    ctx.beginPath();
    for (const rec of this.learner) {
      const i = col.get(rec.t);
      if (i === undefined) continue;
      const f = hi > lo ? (rec.omega - lo) / (hi - lo) : 0.5;
      const y = MARGIN.top + ph - rowH / 2 - f * (ph - rowH);
      ctx.rect(MARGIN.left + (i + 0.5) * colW - r / 2, y - r / 2, r, r);
    }
    ctx.fill();
    ctx.stroke();
  }

  private drawColorbar(ctx: CanvasRenderingContext2D, cssW: number, ph: number): void {
    const x = cssW - MARGIN.right + 12;
    const steps = 32;
    for (let s = 0; s < steps; s++) {
      const [r, g, b] = viridis(s / (steps - 1));
      ctx.fillStyle = `rgb(${r | 0},${g | 0},${b | 0})`;
      ctx.fillRect(x, MARGIN.top + ph - ((s + 1) * ph) / steps, 10, ph / steps + 0.5);
    }
    ctx.fillStyle = this.theme.foreground;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(fmt(this.range.max), x + 13, MARGIN.top);
    ctx.textBaseline = 'bottom';
    ctx.fillText(fmt(this.range.min), x + 13, MARGIN.top + ph);
  }

  private savePng(): void {
    this.exportPng(
      'Iterations heat map',
      composePng(
        this.canvas,
        'Iterations over instance and ω',
        this.theme.background,
        this.theme.foreground,
        this.theme.fontFamily,
      ),
    );
  }
}
