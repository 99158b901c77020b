import type { OmegaMethod } from '../solvers/rankedSolve';
import type { StopReason } from '../solvers/result';

/** Methods whose omega can be tuned (the protocol re-exports this one): the solvers' omega methods. */
export type TuneMethod = OmegaMethod;

/** Why a tune point has the count it has: a solver stop reason, or `not-run` for a baseline that was skipped. */
export type TuneReason = StopReason | 'not-run';

/**
 * One evaluated omega. `iterations` means, by flag: converged, the exact count; `abandoned`, the racing cap
 * the solve was stopped at (its count is greater); `estimated`, a count extrapolated from the measured
 * asymptotic rate (never reached); otherwise (failed) the iterations run before `reason` stopped it.
 */
export interface TunePoint {
  omega: number;
  iterations: number;
  converged: boolean;
  reason: TuneReason;
  /** Stopped at the racing cap because it could not beat the best count so far. */
  abandoned: boolean;
  /** `iterations` is an extrapolation, not a count the solver reached. */
  estimated: boolean;
  /** Relative residual at the last iteration run (the solver's own norm). */
  relativeResidual: number;
  /** Iterations actually run for this point (its cost). */
  work: number;
}

/** Rounds a candidate omega so repeated proposals hit the same cache entry (1e-7 in omega). */
export function roundOmega(omega: number): number {
  return Math.round(omega * 1e7) / 1e7;
}

/** Whether `p` is a strictly better converged result than `q` (fewer iterations; ties to the smaller omega). */
export function betterThan(p: TunePoint, q: TunePoint | undefined): boolean {
  if (!p.converged) return false;
  if (q === undefined || !q.converged) return true;
  return p.iterations < q.iterations || (p.iterations === q.iterations && p.omega < q.omega);
}
