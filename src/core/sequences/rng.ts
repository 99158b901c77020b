import seedrandom from 'seedrandom';

/**
 * Deterministic random source: every draw comes from one seedrandom (ARC4) stream, so the same
 * seed gives the same numbers on any machine and Node version.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Beta(a, b) on [0, 1], a, b > 0. */
  beta(a: number, b: number): number;
  /** Gamma(shape, 1), shape > 0. */
  gamma(shape: number): number;
}

/** Creates a random source from an explicit seed (a number or string; no entropy is ever mixed in). */
export function createRng(seed: number | string): Rng {
  const prng = seedrandom(`relax:${seed}`);
  let spare = NaN;

  const uniform = (): number => prng.double();

  // Polar Box-Muller; the second variate of each pair is kept for the next call.
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    return u * f;
  };

  // Marsaglia-Tsang; shapes below 1 use the boost Gamma(a) = Gamma(a + 1) * U^(1/a).
  const gamma = (shape: number): number => {
    if (shape < 1) {
      const g = gamma(shape + 1);
      let u = uniform();
      while (u === 0) u = uniform();
      return g * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  const beta = (a: number, b: number): number => {
    const x = gamma(a);
    const y = gamma(b);
    const s = x + y;
    // Both gammas can underflow to 0 for tiny shapes; the limit then is a Bernoulli draw.
    if (s === 0) return uniform() < a / (a + b) ? 1 : 0;
    return x / s;
  };

  return { uniform, normal, beta, gamma };
}

/** Standard normal vector of length n redrawn until its 2-norm is at most sqrt(n) (the paper's right-hand side). */
export function truncatedNormal(rng: Rng, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
  const limit = n;
  for (;;) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      out[i] = z;
      s += z * z;
    }
    if (s <= limit) return out;
  }
}
