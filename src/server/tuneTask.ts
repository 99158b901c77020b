import { cgFamilyApplicability } from '../core/solvers/applicability';
import type { CsrMatrix } from '../core/sparse/csr';
import { notRunPoint, type TunePoint } from '../core/tune/point';
import { checkRange } from '../core/tune/tune';
import { TuneSession, type TuneSummary, type YoungBaseline } from '../core/tune/session';
import { DEFAULT_LIMITS } from '../core/defaults';
import { notApplicableVerdict, tuneVerdict, type VerdictInput } from '../core/tune/verdict';

type Alternative = NonNullable<VerdictInput['alternative']>;
import type { MatrixLimits, RunSettings, TuneMethod } from '../protocol';
import type { JobControl } from './jobControl';
import type { ProgressSink, WorkerOutcome } from './workerPool';
import type { TuneComputation, TuneWorkerJob, WorkerTask } from './workerMessages';

/** What the pooled tune needs of a worker pool (the server's WorkerPool, or a stand-in in tests). */
export interface TuneJobRunner {
  readonly size: number;
  run(task: WorkerTask, control: JobControl, onProgress: ProgressSink): Promise<WorkerOutcome>;
}

/** Solves a tuning usually needs (prior, search, baselines); only scales the progress bar. */
const EXPECTED_SOLVES = 10;

/** Failure of one worker job, carried out of the session loop. */
class TuneJobFailure extends Error {
  constructor(readonly outcome: Exclude<WorkerOutcome, { status: 'done' }>) {
    super(outcome.message);
  }
}

/**
 * Runs a tuning session from the main thread with every round's candidates spread over the worker pool
 * (one worker job each). Rounds hold `pool.size` candidates, all raced against the cap fixed at the
 * round's start, so the result is the same however the pool schedules them.
 */
export async function runPooledTune(
  pool: TuneJobRunner,
  matrix: CsrMatrix,
  method: TuneMethod,
  settings: RunSettings,
  control: JobControl,
  onProgress: ProgressSink,
  /** Applied to a right-hand-side file. */
  limits: MatrixLimits = DEFAULT_LIMITS,
  /** The other method's saved converged result, offered in the message when nothing converges. */
  alternative?: Alternative,
): Promise<{ status: 'done'; tune: TuneComputation } | Exclude<WorkerOutcome, { status: 'done' }>> {
  const start = performance.now();
  checkRange(settings.omegaRange);
  // SSOR-CG on a matrix that cannot be SPD: refused before any solve, with the reason and no counts.
  const fit = method === 'ssor-cg' ? cgFamilyApplicability(matrix, 'ssor-cg') : { applies: true as const };
  if (!fit.applies) return { status: 'done', tune: refusal(fit.message) };
  const session = new TuneSession({
    method,
    range: settings.omegaRange,
    maxIterations: settings.maxIterations,
    batchSize: pool.size,
  });
  const quiet: ProgressSink = () => undefined;
  const run = async (job: TuneWorkerJob) => {
    const out = await pool.run({ kind: 'tuneJob', matrix, method, settings, job, limits }, control, quiet);
    if (out.status !== 'done') throw new TuneJobFailure(out);
    return out.result;
  };
  const report = (p: TunePoint) => {
    const best = session.best;
    const done = session.evaluationsSoFar;
    onProgress(
      Math.min(99, (100 * done) / EXPECTED_SOLVES),
      `ω = ${p.omega.toFixed(4)} → ${p.converged ? p.iterations : p.abandoned ? `> ${p.iterations}` : `${p.iterations} (not converged)`}; best ${best ? `ω = ${best.omega.toFixed(4)} (${best.iterations})` : 'none yet'}`,
    );
  };
  try {
    for (let job = session.next(); job; job = session.next()) {
      if (control.cancelled) return { status: 'cancelled', message: 'cancelled' };
      if (job.kind === 'prior') {
        onProgress(undefined, 'estimating the Jacobi spectral radius for Young’s ω*');
        const r = await run({ kind: 'prior' });
        if (r.kind !== 'tunePrior') throw new Error('internal: unexpected worker result');
        session.acceptPrior(r.prior);
      } else if (job.kind === 'candidates') {
        const results = await Promise.all(job.candidates.map((candidate) => run({ kind: 'candidate', candidate })));
        const points = results.map((r) => {
          if (r.kind !== 'tunePoint') throw new Error('internal: unexpected worker result');
          return r.point;
        });
        session.acceptCandidates(points);
        points.forEach(report);
      } else {
        const r = await run(job);
        if (r.kind !== 'tunePoint') throw new Error('internal: unexpected worker result');
        session.acceptBaseline(job.role, r.point);
        report(r.point);
      }
    }
  } catch (err) {
    if (err instanceof TuneJobFailure) return err.outcome;
    throw err;
  }
  if (session.isCancelled || control.cancelled) return { status: 'cancelled', message: 'cancelled' };
  return {
    status: 'done',
    tune: computation(session.summary(), settings, (performance.now() - start) / 1000, alternative),
  };
}

/** The saved result of a refused tuning: no solve ran, so no ω and no count. */
function refusal(message: string): TuneComputation {
  return {
    converged: false,
    ...notApplicableVerdict(message),
    baselines: { omega1: notRunPoint(1), young: null },
    curve: [],
    evaluations: 0,
    seconds: 0,
    cost: { estimate: 0, search: 0, baselines: 0, total: 0 },
  };
}

/** The Young baseline as a plain tune point: its estimate (rho, sweeps, note) is saved once, in `prior`. */
function youngPoint(young: YoungBaseline): TunePoint {
  const { rho: _rho, estimateSweeps: _sweeps, note: _note, ...point } = young;
  return point;
}

/** The protocol's view of a finished session. */
export function computation(
  t: TuneSummary,
  settings: RunSettings,
  seconds: number,
  alternative?: Alternative,
): TuneComputation {
  const young = t.baselines.young;
  const verdict = tuneVerdict({
    method: t.method,
    range: settings.omegaRange,
    maxIterations: settings.maxIterations,
    converged: t.converged,
    cancelled: t.cancelled,
    points: [...t.curve, t.baselines.omega1, ...(young ? [young] : [])],
    capHint: 'raise relax.maxIterations',
    ...(t.message !== undefined ? { searchMessage: t.message } : {}),
    ...(alternative ? { alternative } : {}),
  });
  return {
    // The best ω and its count only when a solve converged: never a count no solve reached.
    ...(t.converged ? { omega: t.omega, iterations: t.iterations } : {}),
    converged: t.converged,
    ...verdict,
    baselines: { omega1: t.baselines.omega1, young: young ? youngPoint(young) : null },
    curve: t.curve,
    evaluations: t.evaluations,
    seconds,
    outcome: t.outcome,
    cost: t.cost,
    prior: { source: t.prior.source, omega: t.prior.omega, note: t.prior.note },
  };
}
