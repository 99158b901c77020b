import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { learnerNeedsContext } from '../core/learn/registry';
import { HINDSIGHT } from '../core/compare/policyName';
import { INSTANCE_OPTIMAL_EVALUATIONS, runComparison } from '../core/compare/runner';
import type { PolicyResult } from '../core/compare/types';
import { sequenceFromSpec } from '../core/sequences/load';
import { loadSpec } from '../node/loadSpec';
import { nodeSequenceSource } from '../node/sequenceSource';
import { withWarmStart } from '../core/sequences/warmStart';
import type { SequenceInfo } from '../core/sequences/sequence';
import { SpecError, validateSpec, type SequenceSpec } from '../core/sequences/spec';
import {
  LEARN_SCHEMA_VERSION,
  type LearnComparator,
  type LearnDetails,
  type LearnRecord,
  type SkippedComparator,
} from '../protocol';
import { LiveBatcher, type LiveChunk, type SeriesDescription } from './liveRecords';
import type { Progress, WorkerResult, WorkerTask } from './workerMessages';

type LearnTask = Extract<WorkerTask, { kind: 'learn' }>;

/**
 * Matrix work (solves × unknowns) the default hindsight comparators may cost: the grid curve solves
 * every instance at every grid omega, so it is only run by default when that stays a few seconds
 * (the bundled shifted-laplacian sample: 200 × 28 × 100 = 0.56 M).
 */
const DEFAULT_HINDSIGHT_BUDGET = 4_000_000;

/** The comparators a run makes when the request names none, and the hindsight ones it leaves out (and why). */
export interface ComparatorPlan {
  run: string[];
  skipped: SkippedComparator[];
}

/**
 * Young's formula always; the hindsight comparators when their grid is affordable. A skipped one says
 * what it would cost and gives the `relax learn` command that runs it anyway (`spec`: the spec file name).
 */
export function defaultComparators(
  info: Pick<SequenceInfo, 'instances' | 'n' | 'omegaGrid'>,
  learner = 'auto',
  spec?: string,
): ComparatorPlan {
  const { instances, n } = info;
  const points = info.omegaGrid.points;
  const grid = instances * points * n;
  const refined = instances * (points + INSTANCE_OPTIMAL_EVALUATIONS) * n;
  const run = ['young'];
  const left: { names: string[]; work: number; needs: string }[] = [];
  if (grid <= DEFAULT_HINDSIGHT_BUDGET) run.push('best-fixed', 'grid-optimal');
  else
    left.push({
      names: ['best-fixed', 'grid-optimal'],
      work: grid,
      needs: `every instance solved on the ω grid (${instances} instances × ${points} ω × ${n} unknowns`,
    });
  if (refined <= DEFAULT_HINDSIGHT_BUDGET) run.push('instance-optimal');
  else
    left.push({
      names: ['instance-optimal'],
      work: refined,
      needs:
        `every instance solved on the ω grid and then refined (${instances} instances × ` +
        `(${points} ω + up to ${INSTANCE_OPTIMAL_EVALUATIONS} refining solves) × ${n} unknowns`,
    });
  const all = [...new Set([learner, ...run, ...left.flatMap((l) => l.names)])].join(',');
  const command = spec ? `; run it in a terminal: relax learn ${spec} --compare ${all}` : '';
  const skipped = left.flatMap(({ names, work, needs }) =>
    names.map((name) => ({
      name,
      reason:
        `not run: known only in hindsight, it needs ${needs} = ${compact(work)}, ` +
        `over the editor's default budget of ${compact(DEFAULT_HINDSIGHT_BUDGET)})${command}`,
    })),
  );
  return { run, skipped };
}

/** What a cancelled run says, in the panel and the saved result: the last instance it completed, 1-based. */
export function cancelledAt(completed: number): string {
  return completed === 0 ? 'Cancelled before the first instance completed' : `Cancelled at instance ${completed}`;
}

/** 4000000 -> "4.0 M", 560000 -> "560 k": matrix work for people. */
function compact(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)} G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)} M`;
  return x >= 1e3 ? `${Math.round(x / 1e3)} k` : String(x);
}

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

function comparatorOf(r: PolicyResult): LearnComparator {
  const t = r.totals;
  return {
    name: t.learner,
    hindsight: t.hindsight,
    ...(t.omega !== undefined ? { omega: t.omega } : {}),
    steps: r.records,
    totalIterations: t.totalIterations,
    extraSweeps: t.extraSweeps,
    unconverged: t.unconverged,
  };
}

/**
 * Runs one learner over a sequence spec or a folder of matrices on the worker thread, with its
 * comparators in the same pass; streams the records through `stream` (batched) when given.
 */
export async function runLearnTask(
  task: LearnTask,
  isCancelled: () => boolean,
  progress: Progress,
  stream?: (chunk: LiveChunk) => void,
): Promise<WorkerResult> {
  const start = performance.now();
  const folder = statSync(task.sourcePath).isDirectory();
  const spec = folder ? folderSpec(task.sourcePath, task) : await loadSpec(task.sourcePath);
  // Every file of the sequence goes through the one loader with the editor's limits.
  const built = await sequenceFromSpec(spec, nodeSequenceSource(task.limits, isCancelled));
  // relax.warmStart: each solve starts from the previous instance's solution (heat2d keeps its own).
  const sequence = task.settings.warmStart ? withWarmStart(built) : built;
  const info = sequence.info;
  // `auto` is a learner of its own (src/core/learn/auto.ts): contextual when the sequence has a context.
  const learner = task.learner;
  const plan = task.comparators
    ? { run: task.comparators, skipped: [] }
    : defaultComparators(info, learner, folder ? undefined : basename(task.sourcePath));
  const comparators = plan.run.filter((c) => c !== learner);
  const learnerContextual = learner === 'auto' ? info.contextRange !== undefined : learnerNeedsContext(learner);
  const describe = (name: string): SeriesDescription =>
    name === learner
      ? { role: 'learner', contextual: learnerContextual }
      : { role: 'comparator', contextual: false, ...(HINDSIGHT.has(name) ? { hindsight: 'hindsight' } : {}) };
  const live = stream ? new LiveBatcher(info.instances, describe, stream) : undefined;
  const gridRows: number[] = [];
  let gridOmegas: number[] | undefined;
  const r = await runComparison(sequence, [learner, ...comparators], {
    isCancelled,
    learnerSeed: task.settings.seed,
    onProgress: (p) => {
      live?.push(p);
      if (p.gridRow) {
        gridOmegas ??= Array.from(p.gridRow.omegas);
        for (const v of p.gridRow.iterations) gridRows.push(v);
      }
      const cost = p.running[0];
      progress(
        (100 * p.done) / p.instances,
        `${p.done} of ${p.instances} instances` + (cost ? `, ${Math.round(cost.totalCost)} iterations so far` : ''),
      );
    },
  });
  const [mine, ...others] = r.results;
  if (live) {
    // Hindsight comparators are known only now; the online ones streamed as they ran.
    for (const o of others) if (o.totals.hindsight) live.add(o.totals.learner, o.records);
    live.flush(true);
  }
  const details: LearnDetails = {
    comparators: others.map(comparatorOf),
    ...(gridOmegas ? { grid: { omegas: gridOmegas, iterations: gridRows } } : {}),
    ...(plan.skipped.length > 0 ? { skipped: plan.skipped } : {}),
  };
  const record: Omit<LearnRecord, 'software' | 'createdAt'> = {
    kind: 'learn',
    schemaVersion: LEARN_SCHEMA_VERSION,
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
    ...(r.cancelled ? { message: cancelledAt(r.instances) } : {}),
    steps: mine.records,
    totalIterations: mine.totals.totalIterations,
    extraSweeps: mine.totals.extraSweeps,
    unconverged: mine.totals.unconverged,
    details,
    seconds: (performance.now() - start) / 1000,
  };
  return { kind: 'learn', record };
}
