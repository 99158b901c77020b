// CSV and JSON export of the shown report: pure, no DOM.
import type { Report } from '../../src/protocol';

function csvField(v: string | number | boolean | undefined | null): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLines(header: string[], rows: (string | number | boolean | undefined | null)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/**
 * CSV of the report's data in long format. Single matrix: one row per tuning-curve point and per
 * residual (kind, label, omega, index, value, converged). Learning: one row per record.
 */
export function reportToCsv(report: Report): string {
  if (report.kind === 'learning') {
    const rows = report.series.flatMap((s) =>
      s.records.map((r) => [s.name, s.role, r.t, r.context, r.omega, r.iterations, r.converged, r.extraSweeps]),
    );
    return csvLines(['series', 'role', 't', 'context', 'omega', 'iterations', 'converged', 'extraSweeps'], rows);
  }
  const rows: (string | number | boolean | undefined)[][] = [];
  for (const p of report.tune?.curve ?? [])
    rows.push(['tune', report.tune?.method, p.omega, '', p.iterations, p.converged]);
  for (const h of report.residuals) {
    h.residuals.forEach((r, k) => rows.push(['residual', h.label, h.omega, k, r, h.converged]));
  }
  return csvLines(['kind', 'label', 'omega', 'iteration', 'value', 'converged'], rows);
}

/** Pretty-printed JSON of the report, the same shape as the protocol type. */
export function reportToJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** A file-name stem from the report title: letters, digits, dot, dash and underscore only. */
export function exportStem(report: Report): string {
  const stem = report.title
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'relax'}-${report.kind === 'learning' ? 'learning' : 'report'}`;
}
