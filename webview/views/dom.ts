// Tiny DOM helpers so views read as structure, not as createElement calls.

type Child = Node | string | null | undefined | false;

/** Creates an element with attributes and children (strings become text nodes, falsy ones are skipped). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

/** A custom element (vscode-button, vscode-tabs, ...) with attributes and children. */
export function custom(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

const NUMERIC = /^(–|[-+]?[\d,.]+(e[-+]?\d+)?×?)$/;

/** An accessible data table: caption, header row with scope, body rows; numeric columns right-aligned. */
export function dataTable(caption: string, headers: string[], rows: (string | number)[][]): HTMLTableElement {
  const numeric = headers.map((_, i) => i > 0 && rows.length > 0 && rows.every((r) => NUMERIC.test(String(r[i]))));
  const cls = (i: number): string => (numeric[i] ? 'num' : '');
  return h(
    'table',
    { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t, i) => h('th', { scope: 'col', class: cls(i) }, t)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, String(c)) : h('td', { class: cls(i) }, String(c)))),
        ),
      ),
    ),
  );
}

// toLocaleString builds a formatter per call, which shows up in profiles of live updates.
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Compact number text: integers with thin grouping, others with `digits` significant digits. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const a = Math.abs(v);
  // Large non-integers are costs with fractional sweeps: grouped digits read better than 4 significant ones.
  if (Number.isInteger(v) || (a >= 1000 && a < 1e15)) return integerFormat.format(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** Triggers a PNG export of a canvas through the host (VS Code webviews cannot download). */
export type ExportPng = (name: string, dataUrl: string) => void;

/** A figure with a title bar holding a PNG export button, the drawing area and a text description. */
export function chartFrame(
  title: string,
  description: string,
  onPng: () => void,
): { figure: HTMLElement; body: HTMLElement; caption: HTMLElement } {
  const body = h('div', { class: 'plot' });
  const button = custom(
    'vscode-button',
    { secondary: '', title: `Export “${title}” as PNG`, 'aria-label': `Export ${title} as PNG` },
    'PNG',
  );
  button.addEventListener('click', onPng);
  const caption = h('figcaption', { class: 'description' }, description);
  const figure = h(
    'figure',
    { class: 'chart', 'aria-label': title },
    h('div', { class: 'chart-head' }, h('h3', {}, title), button),
    body,
    caption,
  );
  return { figure, body, caption };
}

/** A canvas of `css` size with its backing store scaled for the screen's pixel ratio. */
export function sizeCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): number {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(cssWidth * dpr));
  canvas.height = Math.max(1, Math.round(cssHeight * dpr));
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  return dpr;
}

/** Legend entries placed in rows under the title so none runs past the image's right edge. */
function legendRows(
  ctx: CanvasRenderingContext2D,
  legend: { label: string; color: string }[],
  width: number,
  dpr: number,
): { label: string; color: string; x: number; row: number }[] {
  const placed: { label: string; color: string; x: number; row: number }[] = [];
  let x = 8 * dpr;
  let row = 0;
  for (const item of legend) {
    const w = 28 * dpr + ctx.measureText(item.label).width;
    if (x > 8 * dpr && x + w > width) {
      row++;
      x = 8 * dpr;
    }
    placed.push({ ...item, x, row });
    x += w;
  }
  return placed;
}

/** Copies `source` onto a new canvas with a solid background, a title line and the legend: what a saved PNG should look like. */
export function composePng(
  source: HTMLCanvasElement,
  title: string,
  background: string,
  foreground: string,
  font: string,
  legend: { label: string; color: string }[] = [],
): string {
  const dpr = window.devicePixelRatio || 1;
  const line = Math.round(20 * dpr);
  const out = document.createElement('canvas');
  out.width = source.width;
  const ctx = out.getContext('2d');
  if (!ctx) return source.toDataURL('image/png');
  ctx.font = `${Math.round(12 * dpr)}px ${font}`;
  const placed = legendRows(ctx, legend, out.width, dpr);
  const rows = placed.length > 0 ? placed[placed.length - 1].row + 1 : 0;
  const head = Math.round(28 * dpr) + rows * line;
  // Resizing resets the context, so the size is final before anything is drawn.
  out.height = source.height + head;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = foreground;
  ctx.font = `bold ${Math.round(13 * dpr)}px ${font}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8 * dpr, 14 * dpr);
  ctx.font = `${Math.round(12 * dpr)}px ${font}`;
  for (const item of placed) {
    const y = Math.round(28 * dpr) + item.row * line + line / 2;
    ctx.fillStyle = item.color;
    ctx.fillRect(item.x, y - 4 * dpr, 12 * dpr, 8 * dpr);
    ctx.fillStyle = foreground;
    ctx.fillText(item.label, item.x + 16 * dpr, y);
  }
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, 0, head);
  return out.toDataURL('image/png');
}
