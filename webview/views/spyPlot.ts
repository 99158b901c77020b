// Sparsity plot: the pre-binned grid drawn one cell per canvas pixel, scaled up without smoothing.
import type { SpyGrid } from '../../src/protocol';
import { chartFrame, composePng, fmt, type ExportPng } from './dom';
import { colorRgb, type ChartTheme } from './theme';

export class SpyPlot {
  readonly figure: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly body: HTMLElement;
  private readonly resize: ResizeObserver;

  constructor(
    private readonly grid: SpyGrid,
    private theme: ChartTheme,
    private readonly exportPng: ExportPng,
  ) {
    const perPixel = `${fmt(grid.rows / Math.max(1, grid.height), 3)} × ${fmt(grid.cols / Math.max(1, grid.width), 3)}`;
    const frame = chartFrame(
      'Sparsity pattern',
      `${fmt(grid.rows)} × ${fmt(grid.cols)} matrix drawn on a ${grid.width} × ${grid.height} grid; each pixel covers ${perPixel} entries, darker = more stored entries (at most ${fmt(grid.maxCount)} in one pixel).`,
      () => this.savePng(),
    );
    this.figure = frame.figure;
    this.body = frame.body;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'spy';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `Sparsity pattern of a ${grid.rows} by ${grid.cols} matrix`);
    this.body.append(this.canvas);
    this.draw();
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.body);
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.draw();
  }

  destroy(): void {
    this.resize.disconnect();
  }

  /** Counts are mapped on a log scale so a dense diagonal does not wash out isolated entries. */
  private draw(): void {
    const { width, height, counts, maxCount } = this.grid;
    this.canvas.width = Math.max(1, width);
    this.canvas.height = Math.max(1, height);
    const ctx = this.canvas.getContext('2d');
    if (!ctx || width === 0 || height === 0) return;
    const img = ctx.createImageData(width, height);
    const [r, g, b] = colorRgb(this.theme.series[0]);
    const scale = 1 / Math.log1p(Math.max(1, maxCount));
    for (let k = 0; k < counts.length; k++) {
      const c = counts[k];
      if (c === 0) continue;
      const o = 4 * k;
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = Math.round(255 * (0.35 + 0.65 * Math.log1p(c) * scale));
    }
    ctx.putImageData(img, 0, 0);
    this.fit();
  }

  /** Largest size that fits the container (max 480 css px on the long side), keeping the aspect ratio. */
  private fit(): void {
    const { width, height } = this.grid;
    if (width === 0 || height === 0) return;
    const box = Math.min(480, Math.max(120, this.body.clientWidth || 320));
    const s = box / Math.max(width, height);
    this.canvas.style.width = `${Math.round(width * s)}px`;
    this.canvas.style.height = `${Math.round(height * s)}px`;
  }

  private savePng(): void {
    const side = 640;
    const s = side / Math.max(1, this.grid.width, this.grid.height);
    const out = document.createElement('canvas');
    out.width = Math.max(1, Math.round(this.grid.width * s));
    out.height = Math.max(1, Math.round(this.grid.height * s));
    const ctx = out.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, 0, 0, out.width, out.height);
    this.exportPng(
      'Sparsity pattern',
      composePng(
        out,
        `Sparsity pattern ${this.grid.rows} × ${this.grid.cols}`,
        this.theme.background,
        this.theme.foreground,
        this.theme.fontFamily,
      ),
    );
  }
}
