// Colours from VS Code's theme variables, re-read whenever the theme changes.

/** The resolved colours a chart needs. */
export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  /** Distinct series colours, in order. */
  series: string[];
  /** Colour for failures (unconverged points, capped heat-map cells). */
  error: string;
  fontFamily: string;
  fontSize: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** Reads the current theme's colours from the body's CSS variables (fallbacks for a plain browser). */
export function readTheme(): ChartTheme {
  const s = getComputedStyle(document.body);
  const dark =
    document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  const fg = cssVar(s, '--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  return {
    foreground: fg,
    muted: cssVar(s, '--vscode-descriptionForeground', fg),
    grid: cssVar(s, '--vscode-charts-lines', dark ? 'rgba(204,204,204,0.2)' : 'rgba(51,51,51,0.15)'),
    background: cssVar(s, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    series: [
      cssVar(s, '--vscode-charts-blue', dark ? '#3794ff' : '#1a85ff'),
      cssVar(s, '--vscode-charts-orange', dark ? '#d18616' : '#d18616'),
      cssVar(s, '--vscode-charts-green', dark ? '#89d185' : '#388a34'),
      cssVar(s, '--vscode-charts-purple', dark ? '#b180d7' : '#652d90'),
      cssVar(s, '--vscode-charts-yellow', dark ? '#cca700' : '#bf8803'),
      cssVar(s, '--vscode-charts-red', dark ? '#f14c4c' : '#e51400'),
      fg,
    ],
    error: cssVar(s, '--vscode-charts-red', dark ? '#f14c4c' : '#e51400'),
    fontFamily: cssVar(s, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssVar(s, '--vscode-font-size', '13px')) || 13,
  };
}

/** [r, g, b] of any CSS colour, resolved by the browser itself (handles names, hex, rgb(), hsl()). */
export function colorRgb(color: string): [number, number, number] {
  const cached = rgbCache.get(color);
  if (cached) return cached;
  const rgb = resolveRgb(color);
  rgbCache.set(color, rgb);
  return rgb;
}

const rgbCache = new Map<string, [number, number, number]>();

function resolveRgb(color: string): [number, number, number] {
  const c = document.createElement('canvas');
  c.width = c.height = 1;
  const ctx = c.getContext('2d');
  if (!ctx) return [128, 128, 128];
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2]];
}

/** Calls `onChange` when VS Code switches theme (it swaps the body's classes and inline variables). */
export function onThemeChange(onChange: () => void): () => void {
  const obs = new MutationObserver(() => onChange());
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => obs.disconnect();
}
