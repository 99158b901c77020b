import type { Learner } from '../learn/learner';
import { youngOmega } from '../spectral/youngOmega';
import type { InstanceSolver, SolveOutcome } from './instanceSolver';
import type { LearningRecord } from './types';

/** A policy that decides on each instance using only the past (a runnable choice of omega). */
export interface OnlinePolicy {
  readonly name: string;
  /** The omega of a fixed policy. */
  readonly omega?: number;
  /** Time spent in the policy's own computation so far, seconds. */
  learnerSeconds: number;
  /** Solves the instance; returns the record and the solution, or undefined when cancelled. */
  step(solver: InstanceSolver): { record: LearningRecord; outcome: SolveOutcome } | undefined;
}

function recordOf(solver: InstanceSolver, r: SolveOutcome, extraSweeps: number, extraSeconds: number): LearningRecord {
  const c = solver.instance.context;
  return {
    t: solver.instance.t,
    ...(c !== undefined ? { context: c } : {}),
    omega: r.omega,
    iterations: r.iterations,
    converged: r.converged,
    seconds: r.seconds + extraSeconds,
    extraSweeps,
  };
}

/** Always the same omega. */
export function fixedPolicy(name: string, omega: number): OnlinePolicy {
  return {
    name,
    omega,
    learnerSeconds: 0,
    step(solver) {
      const r = solver.at(omega);
      return r.cancelled ? undefined : { record: recordOf(solver, r, 0, 0), outcome: r };
    },
  };
}

/** Plain conjugate gradients (no omega). */
export function cgPolicy(name: string): OnlinePolicy {
  return {
    name,
    learnerSeconds: 0,
    step(solver) {
      const r = solver.plainCg();
      return r.cancelled ? undefined : { record: recordOf(solver, r, 0, 0), outcome: r };
    },
  };
}

/**
 * A learner: predict, one solve, update. Its predict/update time (bookkeeping and any matrix work it
 * does) is measured apart from the solve and also charged to its wall time.
 */
export function learnerPolicy(learner: Learner): OnlinePolicy {
  const policy: OnlinePolicy = {
    name: learner.name,
    learnerSeconds: 0,
    step(solver) {
      const inst = solver.instance;
      const t0 = performance.now();
      const prediction = learner.predict({
        ...(inst.context !== undefined ? { context: inst.context } : {}),
        matrix: inst.A,
      });
      const t1 = performance.now();
      const r = solver.at(prediction.omega);
      if (r.cancelled) return undefined;
      const t2 = performance.now();
      learner.update({ iterations: r.iterations, converged: r.converged });
      const t3 = performance.now();
      const own = (t1 - t0 + (t3 - t2)) / 1000;
      policy.learnerSeconds += own;
      return { record: recordOf(solver, r, prediction.extraSweeps, own), outcome: r };
    },
  };
  return policy;
}

/** Estimates the Jacobi spectral radius of a matrix; `sweeps` is the work in sweep-equivalents. */
export type RadiusEstimator = (solver: InstanceSolver) => { rho: number; sweeps: number };

/**
 * Young's omega* per instance from a spectral estimate whose cost is charged as extra sweeps
 * (the formula and its clamping are the spectral module's youngOmega).
 */
export function youngPolicy(name: string, estimate: RadiusEstimator): OnlinePolicy {
  const policy: OnlinePolicy = {
    name,
    learnerSeconds: 0,
    step(solver) {
      const t0 = performance.now();
      const { rho, sweeps } = estimate(solver);
      const omega = youngOmega(rho);
      const own = (performance.now() - t0) / 1000;
      policy.learnerSeconds += own;
      const r = solver.at(omega);
      return r.cancelled ? undefined : { record: recordOf(solver, r, sweeps, own), outcome: r };
    },
  };
  return policy;
}
