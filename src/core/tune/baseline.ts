import { CHECK_EVERY } from '../solvers/monitor';
import type { PreparedMatrix } from '../solvers/prepared';
import { runMethod, type CandidateSettings } from './candidate';
import { solvedPoint, type TuneMethod, type TunePoint } from './point';

/** A projection must exceed the budget by this factor, over two successive windows, before a baseline stops early. */
const EARLY_STOP_FACTOR = 1.25;
/** Two projections agree to this fraction when the rate is steady. */
const STEADY_AGREEMENT = 0.1;

/** When a budgeted solve may stop before its budget because its rate projects past it. */
export interface EarlyStopRule {
  /** Fraction of the budget run before any early stop. */
  minRunFraction: number;
  /**
   * Stop only on a steady rate: every checkpoint's residual at most the one before, and the two windows'
   * projections within 10 % of each other. Above SOR's optimum the residual grows for a long transient and
   * then falls fast, so a projection from the transient says nothing; below it the decay is steady.
   */
  steadyOnly: boolean;
  /**
   * Also stop once this fraction of the budget has run if the residual is no lower than at half the
   * iterations so far. SOR's transient above the optimum never stalls like that past 0.3 x its final count
   * (1-D and 2-D Laplacians, omega up to 1.999), so at 0.5 x the budget a stall says the budget is not enough.
   */
  stallFraction?: number;
}

/** A baseline's count is reported, never decided on: any projection past the budget will do. */
const BASELINE_RULE: EarlyStopRule = { minRunFraction: 1 / 20, steadyOnly: false };

/** A search point decides whether the tuning gives up: stop only when the projection is trustworthy. */
export const CANDIDATE_RULE: EarlyStopRule = { minRunFraction: 1 / 10, steadyOnly: true, stallFraction: 1 / 2 };

/**
 * A baseline (omega = 1, or Young's omega* outside the searched range) run for at most `budget` iterations.
 * When it does not converge within the budget its count is extrapolated from the asymptotic rate measured
 * over the last quarter of the run and labelled `estimated`. It stops before the budget (after at least
 * budget / 20 iterations) once two successive windows both project a count beyond 1.25 x the budget: the
 * answer would be an estimate anyway, and the early windows converge faster than the asymptotic rate.
 * Stopped early with a residual that did not decrease, the point is `abandoned` at the iterations it ran.
 */
export function solveBaseline(
  p: PreparedMatrix,
  b: Float64Array,
  method: TuneMethod,
  omega: number,
  budget: number,
  s: CandidateSettings,
  early: EarlyStopRule = BASELINE_RULE,
): TunePoint {
  const tol = s.tol ?? 1e-8;
  const history = new Float64Array(Math.floor(budget / CHECK_EVERY) + 2);
  let stored = 0;
  let stopEarly = false;
  let monotone = true;
  const minRun = Math.max(4 * CHECK_EVERY, budget * early.minRunFraction);
  const r = runMethod(p, b, method, omega, budget, s, {
    onProgress: (k, rel) => {
      if (stored > 0 && !(rel <= history[stored - 1])) monotone = false;
      if (stored < history.length) history[stored++] = rel;
      if (early.stallFraction !== undefined && k >= early.stallFraction * budget && stalled(history, stored)) {
        stopEarly = true;
        return;
      }
      if (k < minRun || (early.steadyOnly && !monotone)) return;
      const late = projection(history, stored, 0.75, tol);
      const before = projection(history, Math.floor(0.75 * stored) + 1, 2 / 3, tol);
      const beyond = late > EARLY_STOP_FACTOR * budget && before > EARLY_STOP_FACTOR * budget;
      stopEarly = beyond && (!early.steadyOnly || Math.abs(late - before) <= STEADY_AGREEMENT * late);
    },
    isCancelled: () => stopEarly || (s.isCancelled?.() ?? false),
  });
  const base = solvedPoint(omega, r, false);
  const userCancelled = r.reason === 'cancelled' && !stopEarly;
  if (r.converged || userCancelled || (r.reason !== 'max-iterations' && r.reason !== 'cancelled')) return base;
  const estimate = projection(history, stored, 0.75, tol);
  // No decrease over the last quarter: nothing to extrapolate. Stopped early, all that is known is "more than it ran"
  // (not stagnation: SOR's residual can grow for a long transient on a matrix where it converges).
  if (!Number.isFinite(estimate)) return { ...base, reason: 'max-iterations', abandoned: stopEarly };
  return {
    ...base,
    reason: 'max-iterations',
    iterations: Math.max(Math.round(estimate), r.iterations + 1),
    estimated: true,
  };
}

/** Whether the last checkpoint's residual is no lower than the one at half as many iterations. */
function stalled(history: Float64Array, count: number): boolean {
  if (count < 2) return false;
  return !(history[count - 1] < history[Math.floor((count - 1) / 2)]);
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
