import type { OmegaMethod } from '../solvers/rankedSolve';
import type { StopReason } from '../solvers/result';

/** Methods whose omega can be tuned (the protocol re-exports this one): the solvers' omega methods. */
export type TuneMethod = OmegaMethod;

/** Why a tune point has the count it has: a solver stop reason, or `not-run` for a baseline that was skipped. */
export type PointReason = StopReason | 'not-run';

/**
 * One evaluated omega: the one tune point, made by the tuner, carried by the protocol, saved in
 * `.relax/*.json` and drawn by the panel. `iterations` means, by flag: converged, the exact count;
 * `abandoned`, the racing cap the solve was stopped at (its count is greater); `estimated`, a count
 * extrapolated from the measured asymptotic rate (never reached); `reason` `not-run`, no solve ran
 * (a skipped baseline); otherwise (failed) the iterations run before `reason` stopped it.
 */
export interface TunePoint {
  omega: number;
  iterations: number;
  converged: boolean;
  reason: PointReason;
  /** Stopped at the racing cap because it could not beat the best count so far. */
  abandoned: boolean;
  /** `iterations` is an extrapolation, not a count the solver reached. */
  estimated: boolean;
  /** Relative residual at the last iteration run (the solver's own norm); absent when no solve ran or it was not finite. */
  relativeResidual?: number;
  /** Iterations actually run for this point (its cost); absent in tunings saved before schemaVersion 2. */
  work?: number;
}

/** What a tune point needs of a finished solve. */
export interface SolvedCount {
  iterations: number;
  converged: boolean;
  reason: StopReason;
  relativeResidual: number;
}

/** The tune point of a solve at `omega` that ran to its end (`abandoned`: it stopped at a racing cap). */
export function solvedPoint(omega: number, r: SolvedCount, abandoned: boolean): TunePoint {
  return {
    omega,
    iterations: r.iterations,
    converged: r.converged,
    reason: r.reason,
    abandoned,
    estimated: false,
    ...(Number.isFinite(r.relativeResidual) ? { relativeResidual: r.relativeResidual } : {}),
    work: r.iterations,
  };
}

/** A point for which no solve ran (a skipped baseline, or one a cancel stopped first). */
export function notRunPoint(omega: number, reason: 'not-run' | 'cancelled' = 'not-run'): TunePoint {
  return { omega, iterations: 0, converged: false, reason, abandoned: false, estimated: false, work: 0 };
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
