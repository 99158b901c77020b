/** Chebyshev polynomials T_0..T_{m-1} at x (expected in [-1, 1]) written into out[0..m-1]. */
export function chebyshevFeatures(x: number, m: number, out: Float64Array): void {
  if (m > 0) out[0] = 1;
  if (m > 1) out[1] = x;
  for (let j = 2; j < m; j++) out[j] = 2 * x * out[j - 1] - out[j - 2];
}

/** Maps a context from [lo, hi] to [-1, 1], clamping contexts outside the interval. */
export function toUnitInterval(context: number, lo: number, hi: number): number {
  const u = (2 * (context - lo)) / (hi - lo) - 1;
  return u < -1 ? -1 : u > 1 ? 1 : u;
}
