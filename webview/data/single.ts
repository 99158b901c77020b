// Pure shaping of a single-matrix report into aligned chart columns: no DOM.
import type { ResidualHistory, SingleMatrixReport } from '../../src/protocol';
import { strideIndices } from './series';

/**
 * Aligned columns for the log-scale residual chart: x = iteration numbers, one column per history.
 * At most about `maxPoints` x values: an even stride plus every history's last iteration, so each
 * curve still ends where the solve ended. Non-positive or non-finite residuals become null (no log).
 */
export function residualColumns(histories: readonly ResidualHistory[], maxPoints = 4000): { x: number[]; ys: (number | null)[][] } {
  const length = histories.reduce((m, h) => Math.max(m, h.residuals.length), 0);
  const keep = new Set(strideIndices(length, maxPoints));
  for (const h of histories) if (h.residuals.length > 0) keep.add(h.residuals.length - 1);
  const x = [...keep].sort((a, b) => a - b);
  const ys = histories.map((h) =>
    x.map((i) => {
      const v = h.residuals[i];
      return v !== undefined && Number.isFinite(v) && v > 0 ? v : null;
    }),
  );
  return { x, ys };
}

/** A labelled omega to mark on the tuning curve (omega = 1, Young's omega*). */
export interface TuneMarker {
  role: 'omega1' | 'young';
  label: string;
  omega: number;
  iterations: number;
}

/**
 * Aligned columns for iterations versus omega: x = sorted distinct omegas; columns: converged curve
 * points, unconverged points (at their capped count), the chosen optimum, then one per marker.
 */
export function tuneColumns(
  report: SingleMatrixReport,
  markers: readonly TuneMarker[],
): { x: number[]; converged: (number | null)[]; capped: (number | null)[]; chosen: (number | null)[]; marks: (number | null)[][] } {
  const tune = report.tune;
  const curve = tune?.curve ?? [];
  const omegas = new Set<number>(curve.map((p) => p.omega));
  if (tune) omegas.add(tune.omega);
  for (const m of markers) omegas.add(m.omega);
  const x = [...omegas].sort((a, b) => a - b);
  const at = new Map(x.map((o, i) => [o, i]));
  const empty = (): (number | null)[] => new Array<number | null>(x.length).fill(null);
  const converged = empty();
  const capped = empty();
  for (const p of curve) (p.converged ? converged : capped)[at.get(p.omega) as number] = p.iterations;
  const chosen = empty();
  if (tune) chosen[at.get(tune.omega) as number] = tune.iterations;
  const marks = markers.map((m) => {
    const col = empty();
    col[at.get(m.omega) as number] = m.iterations;
    return col;
  });
  return { x, converged, capped, chosen, marks };
}

/**
 * Markers for the tuning curve from the residual histories run with the tuned method: omega = 1 and
 * Young's omega*, so the chart shows how far the optimum is from both.
 */
export function tuneMarkers(report: SingleMatrixReport): TuneMarker[] {
  const method = report.tune?.method;
  if (!method) return [];
  return report.residuals
    .filter((h) => h.method === method && (h.role === 'omega1' || h.role === 'young'))
    .map((h) => ({
      role: h.role === 'omega1' ? ('omega1' as const) : ('young' as const),
      label: h.role === 'omega1' ? 'ω = 1' : `Young ω* = ${h.omega.toFixed(3)}`,
      omega: h.omega,
      iterations: h.iterations,
    }));
}
