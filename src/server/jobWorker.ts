// Entry of a solver worker thread: runs one job at a time and answers the main thread.
import { parentPort } from 'node:worker_threads';
import { cg } from '../core/solvers/cg';
import { SolverInputError } from '../core/solvers/errors';
import type { SolveOptions, SolveResult } from '../core/solvers/result';
import { sor } from '../core/solvers/sor';
import { ssorPcg } from '../core/solvers/ssorPcg';
import { cgFamilyApplicability } from '../core/solvers/applicability';
import { MatrixMarketError } from '../core/io/types';
import type { SolveSummary } from '../protocol';
import { spyGrid } from '../core/sparse/spyBinning';
import type { LiveChunk } from './liveRecords';
import { matrixInfo } from './matrixInfo';
import { resolveRhs } from './rhs';
import { runTuneJob } from './tuneJob';
import type { Progress, WorkerBoot, WorkerReply, WorkerRequest, WorkerResult, WorkerTask } from './workerMessages';

/** Minimum time between two progress messages, so a fast solve does not flood the main thread. */
const PROGRESS_INTERVAL_MS = 100;

/** Starts answering job requests on this worker thread. */
export function startJobWorker(boot: WorkerBoot): void {
  const port = parentPort;
  if (!port) return;
  const isCancelled = (): boolean => Atomics.load(boot.cancelFlag, 0) === 1;
  port.on('message', (req: WorkerRequest) => {
    void handle(req, isCancelled).then((reply) => port.postMessage(reply));
  });
}

async function handle(req: WorkerRequest, isCancelled: () => boolean): Promise<WorkerReply> {
  let last = 0;
  const progress: Progress = (percentage, message) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    parentPort?.postMessage({ id: req.id, type: 'progress', percentage, message } satisfies WorkerReply);
  };
  try {
    const stream = (chunk: LiveChunk): void =>
      parentPort?.postMessage({ id: req.id, type: 'stream', chunk } satisfies WorkerReply);
    const result = await run(req.task, isCancelled, progress, stream);
    // A cancelled learning run still returns the instances it finished: they are kept, not discarded.
    if (isCancelled() && result.kind !== 'learn') return { id: req.id, type: 'cancelled', message: 'cancelled' };
    return { id: req.id, type: 'done', result };
  } catch (err) {
    if (isCancelled()) return { id: req.id, type: 'cancelled', message: 'cancelled' };
    return { id: req.id, type: 'failed', message: userMessage(err) };
  }
}

/** One line for the user: expected failures keep their message, anything else is named as internal. */
function userMessage(err: unknown): string {
  if (err instanceof SolverInputError || err instanceof MatrixMarketError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

function run(
  task: WorkerTask,
  isCancelled: () => boolean,
  progress: Progress,
  stream: (chunk: LiveChunk) => void,
): Promise<WorkerResult> {
  switch (task.kind) {
    case 'solve':
      return runSolve(task, isCancelled, progress);
    case 'tuneJob':
      return runTuneJob(task, isCancelled);
    case 'learn':
      // Loaded on first use: sequences pull in mathjs, which would otherwise slow every server start.
      return import('./learnTask').then((m) =>
        m.runLearnTask(task, isCancelled, progress, task.stream ? stream : undefined),
      );
    case 'info':
      return Promise.resolve({ kind: 'info', info: matrixInfo(task.matrix, task.uri) });
    case 'spy':
      return Promise.resolve({ kind: 'spy', grid: spyGrid(task.matrix, task.maxSide) });
  }
}

async function runSolve(
  task: Extract<WorkerTask, { kind: 'solve' }>,
  isCancelled: () => boolean,
  progress: Progress,
): Promise<WorkerResult> {
  if (task.method !== 'sor') {
    // Refused before any iteration, with the sentence the CLI and the tune give.
    const fit = cgFamilyApplicability(task.matrix, task.method);
    if (!fit.applies) {
      const summary: SolveSummary = {
        method: task.method,
        omega: task.method === 'cg' ? 1 : task.omega,
        iterations: 0,
        converged: false,
        reason: 'not-applicable',
        relativeResidual: 1,
        seconds: 0,
        message: fit.message,
      };
      return { kind: 'solve', summary };
    }
  }
  const b = await resolveRhs(task.matrix, task.settings.rhs, task.settings.seed, task.limits);
  const cap = task.settings.maxIterations;
  const options: SolveOptions = {
    tol: task.settings.tolerance,
    maxIterations: cap,
    recordResiduals: task.recordResiduals,
    isCancelled,
    onProgress: (k, rel) => progress(Math.min(99, (100 * k) / cap), `iteration ${k}, residual ${rel.toExponential(2)}`),
  };
  const r = solveWith(task.method, task.matrix, b, task.omega, options);
  const summary: SolveSummary = {
    method: task.method,
    omega: task.method === 'cg' ? 1 : task.omega,
    iterations: r.iterations,
    converged: r.converged,
    reason: r.reason,
    relativeResidual: r.relativeResidual,
    seconds: r.seconds,
    ...(r.message ? { message: r.message } : {}),
    ...(r.residuals ? { residuals: Array.from(r.residuals) } : {}),
  };
  return { kind: 'solve', summary, ...(task.wantSolution ? { x: r.x } : {}) };
}

function solveWith(
  method: SolveSummary['method'],
  a: Extract<WorkerTask, { kind: 'solve' }>['matrix'],
  b: Float64Array,
  omega: number,
  options: SolveOptions,
): SolveResult {
  if (method === 'sor') return sor(a, b, omega, options);
  if (method === 'ssor-cg') return ssorPcg(a, b, omega, options);
  return cg(a, b, options);
}
