import { runBaseline, runCandidate, runPrior, tuneContext } from '../core/tune/context';
import { resolveRhs } from './rhs';
import type { WorkerResult, WorkerTask } from './workerMessages';

/**
 * Runs one job of a tuning session (prior, raced candidate or baseline) on this worker thread. The matrix
 * arrives shared, so a job costs one O(nnz) preparation and the right-hand side on top of its solve.
 */
export async function runTuneJob(
  task: Extract<WorkerTask, { kind: 'tuneJob' }>,
  isCancelled: () => boolean,
): Promise<WorkerResult> {
  const s = task.settings;
  const b = await resolveRhs(task.matrix, s.rhs, s.seed, task.limits);
  const ctx = tuneContext(task.matrix, b, task.method, s.omegaRange, {
    tol: s.tolerance,
    maxIterations: s.maxIterations,
    isCancelled,
  });
  const job = task.job;
  if (job.kind === 'prior') return { kind: 'tunePrior', prior: runPrior(ctx) };
  if (job.kind === 'candidate') return { kind: 'tunePoint', point: runCandidate(ctx, job.candidate) };
  return { kind: 'tunePoint', point: runBaseline(ctx, job) };
}
