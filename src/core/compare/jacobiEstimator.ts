import { estimateJacobiRadius } from '../spectral/jacobiRadius';
import type { RadiusEstimator } from './onlinePolicy';

/**
 * The classic heuristic's estimate: a cold-started Jacobi spectral radius estimate on every
 * instance (no information carried between instances), its products charged as sweeps.
 */
export const coldJacobiEstimator: RadiusEstimator = (solver) => {
  const e = estimateJacobiRadius(solver.instance.A);
  return { rho: e.rho, sweeps: e.sweeps };
};
