/**
 * Extreme eigenvalues of the symmetric tridiagonal matrix with diagonal alpha[0..m) and
 * off-diagonal beta[0..m-1), by Sturm-sequence bisection to `relTol` of the spectrum's width.
 */
export function tridiagonalExtremes(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  relTol = 1e-13,
): { min: number; max: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < m - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  const width = Math.max(hi - lo, Number.MIN_VALUE);
  return {
    min: bisect(alpha, beta, m, lo, hi, 1, width * relTol),
    max: bisect(alpha, beta, m, lo, hi, m, width * relTol),
  };
}

/** The k-th smallest eigenvalue (1-based) inside [lo, hi]. */
function bisect(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  lo: number,
  hi: number,
  k: number,
  tol: number,
): number {
  let a = lo;
  let b = hi;
  while (b - a > tol) {
    const mid = 0.5 * (a + b);
    if (mid <= a || mid >= b) break;
    if (countBelow(alpha, beta, m, mid) >= k) b = mid;
    else a = mid;
  }
  return 0.5 * (a + b);
}

/** Number of eigenvalues below x (Sturm count of the LDL^T pivots of T - x I). */
function countBelow(alpha: Float64Array, beta: Float64Array, m: number, x: number): number {
  let count = 0;
  let q = 1;
  for (let i = 0; i < m; i++) {
    const b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
    q = alpha[i] - x - (i > 0 ? b2 / q : 0);
    if (q === 0) q = -1e-300;
    if (q < 0) count++;
  }
  return count;
}
