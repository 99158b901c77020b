import { createLearner, learnerNeedsContext } from '../learn/registry';
import type { Sequence } from '../sequences/sequence';
import { gridOmegas } from '../sequences/spec';
import { GridCurve, hindsightResults } from './gridCurve';
import { coldJacobiEstimator } from './jacobiEstimator';
import { InstanceSolver, type SolveOutcome } from './instanceSolver';
import {
  cgPolicy,
  fixedPolicy,
  learnerPolicy,
  youngPolicy,
  type OnlinePolicy,
  type RadiusEstimator,
} from './onlinePolicy';
import { HINDSIGHT, parsePolicyName, type PolicySpec } from './policyName';
import { summarize } from './summarize';
import type { ComparisonResult, LearningRecord, PolicyResult, RunOptions } from './types';

/** instance-optimal brackets each instance's optimum to this width in omega. */
export const INSTANCE_OPTIMAL_TOLERANCE = 1e-4;
/** Most solves instance-optimal adds to the grid per instance. */
export const INSTANCE_OPTIMAL_EVALUATIONS = 40;

export interface RunDependencies {
  /** Spectral estimate used by `young` (default: a cold Jacobi estimate per instance). */
  radiusEstimator?: RadiusEstimator;
}

/**
 * Runs every named policy over one pass of the sequence, instance by instance, so each instance is
 * generated once and the grid curve (all grid omegas on every instance) is computed once for all
 * hindsight comparators. Sequences that step on a solution (heat2d) advance with the solution of the
 * first listed policy that converged on that instance.
 */
export async function runComparison(
  sequence: Sequence,
  names: readonly string[],
  options: RunOptions = {},
  deps: RunDependencies = {},
): Promise<ComparisonResult> {
  const start = performance.now();
  const info = sequence.info;
  const specs = dedupe(names.map(parsePolicyName));
  const seedOffset = options.seedOffset ?? 0;
  const learnerSeed = options.learnerSeed ?? seedOffset;
  const online = new Map<string, OnlinePolicy>();
  for (const s of specs) {
    const p = onlinePolicyOf(s, sequence, learnerSeed, deps);
    if (p) online.set(s.name, p);
  }
  const hindsightNames = specs.filter((s) => HINDSIGHT.has(s.type)).map((s) => s.name);
  const instanceOptimal = hindsightNames.includes('instance-optimal')
    ? {
        tolerance: options.instanceTolerance ?? INSTANCE_OPTIMAL_TOLERANCE,
        maxEvaluations: options.refineEvaluations ?? INSTANCE_OPTIMAL_EVALUATIONS,
      }
    : undefined;
  // best-fixed needs every grid column; grid-optimal and instance-optimal alone race the grid.
  const mode = {
    fullGrid: hindsightNames.includes('best-fixed') || options.fullGrid === true,
    ...(instanceOptimal ? { instanceOptimal } : {}),
  };
  const curve = hindsightNames.length > 0 ? new GridCurve(gridOmegas(info.omegaGrid), info.instances, mode) : undefined;
  const records = new Map<string, LearningRecord[]>([...online.keys()].map((k) => [k, []]));
  // Hindsight totals are known only at the end, so progress shows the online policies.
  const running = new Map<string, { learner: string; totalCost: number; unconverged: number }>(
    [...online.keys()].map((k) => [k, { learner: k, totalCost: 0, unconverged: 0 }]),
  );

  const stream = sequence.open(seedOffset);
  let done = 0;
  let cancelled = false;
  for (let inst = await stream.next(); inst; inst = await stream.next()) {
    if (options.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const solver = new InstanceSolver(inst, info, options.isCancelled);
    const outcomes = new Map<string, SolveOutcome>();
    const pending = new Map<string, LearningRecord>();
    for (const [name, policy] of online) {
      const r = policy.step(solver);
      if (!r) {
        cancelled = true;
        break;
      }
      outcomes.set(name, r.outcome);
      pending.set(name, r.record);
    }
    if (!cancelled && curve) {
      const best = curve.evaluate(solver);
      if (!best) cancelled = true;
      else for (const h of hindsightNames) outcomes.set(h, best);
    }
    if (cancelled) break;
    for (const [name, rec] of pending) {
      (records.get(name) as LearningRecord[]).push(rec);
      const run = running.get(name);
      if (run) {
        run.totalCost += rec.iterations + rec.extraSweeps;
        if (!rec.converged) run.unconverged++;
      }
    }
    stream.accept(trajectorySolution(specs, outcomes));
    done++;
    options.onProgress?.({
      done,
      instances: info.instances,
      running: [...running.values()],
      latest: [...pending].map(([learner, record]) => ({ learner, record })),
      ...(curve?.full ? { gridRow: { omegas: curve.omegas, iterations: curve.curve(curve.instances - 1) } } : {}),
    });
  }

  const byName = new Map<string, PolicyResult>();
  for (const [name, policy] of online) {
    byName.set(
      name,
      summarize(name, false, records.get(name) as LearningRecord[], policy.learnerSeconds, policy.omega),
    );
  }
  if (curve) {
    for (const r of hindsightResults(curve, hindsightNames, (name, recs, omega) =>
      summarize(name, true, recs, 0, omega),
    ))
      byName.set(r.totals.learner, r);
  }
  return {
    instances: done,
    cancelled,
    results: specs.map((s) => byName.get(s.name) as PolicyResult),
    seconds: (performance.now() - start) / 1000,
  };
}

/** Runs one learner or comparator over the sequence. */
export async function runLearning(
  sequence: Sequence,
  name: string,
  options: RunOptions = {},
  deps: RunDependencies = {},
): Promise<PolicyResult & { cancelled: boolean }> {
  const r = await runComparison(sequence, [name], options, deps);
  return { ...r.results[0], cancelled: r.cancelled };
}

function dedupe(specs: PolicySpec[]): PolicySpec[] {
  const seen = new Set<string>();
  return specs.filter((s) => (seen.has(s.name) ? false : (seen.add(s.name), true)));
}

function onlinePolicyOf(
  s: PolicySpec,
  sequence: Sequence,
  seed: number | string,
  deps: RunDependencies,
): OnlinePolicy | undefined {
  const info = sequence.info;
  switch (s.type) {
    case 'fixed':
      return fixedPolicy(s.name, s.omega);
    case 'cg':
      return cgPolicy(s.name);
    case 'young':
      return youngPolicy(s.name, deps.radiusEstimator ?? coldJacobiEstimator);
    case 'learner': {
      const contextual = learnerNeedsContext(s.name);
      if (contextual && !info.contextRange)
        throw new Error(`${s.name} needs a context, and this ${info.kind} sequence has none`);
      const learner = createLearner(s.name, {
        grid: info.omegaGrid,
        seed,
        solver: info.solver,
        ...(info.contextRange ? { contextRange: widen(info.contextRange) } : {}),
      });
      return learnerPolicy(learner);
    }
    default:
      return undefined;
  }
}

/** Learners need lo < hi; a constant context gets a unit-width interval around it. */
function widen([lo, hi]: [number, number]): [number, number] {
  return hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

function trajectorySolution(specs: PolicySpec[], outcomes: Map<string, SolveOutcome>): Float64Array {
  let fallback: Float64Array | undefined;
  for (const s of specs) {
    const o = outcomes.get(s.name);
    if (!o) continue;
    if (o.converged) return o.x;
    fallback ??= o.x;
  }
  return fallback as Float64Array;
}
