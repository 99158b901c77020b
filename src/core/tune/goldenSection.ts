/** One evaluated point of a one-dimensional search. */
export interface SearchPoint {
  omega: number;
  value: number;
}

export interface GoldenSectionOptions {
  /** Stop when the bracket is narrower than this (in omega). Default 1e-3. */
  tolerance?: number;
  /** Cap on calls to `evaluate` (cached repeats do not count). Default 30. */
  maxEvaluations?: number;
  /** Return true to stop early; the best point so far is returned. */
  isCancelled?: () => boolean;
}

export interface GoldenSectionResult {
  /** Best evaluated omega (lowest value; ties go to the first found). */
  omega: number;
  value: number;
  /** Every distinct evaluation, in call order. */
  points: SearchPoint[];
}

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Golden-section minimisation of `evaluate` over [lo, hi]. Made for step-like objectives such as an
 * iteration count: ties move the bracket left, and the answer is the best point ever evaluated, not the
 * bracket's middle. Values are cached by omega.
 */
export function goldenSectionOmega(
  evaluate: (omega: number) => number,
  lo: number,
  hi: number,
  options: GoldenSectionOptions = {},
): GoldenSectionResult {
  const tolerance = options.tolerance ?? 1e-3;
  const maxEvaluations = options.maxEvaluations ?? 30;
  const points: SearchPoint[] = [];
  const cache = new Map<number, number>();
  const f = (omega: number): number => {
    const hit = cache.get(omega);
    if (hit !== undefined) return hit;
    const value = evaluate(omega);
    cache.set(omega, value);
    points.push({ omega, value });
    return value;
  };
  let a = lo;
  let b = hi;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance && points.length < maxEvaluations && !options.isCancelled?.()) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
    }
  }
  let best = points[0];
  for (const p of points) if (p.value < best.value) best = p;
  return { omega: best.omega, value: best.value, points };
}
