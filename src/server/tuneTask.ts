import { tuneOmega, type TunePoint } from '../core/tune/tune';
import type { CurvePoint } from '../protocol';
import type { Progress } from './jobWorker';
import { buildRhs } from './rhs';
import type { TuneComputation, WorkerResult, WorkerTask } from './workerMessages';

/** Refinement solves core/tune runs after the grid by default; used only to scale the progress bar. */
const EXPECTED_REFINEMENTS = 20;

function point(p: TunePoint): CurvePoint {
  return { omega: p.omega, iterations: p.iterations, converged: p.converged };
}

/** Runs the single-matrix omega search of core/tune on the worker thread. */
export async function runTuneTask(
  task: Extract<WorkerTask, { kind: 'tune' }>,
  isCancelled: () => boolean,
  progress: Progress,
): Promise<WorkerResult> {
  const s = task.settings;
  const b = await buildRhs(task.matrix, s.rhs, s.seed);
  const expected = s.gridPoints + EXPECTED_REFINEMENTS + 2;
  const r = tuneOmega(task.matrix, b, {
    method: task.method,
    range: s.omegaRange,
    gridPoints: s.gridPoints,
    solve: { tol: s.tolerance, maxIterations: s.maxIterations },
    isCancelled,
    onProgress: (p) =>
      progress(
        Math.min(99, (100 * p.evaluations) / expected),
        `${p.phase}: ω = ${p.point.omega.toFixed(3)} → ${p.point.iterations}${p.point.converged ? '' : ' (not converged)'}; best ω = ${p.best.omega.toFixed(3)} (${p.best.iterations})`,
      ),
  });
  const young = r.baselines.young;
  const tune: TuneComputation = {
    omega: r.omega,
    iterations: r.iterations,
    converged: r.converged,
    baselines: { omega1: point(r.baselines.omega1), young: young ? point(young) : null },
    curve: r.curve.map(point),
    evaluations: r.evaluations,
    seconds: r.seconds,
  };
  return { kind: 'tune', tune };
}
