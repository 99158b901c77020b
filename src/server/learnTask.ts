import { statSync } from 'node:fs';
import { runLearning } from '../core/compare/runner';
import { loadSpec, sequenceFromSpec } from '../core/sequences/load';
import { SpecError, validateSpec, type SequenceSpec } from '../core/sequences/spec';
import type { LearnRecord } from '../protocol';
import type { Progress } from './jobWorker';
import type { WorkerResult, WorkerTask } from './workerMessages';

type LearnTask = Extract<WorkerTask, { kind: 'learn' }>;

/** A folder of `.mtx` files as a `files` sequence in name order, with the run settings as its stopping rule. */
function folderSpec(dir: string, task: LearnTask): SequenceSpec {
  const s = task.settings;
  const { spec, issues } = validateSpec(
    {
      kind: 'files',
      files: '*.mtx',
      solver: task.method,
      tolerance: s.tolerance,
      maxIterations: s.maxIterations,
      seed: s.seed,
      omegaGrid: { min: s.omegaRange[0], max: s.omegaRange[1], points: s.gridPoints },
    },
    dir,
    dir,
  );
  if (!spec) throw new SpecError(dir, issues);
  return spec;
}

/** Runs one learner over a sequence spec or a folder of matrices on the worker thread. */
export async function runLearnTask(task: LearnTask, isCancelled: () => boolean, progress: Progress): Promise<WorkerResult> {
  const start = performance.now();
  const spec = statSync(task.sourcePath).isDirectory() ? folderSpec(task.sourcePath, task) : loadSpec(task.sourcePath);
  const sequence = sequenceFromSpec(spec);
  const info = sequence.info;
  // `auto` is a learner of its own (src/core/learn/auto.ts): contextual when the sequence has a context.
  const learner = task.learner;
  const r = runLearning(
    sequence,
    learner,
    {
      isCancelled,
      learnerSeed: task.settings.seed,
      onProgress: (p) => {
        const cost = p.running[0];
        progress((100 * p.done) / p.instances, `${p.done} of ${p.instances} instances` + (cost ? `, ${cost.totalCost} iterations so far` : ''));
      },
    },
  );
  const record: Omit<LearnRecord, 'software' | 'createdAt'> = {
    kind: 'learn',
    schemaVersion: 1,
    source: task.sourcePath,
    learner,
    inputs: {
      tolerance: info.tolerance,
      maxIterations: info.maxIterations,
      omegaRange: [info.omegaGrid.min, info.omegaGrid.max],
      seed: task.settings.seed,
      warmStart: task.settings.warmStart,
    },
    method: info.solver,
    instances: info.instances,
    cancelled: r.cancelled,
    steps: r.records.map((x) => ({
      index: x.t,
      ...(x.context !== undefined ? { context: x.context } : {}),
      omega: x.omega,
      iterations: x.iterations,
      converged: x.converged,
      extraSweeps: x.extraSweeps,
    })),
    totalIterations: r.totals.totalIterations,
    extraSweeps: r.totals.extraSweeps,
    unconverged: r.totals.unconverged,
    seconds: (performance.now() - start) / 1000,
  };
  return { kind: 'learn', record };
}
