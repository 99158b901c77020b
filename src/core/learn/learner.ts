import type { CsrMatrix } from '../sparse/csr';

/** What a learner may look at before choosing omega for one instance. */
export interface PredictInput {
  /** The instance's scalar context (diagonal shift, diffusion coefficient), if the sequence has one. */
  context?: number;
  /**
   * The instance's matrix, for learners that inspect it. Any work done on it must be reported
   * in `Prediction.extraSweeps` so comparisons stay honest.
   */
  matrix?: CsrMatrix;
  /**
   * rho(I - D^{-1} A) of this instance estimated by the caller (e.g. by PETSc, on a matrix the
   * learner never sees). Learners that estimate it themselves use this instead, at the instances
   * where they would estimate; its cost is the caller's to report.
   */
  jacobiRho?: number;
}

export interface Prediction {
  omega: number;
  /** Matrix work beyond the one solve, in sweep-equivalents (one pass over the stored entries). */
  extraSweeps: number;
  /** Whether the caller's `jacobiRho` went into this prediction (false: not needed at this instance). */
  usedJacobiRho?: boolean;
}

export interface LearnerFeedback {
  /** Iterations of the solve at the predicted omega (the cap when unconverged). */
  iterations: number;
  converged: boolean;
}

/** Plain-JSON snapshot of a learner, enough to resume it. */
export interface LearnerState {
  name: string;
  version: number;
  [key: string]: unknown;
}

/**
 * An online chooser of omega. The loop is: predict(input); solve at that omega; update(feedback).
 * `update` must be called exactly once after each `predict`.
 */
export interface Learner {
  /** Registered name, e.g. `tsallis-inf`, `chebcb`, `auto`. */
  readonly name: string;
  /** Whether the learner uses the context passed to predict. */
  readonly contextual: boolean;
  predict(input: PredictInput): Prediction;
  update(feedback: LearnerFeedback): void;
  toJSON(): LearnerState;
}
