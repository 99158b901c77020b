import type { PreparedMatrix } from '../solvers/prepared';
import { rankedSolve } from '../solvers/rankedSolve';
import type { SolveOptions, SolveResult } from '../solvers/result';
import { solvedPoint, type TuneMethod, type TunePoint } from './point';

/** Per-solve settings shared by every candidate of one tuning; `ranks` > 1 tunes PETSc's processor-local form. */
export type CandidateSettings = Pick<SolveOptions, 'tol' | 'x0' | 'isCancelled'> & {
  maxIterations: number;
  ranks?: number;
};

/** One SOR or SSOR-CG solve at `omega`, stopped after `cap` iterations (cap <= the user's maximum). */
export function runMethod(
  p: PreparedMatrix,
  b: Float64Array,
  method: TuneMethod,
  omega: number,
  cap: number,
  s: CandidateSettings,
  extra: SolveOptions = {},
): SolveResult {
  const options: SolveOptions = {
    tol: s.tol,
    maxIterations: cap,
    ...(s.x0 ? { x0: s.x0 } : {}),
    ...(s.isCancelled ? { isCancelled: s.isCancelled } : {}),
    ...extra,
  };
  return rankedSolve(p, b, method, omega, s.ranks ?? 1, options);
}

/**
 * A racing candidate: solved with `cap` iterations at most. A solve that reaches a cap below the user's
 * maximum is `abandoned` (its count is only known to exceed the cap); one that reaches the user's maximum
 * has simply not converged.
 */
export function solveCandidate(
  p: PreparedMatrix,
  b: Float64Array,
  method: TuneMethod,
  omega: number,
  cap: number,
  s: CandidateSettings,
): TunePoint {
  const r = runMethod(p, b, method, omega, cap, s);
  return solvedPoint(omega, r, !r.converged && r.reason === 'max-iterations' && cap < s.maxIterations);
}
