import { significant } from '../format/significant';
import { finishSolve, type IterationMonitor } from './monitor';
import type { SolveResult } from './result';

// The early stops shared by the PCG variants (plain and Eisenstat), so both report them in the same words.

/** r^T M^{-1} r = rz <= 0 after k iterations: M is not positive definite. */
export function notPositivePreconditioner(
  monitor: IterationMonitor,
  x: Float64Array,
  k: number,
  rel: number,
  rz: number,
): SolveResult {
  monitor.message =
    k === 0
      ? `r^T M^{-1} r = ${significant(rz)}: the preconditioner is not positive definite`
      : `r^T M^{-1} r = ${significant(rz)} at iteration ${k}: the preconditioner is not positive definite`;
  return finishSolve(monitor, x, k, 'not-positive-definite', rel);
}

/** p^T A p = pq <= 0 in iteration k (which is not taken): A is not positive definite. */
export function notPositiveMatrix(
  monitor: IterationMonitor,
  x: Float64Array,
  k: number,
  rel: number,
  pq: number,
): SolveResult {
  monitor.message =
    `p^T A p = ${significant(pq)} <= 0 at iteration ${k}: the matrix is not positive definite ` +
    '(CG needs a symmetric positive definite matrix; a singular or inconsistent system also ends here)';
  return finishSolve(monitor, x, k - 1, 'not-positive-definite', rel);
}

/** p^T A p is NaN in iteration k (which is not taken). */
export function pqNaN(monitor: IterationMonitor, x: Float64Array, k: number, rel: number): SolveResult {
  monitor.message = `p^T A p became NaN at iteration ${k}: the iteration diverged`;
  return finishSolve(monitor, x, k - 1, 'diverged', rel);
}
