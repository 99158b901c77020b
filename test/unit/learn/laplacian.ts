import { csrFromTriplets, type CsrMatrix } from '../../../src/core/sparse/csr';

/** 5-point Laplacian on an m x m interior grid (4 on the diagonal, -1 off it) plus shift * I. */
export function shiftedLaplacian(m: number, shift: number): CsrMatrix {
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  const add = (r: number, c: number, x: number): void => {
    ri.push(r);
    ci.push(c);
    v.push(x);
  };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const r = i * m + j;
      add(r, r, 4 + shift);
      if (i > 0) add(r, r - m, -1);
      if (i < m - 1) add(r, r + m, -1);
      if (j > 0) add(r, r - 1, -1);
      if (j < m - 1) add(r, r + 1, -1);
    }
  }
  return csrFromTriplets(m * m, m * m, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
}

/** Exact Jacobi spectral radius of shiftedLaplacian(m, shift) (eigenvalues of the Laplacian are known). */
export function exactJacobiRadius(m: number, shift: number): number {
  const lambdaMin = 4 - 4 * Math.cos(Math.PI / (m + 1));
  return 1 - (lambdaMin + shift) / (4 + shift);
}

/** Young's optimal SOR omega for a Jacobi spectral radius. */
export function young(rho: number): number {
  return 2 / (1 + Math.sqrt(1 - rho * rho));
}
