/** Aligned `label  value` lines for human output. */
export function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** Compact number for people: 4 significant digits, exponent when small or large. */
export function num(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const rounded = Number(v.toPrecision(digits));
  return a < 1e-3 || a >= 1e6 ? rounded.toExponential() : rounded.toString();
}

export function seconds(s: number): string {
  return s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`;
}
