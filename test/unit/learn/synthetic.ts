import type { Learner } from '../../../src/core/learn/learner';

/** Runs a learner on a cost function of (omega, context); returns the chosen omegas. */
export function runSynthetic(
  learner: Learner,
  rounds: number,
  cost: (omega: number, context: number) => number,
  context: (t: number) => number = () => 0,
): { omegas: number[]; contexts: number[]; total: number } {
  const omegas: number[] = [];
  const contexts: number[] = [];
  let total = 0;
  for (let t = 0; t < rounds; t++) {
    const c = context(t);
    const { omega } = learner.predict({ context: c });
    const it = cost(omega, c);
    total += it;
    learner.update({ iterations: it, converged: true });
    omegas.push(omega);
    contexts.push(c);
  }
  return { omegas, contexts, total };
}

/** Deterministic pseudo-uniform contexts in [lo, hi] (golden-ratio sequence; no randomness in the test). */
export function sweepContext(lo: number, hi: number): (t: number) => number {
  return (t) => lo + (hi - lo) * ((t * 0.6180339887498949) % 1);
}
