/** Evenly spaced candidate omegas: `points` values from `min` to `max` inclusive. */
export interface OmegaGrid {
  min: number;
  max: number;
  points: number;
}

/** The paper's grid: 20 omegas on [1, 1.95]. */
export const DEFAULT_GRID: OmegaGrid = { min: 1, max: 1.95, points: 20 };

/** Everything a learner may be configured with; unknown fields are ignored by learners that do not use them. */
export interface LearnerOptions {
  /** Candidate omegas for grid learners (default 20 points on [1, 1.95]). */
  grid?: OmegaGrid;
  /** Seed of the learner's own random stream (seedrandom); required so runs are reproducible. */
  seed: string | number;
  /** Interval the context lives in, [lo, hi]; required by contextual learners when contexts are used. */
  contextRange?: [number, number];
  /** Number of context bins of tsallis-inf-cb (default 5). */
  bins?: number;
  /** Number of Chebyshev features T_0..T_{m-1} of chebcb (default 6). */
  chebDegree?: number;
  /**
   * The solver the omegas are used with. `auto` takes Young's formula as its prior only for `sor`
   * (default `sor`); for `ssor-cg` it learns from iteration counts alone.
   */
  solver?: 'sor' | 'ssor-cg';
}

/** The omegas of a grid as an array (a single point gives `min`). */
export function gridValues(grid: OmegaGrid): Float64Array {
  const out = new Float64Array(grid.points);
  const step = grid.points > 1 ? (grid.max - grid.min) / (grid.points - 1) : 0;
  for (let i = 0; i < grid.points; i++) out[i] = grid.min + i * step;
  return out;
}

/** Throws a clear Error when a grid cannot be used (omega must lie in (0, 2)). */
export function checkGrid(grid: OmegaGrid): void {
  const { min, max, points } = grid;
  if (!Number.isInteger(points) || points < 1)
    throw new Error(`omega grid: points must be a positive integer, got ${points}`);
  if (!(min > 0 && max < 2 && min <= max)) {
    throw new Error(`omega grid: need 0 < min <= max < 2, got min ${min}, max ${max}`);
  }
}

/** Throws a clear Error when a context range is missing or empty. */
export function checkContextRange(range: [number, number] | undefined, learner: string): [number, number] {
  if (!range) throw new Error(`${learner} needs a context range (the sequence has no context interval)`);
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new Error(`${learner}: context range must satisfy lo < hi, got [${lo}, ${hi}]`);
  }
  return [lo, hi];
}
