// Pure shaping of a single-matrix report into aligned chart columns: no DOM.
import type { ResidualHistory, SingleMatrixReport } from '../../src/protocol';
import { strideIndices } from './series';

/**
 * Aligned columns for the log-scale residual chart: x = iteration numbers, one column per history.
 * At most about `maxPoints` x values: an even stride plus every history's last iteration, so each
 * curve still ends where the solve ended. Non-positive or non-finite residuals become null (no log).
 */
export function residualColumns(
  histories: readonly ResidualHistory[],
  maxPoints = 4000,
): { x: number[]; ys: (number | null)[][] } {
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
  /** The converged count, or the cap when the solve did not converge (drawn on the cap line). */
  iterations: number;
  converged: boolean;
}

/**
 * Aligned columns for iterations versus omega: x = sorted distinct omegas; columns: converged curve
 * points, unconverged points (on the cap line), abandoned raced points (at their racing cap), the chosen
 * optimum, then one per marker.
 */
export function tuneColumns(
  report: SingleMatrixReport,
  markers: readonly TuneMarker[],
): {
  x: number[];
  converged: (number | null)[];
  capped: (number | null)[];
  abandoned: (number | null)[];
  chosen: (number | null)[];
  marks: (number | null)[][];
} {
  const tune = report.tune;
  const curve = tune?.curve ?? [];
  const omegas = new Set<number>(curve.map((p) => p.omega));
  const chosenOmega = tune?.converged ? tune.omega : undefined;
  if (chosenOmega !== undefined) omegas.add(chosenOmega);
  for (const m of markers) omegas.add(m.omega);
  const x = [...omegas].sort((a, b) => a - b);
  const at = new Map(x.map((o, i) => [o, i]));
  const empty = (): (number | null)[] => new Array<number | null>(x.length).fill(null);
  const converged = empty();
  const capped = empty();
  // An unconverged solve sits on the cap line, whatever count it stopped at (0 for a refused SSOR-CG step).
  const cap = capOf(report);
  // A raced point stopped at the racing cap: its count is more than that, drawn as "> N" there.
  const abandoned = empty();
  for (const p of curve) {
    const i = at.get(p.omega) as number;
    if (p.converged) converged[i] = p.iterations;
    else if (p.abandoned) abandoned[i] = p.iterations;
    else capped[i] = cap ?? p.iterations;
  }
  const chosen = empty();
  if (chosenOmega !== undefined && tune?.iterations !== undefined)
    chosen[at.get(chosenOmega) as number] = tune.iterations;
  const marks = markers.map((m) => {
    const col = empty();
    const i = at.get(m.omega) as number;
    col[i] = m.iterations;
    if (!m.converged) capped[i] = m.iterations;
    return col;
  });
  return { x, converged, capped, abandoned, chosen, marks };
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
    .map((h) => {
      const name = h.role === 'omega1' ? 'ω = 1' : `Young ω* = ${Number(h.omega.toPrecision(4))}`;
      return {
        role: h.role === 'omega1' ? ('omega1' as const) : ('young' as const),
        label: h.converged ? name : `${name} (not converged)`,
        omega: h.omega,
        iterations: h.converged ? h.iterations : (capOf(report) ?? h.iterations),
        converged: h.converged,
      };
    });
}

/** The iteration cap unconverged points are drawn at: the tuning's cap, else the longest unconverged history. */
function capOf(report: SingleMatrixReport): number | undefined {
  return report.tune?.maxIterations;
}
