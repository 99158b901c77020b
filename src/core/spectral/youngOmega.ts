/** Largest omega Young's formula is allowed to return: keeps SOR inside (0, 2) with a margin. */
export const YOUNG_OMEGA_CAP = 1.99;

/**
 * Young's optimal SOR omega* = 1 + (rho / (1 + sqrt(1 - rho^2)))^2 for Jacobi spectral radius rho.
 * Exact only for consistently ordered matrices with a real Jacobi spectrum; a heuristic otherwise.
 * rho >= 1 (Jacobi does not converge, the formula has no meaning) returns YOUNG_OMEGA_CAP;
 * NaN or negative rho returns 1.
 */
export function youngOmega(rho: number): number {
  if (!(rho >= 0)) return 1;
  if (rho >= 1) return YOUNG_OMEGA_CAP;
  const t = rho / (1 + Math.sqrt(1 - rho * rho));
  return Math.min(1 + t * t, YOUNG_OMEGA_CAP);
}

export interface YoungOmegaInfo {
  omega: number;
  /** Whether omega is the formula's value (not clamped). */
  fromFormula: boolean;
  note: string;
}

/** youngOmega with a note for users saying when the value is exact and when it was clamped. */
export function describeYoungOmega(rho: number): YoungOmegaInfo {
  const omega = youngOmega(rho);
  if (!(rho >= 0)) return { omega, fromFormula: false, note: 'no spectral radius estimate: omega = 1 (Gauss-Seidel)' };
  if (rho >= 1) {
    return {
      omega,
      fromFormula: false,
      note: `Jacobi spectral radius ${rho.toPrecision(4)} >= 1: Young's formula does not apply; clamped to ${YOUNG_OMEGA_CAP}`,
    };
  }
  if (omega === YOUNG_OMEGA_CAP) {
    return { omega, fromFormula: false, note: `Young's omega exceeds ${YOUNG_OMEGA_CAP}; clamped` };
  }
  return { omega, fromFormula: true, note: "Young's omega*: optimal only for consistently ordered matrices" };
}
