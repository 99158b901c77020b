import type { LearningRecord } from './learningRecord';

export type { LearningRecord };

/** Totals of one policy over a run. Costs are iterations plus extra sweeps; nothing is averaged away. */
export interface PolicyTotals {
  /** Policy name as given: `tsallis-inf`, `fixed=1.5`, `best-fixed`, ... */
  learner: string;
  /** True for comparators that choose with knowledge of the whole run (not runnable policies). */
  hindsight: boolean;
  instances: number;
  totalIterations: number;
  extraSweeps: number;
  /** totalIterations + extraSweeps. */
  totalCost: number;
  /** Wall time: solves plus the policy's own computation, seconds. */
  seconds: number;
  /** Instances that hit the cap or otherwise failed to converge (each charged the cap). */
  unconverged: number;
  /** Time spent inside the learner's predict/update (bookkeeping and any matrix work it did), seconds. */
  learnerSeconds: number;
  /** learnerSeconds / solve seconds (goal for bandit learners: < 0.01). */
  learnerShare: number;
  /** The omega a fixed choice used (fixed=W, best-fixed), if any. */
  omega?: number;
  /** Mean cost per instance over the first and last min(200, T/2) instances: the learning curve in two numbers. */
  firstMean: number;
  lastMean: number;
}

/** A policy's complete outcome. */
export interface PolicyResult {
  totals: PolicyTotals;
  records: LearningRecord[];
}

/** Progress of a run, reported after every instance. */
export interface RunProgress {
  /** Instances finished. */
  done: number;
  instances: number;
  /** Running total cost per online policy, in run order (hindsight totals exist only at the end). */
  running: { learner: string; totalCost: number; unconverged: number }[];
  /** Records of the instance just finished, one per online policy in run order (for live views). */
  latest?: { learner: string; record: LearningRecord }[];
  /** Iterations at every grid omega on the instance just finished, when the full grid is solved (heat maps). */
  gridRow?: { omegas: Float64Array; iterations: Int32Array };
}

export interface RunOptions {
  /** Selects another draw of a random sequence (0 = the spec's seed). */
  seedOffset?: number;
  /** Seed of the learners' own randomness (default: the spec's seed + seedOffset). */
  learnerSeed?: number | string;
  /** Most solves per instance beyond the grid for instance-optimal (default 40). */
  refineEvaluations?: number;
  /** Width in omega to which instance-optimal brackets each optimum (default 1e-4). */
  instanceTolerance?: number;
  /** Solve the whole grid to the cap even without best-fixed (for grid heat maps); otherwise grid-optimal races it. */
  fullGrid?: boolean;
  onProgress?: (p: RunProgress) => void;
  /** Checked between instances and inside solves; a cancelled run returns what it finished. */
  isCancelled?: () => boolean;
}

/** Outcome of a comparison run. */
export interface ComparisonResult {
  /** Instances completed (fewer than the sequence's when cancelled). */
  instances: number;
  cancelled: boolean;
  results: PolicyResult[];
  /** Wall time of the whole run including sequence generation, seconds. */
  seconds: number;
}
