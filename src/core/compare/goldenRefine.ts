/** Golden ratio conjugate, (sqrt 5 - 1) / 2. */
const TAU = (Math.sqrt(5) - 1) / 2;

/** Best point found by a refinement. */
export interface RefineResult {
  omega: number;
  value: number;
  /** Index into the evaluations made by `evaluate` (-1: the best is a grid point). */
  evaluation: number;
}

/**
 * Refines a coarse grid minimum by golden-section search, as in the paper's heat2d script: the
 * bracket runs from the grid point left of the leftmost minimiser to the one right of the rightmost,
 * and `budget` further evaluations shrink it. Ties in integer iteration counts alternate the side
 * that is dropped so the bracket does not drift. Returns the best point seen, grid included.
 */
export function goldenRefine(
  omegas: ArrayLike<number>,
  values: ArrayLike<number>,
  budget: number,
  evaluate: (omega: number) => number,
): RefineResult {
  const p = omegas.length;
  let best = Infinity;
  let first = -1;
  let last = -1;
  for (let j = 0; j < p; j++) {
    if (values[j] < best) {
      best = values[j];
      first = j;
      last = j;
    } else if (values[j] === best) last = j;
  }
  const result: RefineResult = { omega: omegas[first], value: best, evaluation: -1 };
  if (p < 2 || budget <= 0) return result;
  let made = 0;
  const probe = (omega: number): number => {
    const v = evaluate(omega);
    if (v < result.value) {
      result.omega = omega;
      result.value = v;
      result.evaluation = made;
    }
    made++;
    return v;
  };
  let lo = omegas[Math.max(0, first - 1)];
  let hi = omegas[Math.min(p - 1, last + 1)];
  let o1 = lo + (1 - TAU) * (hi - lo);
  let o2 = lo + TAU * (hi - lo);
  let f1 = probe(o1);
  if (made >= budget) return result;
  let f2 = probe(o2);
  for (let i = 0; made < budget; i++) {
    if (f1 > f2 || (f1 === f2 && i % 2 === 1)) {
      lo = o1;
      o1 = o2;
      f1 = f2;
      o2 = lo + TAU * (hi - lo);
      f2 = probe(o2);
    } else {
      hi = o2;
      o2 = o1;
      f2 = f1;
      o1 = lo + (1 - TAU) * (hi - lo);
      f1 = probe(o1);
    }
  }
  return result;
}
