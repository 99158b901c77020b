/**
 * The 1/2-Tsallis online-mirror-descent distribution: p_i = 4 / (eta (L_i - x))^2 with x < min_i L_i the
 * unique root of sum_i p_i = 1. Writes p into `out` and returns x. Losses may be any finite numbers.
 *
 * Why not a fixed number of Newton steps from a fixed start: those can overshoot past min_i L_i and
 * leave a vector that is not the Tsallis distribution. Here the root is bracketed in
 * [min L - 2 sqrt(d) / eta, min L - 2 / eta] (sum <= 1 at the left end, >= 1 at the right) and Newton
 * runs from the right end, where the convex increasing sum makes the iterates decrease monotonically
 * onto the root; bisection takes over if a step ever leaves the bracket.
 */
export function tsallisDistribution(losses: Float64Array, eta: number, out: Float64Array): number {
  const d = losses.length;
  let minL = Infinity;
  for (let i = 0; i < d; i++) if (losses[i] < minL) minL = losses[i];
  // Work with z = minL - x > 0 and y_i = L_i - minL >= 0 so large losses do not lose precision.
  let lo = 2 / eta; // sum(z = lo) >= 1
  let hi = (2 * Math.sqrt(d)) / eta; // sum(z = hi) <= 1
  let z = lo;
  const c = 4 / (eta * eta);
  for (let iter = 0; iter < 200; iter++) {
    let s = 0;
    let ds = 0; // d sum / d z (negative)
    for (let i = 0; i < d; i++) {
      const w = 1 / (losses[i] - minL + z);
      const p = c * w * w;
      s += p;
      ds -= 2 * p * w;
    }
    const f = s - 1;
    if (f > 0) lo = z;
    else hi = z;
    if (Math.abs(f) <= 1e-15 || hi - lo <= 1e-15 * hi) break;
    let next = z - f / ds;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next === z) break;
    z = next;
  }
  let s = 0;
  for (let i = 0; i < d; i++) {
    const w = 1 / (losses[i] - minL + z);
    out[i] = c * w * w;
    s += out[i];
  }
  // The root is exact to ~1e-15 relative; this removes the last rounding so the sum is 1 to 1e-15.
  for (let i = 0; i < d; i++) out[i] /= s;
  return minL - z;
}
