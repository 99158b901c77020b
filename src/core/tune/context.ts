import type { CsrMatrix } from '../sparse/csr';
import { prepareSor, type PreparedMatrix } from '../solvers/prepared';
import { CANDIDATE_RULE, solveBaseline } from './baseline';
import { solveCandidate, type CandidateSettings } from './candidate';
import type { SearchCandidate } from './omegaSearch';
import type { TuneMethod, TunePoint } from './point';
import { tunePrior, type TunePrior } from './prior';
import type { TuneJob } from './session';

/** Everything a tuning job needs about one system; built once per thread that runs jobs. */
export interface TuneContext {
  a: CsrMatrix;
  prepared: PreparedMatrix;
  b: Float64Array;
  method: TuneMethod;
  range: [number, number];
  settings: CandidateSettings;
  /** Start coarse without a spectral estimate. */
  skipEstimate?: boolean;
}

/** Prepares A once for every job of a tuning. */
export function tuneContext(
  a: CsrMatrix,
  b: Float64Array,
  method: TuneMethod,
  range: [number, number],
  settings: CandidateSettings,
  skipEstimate = false,
): TuneContext {
  return { a, prepared: prepareSor(a), b, method, range, settings, skipEstimate };
}

/** The prior of `tunePrior`, or the coarse start when the estimate is skipped. */
export function runPrior(ctx: TuneContext): TunePrior {
  const [lo, hi] = ctx.range;
  if (ctx.skipEstimate) {
    const ranks = ctx.settings.ranks ?? 1;
    const note =
      ranks > 1
        ? `processor-local form on ${ranks} ranks: Young's omega* (global SOR) does not apply; coarse bracket`
        : 'no spectral estimate requested; coarse bracket';
    return { source: 'coarse', omega: 0.5 * (lo + hi), estimateSweeps: 0, note };
  }
  return tunePrior(ctx.a, ctx.method, lo, hi);
}

/** One raced candidate (a `projectStop` one is run like a baseline with the cap as its budget). */
export function runCandidate(ctx: TuneContext, c: SearchCandidate): TunePoint {
  if (c.projectStop)
    return solveBaseline(ctx.prepared, ctx.b, ctx.method, c.omega, c.cap, ctx.settings, CANDIDATE_RULE);
  return solveCandidate(ctx.prepared, ctx.b, ctx.method, c.omega, c.cap, ctx.settings);
}

/** One baseline within its budget. */
export function runBaseline(ctx: TuneContext, job: Extract<TuneJob, { kind: 'baseline' }>): TunePoint {
  return solveBaseline(ctx.prepared, ctx.b, ctx.method, job.omega, job.budget, ctx.settings);
}
