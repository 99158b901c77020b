/**
 * The one eigen routine on a symmetric tridiagonal matrix T (diagonal `a[0..k-1]`, off-diagonal `b[1..k-1]`
 * with b[j] coupling rows j-1 and j), as Lanczos produces it: Sturm counts, bisection and extreme eigenvectors.
 */

/** Number of eigenvalues of T strictly below x (Sturm count via the LDL^T pivots). */
export function countBelow(a: Float64Array, b: Float64Array, k: number, x: number): number {
  let count = 0;
  let d = 1;
  for (let j = 0; j < k; j++) {
    const off = j > 0 ? (b[j] * b[j]) / d : 0;
    d = a[j] - x - off;
    if (d === 0) d = -1e-300;
    if (d < 0) count++;
  }
  return count;
}

/** The i-th smallest eigenvalue (0-based) of T by bisection inside its Gershgorin interval, to about 1e-15 relative. */
export function tridiagonalEigenvalue(a: Float64Array, b: Float64Array, k: number, i: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < k; j++) {
    const r = (j > 0 ? Math.abs(b[j]) : 0) + (j + 1 < k ? Math.abs(b[j + 1]) : 0);
    lo = Math.min(lo, a[j] - r);
    hi = Math.max(hi, a[j] + r);
  }
  for (let it = 0; it < 100 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (countBelow(a, b, k, mid) > i) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Unit eigenvector of T for an extreme eigenvalue theta (the smallest or the largest), by inverse iteration
 * with a shift just outside the spectrum, where T - shift I is definite and the pivot-free tridiagonal solve
 * is stable. `y` receives the vector; `work` needs k numbers.
 */
export function extremeEigenvector(
  a: Float64Array,
  b: Float64Array,
  k: number,
  theta: number,
  smallest: boolean,
  y: Float64Array,
  work: Float64Array,
): void {
  let scale = 0;
  for (let j = 0; j < k; j++) scale = Math.max(scale, Math.abs(a[j]) + Math.abs(b[j] || 0));
  const shift = theta + (smallest ? -1 : 1) * 1e-10 * Math.max(scale, 1e-300);
  for (let j = 0; j < k; j++) y[j] = 1;
  for (let pass = 0; pass < 3; pass++) {
    // Forward elimination (Thomas) on (T - shift I) y_new = y.
    work[0] = a[0] - shift;
    for (let j = 1; j < k; j++) {
      const l = b[j] / work[j - 1];
      y[j] -= l * y[j - 1];
      work[j] = a[j] - shift - l * b[j];
    }
    y[k - 1] /= work[k - 1];
    for (let j = k - 2; j >= 0; j--) y[j] = (y[j] - b[j + 1] * y[j + 1]) / work[j];
    let norm = 0;
    for (let j = 0; j < k; j++) norm += y[j] * y[j];
    norm = Math.sqrt(norm);
    for (let j = 0; j < k; j++) y[j] /= norm;
  }
}
