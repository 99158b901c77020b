import type { CsrMatrix } from '../sparse/csr';
import type { SolveOptions } from '../solvers/result';
import { runBaseline, runCandidate, runPrior, tuneContext } from './context';
import type { TuneMethod, TunePoint } from './point';
import { TuneSession, type TuneSummary } from './session';

export type { TuneMethod, TunePoint } from './point';
export type { YoungBaseline, TuneCost, TuneOutcome } from './session';

export interface TuneProgress {
  phase: 'prior' | 'search' | 'baseline';
  evaluations: number;
  point: TunePoint;
  best: TunePoint | undefined;
}

export interface TuneOptions {
  method?: TuneMethod;
  /** Omega interval searched, inside (0, 2). Default [1, 1.99]. */
  range?: [number, number];
  /** Absolute omega tolerance (default: SOR's count-shape rule at 0.5 %; 0.02 for SSOR-CG). */
  tolerance?: number;
  /** Relative count tolerance of SOR's shape rule. Default 0.005. */
  countTolerance?: number;
  /** Cap on search solves. Default 40. */
  maxEvaluations?: number;
  /** Candidates per round (results depend on this, never on how a round is run). Default 1. */
  batchSize?: number;
  /** Per-solve options (tol, maxIterations, x0). */
  solve?: Pick<SolveOptions, 'tol' | 'maxIterations' | 'x0'>;
  /** Race candidates against the best count (default true; false is for checking that racing changes nothing). */
  race?: boolean;
  /** Skip the spectral estimate and the Young baseline: the search starts from a coarse bracket. */
  skipYoung?: boolean;
  /** MPI ranks of PETSc's processor-local form to tune (default 1, the sequential method); > 1 implies skipYoung. */
  ranks?: number;
  onProgress?: (p: TuneProgress) => void;
  isCancelled?: () => boolean;
}

/**
 * A finished in-thread tuning (tuneOmega): the session's summary plus its total work and wall time.
 * Not the protocol's TuneResult, which is a saved tuning record and the URI of its file.
 */
export interface TuneRun extends TuneSummary {
  /** cost.total: sweeps (SOR) or PCG iterations of all solves plus the spectral estimate's sweeps. */
  totalIterations: number;
  seconds: number;
}

/**
 * Minimises the SOR or SSOR-CG iteration count over omega for one system A x = b, in the calling thread:
 * Young's omega* as the prior (coarse start where it does not apply), a racing bracketing search, then the
 * baselines. See TuneSession for the method; the server runs the same session with candidates on workers.
 */
export function tuneOmega(a: CsrMatrix, b: Float64Array, options: TuneOptions = {}): TuneRun {
  const start = performance.now();
  const method = options.method ?? 'sor';
  const range = options.range ?? [1, 1.99];
  checkRange(range);
  const maxIterations = options.solve?.maxIterations ?? 10000;
  const ranks = options.ranks ?? 1;
  // Young's omega* and the estimate describe global SOR, not the block-Jacobi-coupled local sweeps.
  const skipYoung = options.skipYoung === true || ranks > 1;
  const settings = {
    tol: options.solve?.tol,
    maxIterations,
    ...(ranks > 1 ? { ranks } : {}),
    ...(options.solve?.x0 ? { x0: options.solve.x0 } : {}),
    ...(options.isCancelled ? { isCancelled: options.isCancelled } : {}),
  };
  const ctx = tuneContext(a, b, method, range, settings, skipYoung);
  const session = new TuneSession({
    method,
    range,
    maxIterations,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.tolerance !== undefined ? { omegaTolerance: options.tolerance } : {}),
    ...(options.countTolerance !== undefined ? { countTolerance: options.countTolerance } : {}),
    ...(options.maxEvaluations !== undefined ? { maxEvaluations: options.maxEvaluations } : {}),
    ...(skipYoung ? { skipYoung: true } : {}),
    ...(options.race === false ? { race: false } : {}),
  });
  const report = (phase: TuneProgress['phase'], point: TunePoint) =>
    options.onProgress?.({ phase, evaluations: session.evaluationsSoFar, point, best: session.best });
  for (let job = session.next(); job; job = session.next()) {
    if (options.isCancelled?.()) {
      session.cancel();
      break;
    }
    if (job.kind === 'prior') session.acceptPrior(runPrior(ctx));
    else if (job.kind === 'candidates') {
      const points = job.candidates.map((c) => runCandidate(ctx, c));
      session.acceptCandidates(points);
      for (const p of points) report('search', p);
    } else {
      const p = runBaseline(ctx, job);
      session.acceptBaseline(job.role, p);
      report('baseline', p);
    }
  }
  const summary = session.summary();
  return { ...summary, totalIterations: summary.cost.total, seconds: (performance.now() - start) / 1000 };
}

/** Throws a RangeError unless 0 < lo <= hi < 2. */
export function checkRange([lo, hi]: [number, number]): void {
  if (!(lo > 0 && hi < 2 && lo <= hi))
    throw new RangeError(`omega range [${lo}, ${hi}] must lie inside (0, 2) with low <= high`);
}
