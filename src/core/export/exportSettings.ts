import type { LocalFallback, OmegaMethod } from '../solvers/rankedSolve';

/** The two solvers whose omega Relax exports; names as in the CLI and the sequence specs. */
export type ExportMethod = OmegaMethod;

/**
 * One tuned (or chosen) omega together with the stopping rule of the run it came from.
 * An omega is only meaningful with its tolerance and cap, so they always travel together.
 */
export interface ExportSettings {
  method: ExportMethod;
  /** Relaxation parameter, strictly inside (0, 2). */
  omega: number;
  /** Relative residual tolerance of the run (Relax default 1e-8). */
  tolerance: number;
  /** Iteration cap of the run (Relax default 10000). */
  maxIterations: number;
  /** What Relax measured at this omega, when known: the number PETSc should reproduce (on `ranks` ranks). */
  measured?: { iterations: number; converged: boolean; reason?: string };
  /** MPI ranks `measured` was simulated on (PETSc's processor-local form, default row split); default 1. */
  ranks?: number;
  /** When the local form failed on `ranks`: CG with local symmetric SOR, which converged there. */
  fallback?: LocalFallback;
  /** The matrix file the omega was tuned on, for the label only. */
  source?: string;
}

/** Throws a RangeError naming the bad field; export must never print options PETSc would reject. */
export function checkExportSettings(s: ExportSettings): void {
  if (s.method !== 'sor' && s.method !== 'ssor-cg') {
    throw new RangeError(`method must be "sor" or "ssor-cg", got "${String(s.method)}"`);
  }
  if (!Number.isFinite(s.omega) || s.omega <= 0 || s.omega >= 2) {
    throw new RangeError(`omega must be strictly between 0 and 2, got ${s.omega}`);
  }
  if (!Number.isFinite(s.tolerance) || s.tolerance <= 0 || s.tolerance >= 1) {
    throw new RangeError(`tolerance must be in (0, 1), got ${s.tolerance}`);
  }
  if (s.ranks !== undefined && (!Number.isInteger(s.ranks) || s.ranks < 1)) {
    throw new RangeError(`ranks must be a positive integer, got ${s.ranks}`);
  }
  if (!Number.isInteger(s.maxIterations) || s.maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer, got ${s.maxIterations}`);
  }
}

/**
 * Shortest decimal that round-trips, so `-pc_sor_omega` gets exactly the omega Relax used
 * (a 4-digit rounding can move an SOR count by several sweeps near the optimum).
 */
export function formatNumber(x: number): string {
  const plain = String(x);
  const exp = x.toExponential().replace('e+', 'e');
  return exp.length < plain.length ? exp : plain;
}
