import { CHECK_EVERY } from '../solvers/monitor';
import type { PreparedMatrix } from '../solvers/prepared';
import { runMethod, type CandidateSettings } from './candidate';
import { solvedPoint, type TuneMethod, type TunePoint } from './point';

/** A projection must exceed the budget by this factor, over two successive windows, before a baseline stops early. */
const EARLY_STOP_FACTOR = 1.25;

/**
 * A baseline (omega = 1, or Young's omega* outside the searched range) run for at most `budget` iterations.
 * When it does not converge within the budget its count is extrapolated from the asymptotic rate measured
 * over the last quarter of the run and labelled `estimated`. It stops before the budget (after at least
 * budget / 20 iterations) once two successive windows both project a count beyond 1.25 x the budget: the
 * answer would be an estimate anyway, and the early windows converge faster than the asymptotic rate.
 */
export function solveBaseline(
  p: PreparedMatrix,
  b: Float64Array,
  method: TuneMethod,
  omega: number,
  budget: number,
  s: CandidateSettings,
): TunePoint {
  const tol = s.tol ?? 1e-8;
  const history = new Float64Array(Math.floor(budget / CHECK_EVERY) + 2);
  let stored = 0;
  let stopEarly = false;
  const minRun = Math.max(4 * CHECK_EVERY, budget / 20);
  const r = runMethod(p, b, method, omega, budget, s, {
    onProgress: (k, rel) => {
      if (stored < history.length) history[stored++] = rel;
      if (k < minRun) return;
      const late = projection(history, stored, 0.75, tol);
      const early = projection(history, Math.floor(0.75 * stored) + 1, 2 / 3, tol);
      stopEarly = late > EARLY_STOP_FACTOR * budget && early > EARLY_STOP_FACTOR * budget;
    },
    isCancelled: () => stopEarly || (s.isCancelled?.() ?? false),
  });
  const base = solvedPoint(omega, r, false);
  const userCancelled = r.reason === 'cancelled' && !stopEarly;
  if (r.converged || userCancelled || (r.reason !== 'max-iterations' && r.reason !== 'cancelled')) return base;
  const estimate = projection(history, stored, 0.75, tol);
  if (!Number.isFinite(estimate)) return { ...base, reason: 'max-iterations' };
  return {
    ...base,
    reason: 'max-iterations',
    iterations: Math.max(Math.round(estimate), r.iterations + 1),
    estimated: true,
  };
}

/**
 * Iterations to reach `tol`, extrapolated from checkpoints [0, count) of `history` (one per CHECK_EVERY
 * iterations) with the mean rate between checkpoint floor(from * count) and the last. Infinity when the
 * residual did not decrease over that window.
 */
export function projection(history: Float64Array, count: number, from: number, tol: number): number {
  if (count < 2) return Infinity;
  const last = count - 1;
  const first = Math.min(last - 1, Math.floor(from * count));
  const span = (last - first) * CHECK_EVERY;
  const rLast = history[last];
  const rFirst = history[first];
  if (!(rLast > 0 && rFirst > 0) || rLast >= rFirst) return Infinity;
  const logRate = Math.log(rLast / rFirst) / span;
  const k = (last + 1) * CHECK_EVERY;
  return k + Math.max(0, Math.log(tol / rLast) / logRate);
}
