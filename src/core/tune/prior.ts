import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import { isSymmetric } from '../sparse/symmetry';
import { estimateJacobiRadius } from '../spectral/jacobiRadius';
import { describeYoungOmega } from '../spectral/youngOmega';
import type { TuneMethod } from './point';

/** Where the search starts and what the spectral estimate said. */
export interface TunePrior {
  /** `young`: Young's omega* from the Jacobi estimate; `coarse`: the middle of the range (Young does not apply). */
  source: 'young' | 'coarse';
  /** First omega solved, inside the range. */
  omega: number;
  /** Young's omega* (possibly outside the range), when an estimate was made. */
  youngOmega?: number;
  rho?: number;
  /** Work of the spectral estimate in sweeps (one pass over the stored entries); 0 when none was made. */
  estimateSweeps: number;
  note: string;
}

/**
 * Young's omega* from a Lanczos estimate of the Jacobi spectral radius, when the formula applies (symmetric
 * with a positive diagonal, rho < 1, not clamped); otherwise the middle of [lo, hi]. A matrix that is not
 * symmetric with a positive diagonal costs one sweep (the test) and gets no estimate, so no Young baseline.
 * SSOR-CG always starts coarse: Young's formula is about SOR's spectral radius, not SSOR-CG's count.
 */
export function tunePrior(a: CsrMatrix, method: TuneMethod, lo: number, hi: number): TunePrior {
  const middle = 0.5 * (lo + hi);
  if (method !== 'sor')
    return {
      source: 'coarse',
      omega: middle,
      estimateSweeps: 0,
      note: "SSOR-CG: Young's formula does not apply; coarse bracket",
    };
  // One pass decides whether Young can apply at all; only then is the Lanczos estimate worth its sweeps.
  if (!isSymmetric(a) || !positiveDiagonal(a)) {
    return {
      source: 'coarse',
      omega: middle,
      estimateSweeps: 1,
      note: "not symmetric with a positive diagonal: Young's formula does not apply; coarse bracket",
    };
  }
  const est = estimateJacobiRadius(a, { symmetric: true });
  const info = describeYoungOmega(est.rho);
  const common = { youngOmega: info.omega, rho: est.rho, estimateSweeps: est.sweeps + 1 };
  const unconverged = est.converged ? '' : `; spectral estimate not converged in ${est.iterations} steps`;
  if (!info.fromFormula) return { source: 'coarse', omega: middle, ...common, note: `${info.note}; coarse bracket` };
  return { source: 'young', omega: Math.min(hi, Math.max(lo, info.omega)), ...common, note: info.note + unconverged };
}

function positiveDiagonal(a: CsrMatrix): boolean {
  const idx = diagonalIndex(a);
  for (let i = 0; i < a.rows; i++) if (!(idx[i] >= 0 && a.values[idx[i]] > 0)) return false;
  return true;
}
