import { significant } from '../format/significant';
import type { SolveOptions, SolveResult, StopReason } from './result';

/** Residual growth (relative to the initial one) at which a solve is declared diverged. */
export const DIVERGENCE_FACTOR = 1e8;
/** How often (in iterations) cancellation, the time budget and progress are checked. */
export const CHECK_EVERY = 8;
/** Shortest window, in iterations, over which an unchanged residual counts as stagnation. */
export const STAGNATION_MIN_WINDOW = 100;
/** Relative spread of the residual over the window below which it counts as unchanged. */
export const STAGNATION_SPREAD = 1e-6;

/**
 * Decides, once per iteration, whether a solve must stop for a reason other than convergence:
 * cap, divergence, stagnation, cancellation or time budget. Also records the residual history.
 */
export class IterationMonitor {
  readonly tol: number;
  readonly maxIterations: number;
  readonly divergenceFactor: number;
  message: string | undefined;
  private readonly start: number;
  private readonly options: SolveOptions;
  private history: Float64Array | undefined;
  private initial = 1;
  private checkpoint = 0;
  private windowMin = Infinity;
  private windowMax = -Infinity;

  constructor(options: SolveOptions, start: number) {
    this.options = options;
    this.start = start;
    this.tol = options.tol ?? 1e-8;
    this.maxIterations = options.maxIterations ?? 10000;
    this.divergenceFactor = options.divergenceFactor ?? DIVERGENCE_FACTOR;
    if (options.recordResiduals) this.history = new Float64Array(Math.min(this.maxIterations, 1024) + 1);
  }

  /**
   * Observes the relative residual of iterate k (k = 0 first). Returns why to stop, or undefined
   * to continue. `converged` is decided by the caller since SOR and PCG use different comparisons.
   */
  observe(k: number, rel: number, converged: boolean): StopReason | undefined {
    this.record(k, rel);
    if (k === 0) this.initial = rel > 0 ? rel : 1;
    if (converged) return 'converged';
    if (!Number.isFinite(rel)) {
      this.message = `the residual became ${rel} at iteration ${k}: the iteration diverged`;
      return 'diverged';
    }
    if (rel > this.divergenceFactor * this.initial) {
      this.message =
        `the residual grew to ${significant(rel / this.initial)} times the initial one at iteration ${k}: ` +
        'the iteration diverges (omega too large, a matrix this method does not converge on, or a singular system)';
      return 'diverged';
    }
    if (k >= this.maxIterations) {
      this.message = `not converged after ${k} iterations: relative residual ${significant(rel)} > tol ${significant(this.tol)}`;
      return 'max-iterations';
    }
    if (this.stagnated(k, rel)) return 'stagnated';
    if (k % CHECK_EVERY === 0) return this.periodic(k, rel);
    return undefined;
  }

  /** The residual history up to iteration k, if recording. */
  residuals(k: number): Float64Array | undefined {
    return this.history?.slice(0, k + 1);
  }

  elapsed(): number {
    return (performance.now() - this.start) / 1000;
  }

  private record(k: number, rel: number): void {
    if (this.history === undefined) return;
    if (k >= this.history.length) {
      const grown = new Float64Array(Math.min(this.maxIterations + 1, this.history.length * 2));
      grown.set(this.history);
      this.history = grown;
    }
    this.history[k] = rel;
  }

  /**
   * A residual that keeps the same value (to STAGNATION_SPREAD) over a window of at least
   * STAGNATION_MIN_WINDOW iterations and half the iterations so far is stuck: typical of a singular
   * system whose right-hand side is not in the range, where SOR settles at a fixed nonzero residual.
   */
  private stagnated(k: number, rel: number): boolean {
    if (rel < this.windowMin) this.windowMin = rel;
    if (rel > this.windowMax) this.windowMax = rel;
    const window = Math.max(STAGNATION_MIN_WINDOW, this.checkpoint >> 1);
    if (k - this.checkpoint < window) return false;
    if (this.windowMax - this.windowMin <= STAGNATION_SPREAD * this.windowMax) {
      this.message =
        `no progress: the relative residual stayed at ${significant(rel)} from iteration ${this.checkpoint} to ${k}. ` +
        'The system may be singular or inconsistent (b not in the range of A); check the matrix and right-hand side';
      return true;
    }
    this.checkpoint = k;
    this.windowMin = rel;
    this.windowMax = rel;
    return false;
  }

  private periodic(k: number, rel: number): StopReason | undefined {
    const { isCancelled, timeBudgetSeconds, onProgress } = this.options;
    if (onProgress !== undefined) onProgress(k, rel);
    if (isCancelled !== undefined && isCancelled()) {
      this.message = `cancelled at iteration ${k}`;
      return 'cancelled';
    }
    if (timeBudgetSeconds !== undefined && this.elapsed() > timeBudgetSeconds) {
      this.message = `stopped at iteration ${k}: time budget of ${timeBudgetSeconds} s exceeded`;
      return 'time-budget';
    }
    return undefined;
  }
}

/** The SolveResult of a solve that stopped after k iterations for `reason` at relative residual `rel`. */
export function finishSolve(
  monitor: IterationMonitor,
  x: Float64Array,
  k: number,
  reason: StopReason,
  rel: number,
): SolveResult {
  const result: SolveResult = {
    iterations: k,
    converged: reason === 'converged',
    reason,
    relativeResidual: rel,
    seconds: monitor.elapsed(),
    x,
  };
  if (monitor.message !== undefined && reason !== 'converged') result.message = monitor.message;
  const residuals = monitor.residuals(k);
  if (residuals !== undefined) result.residuals = residuals;
  return result;
}
