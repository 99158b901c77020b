import {
  addCost,
  clearCells,
  copyCells,
  emptyCells,
  pooledVariance,
  stratifiedDifference,
  type Difference,
} from './stratifiedCosts';

/** Saved state of {@link LocalSearch}. */
export interface LocalSearchState {
  center: number;
  step: number;
  /** Probability of trying the lower and the upper neighbour. */
  explore: [number, number];
  /** Whether each side was found worse (or, after many samples, not better) at the current step. */
  worse: [boolean, boolean];
  /** Whether a side was "not better" only for lack of a significant difference (flat costs). */
  flat: [boolean, boolean];
  /** Per arm (3) and stratum: count, sum and sum of squares of the costs since the last decision. */
  count: number[];
  sum: number[];
  sumSq: number[];
  moves: number;
  /** Direction of the last move (-1, 0 before any, +1). */
  lastDirection: number;
}

export interface LocalSearchOptions {
  /** Initial value of the searched parameter. */
  center: number;
  /** Distance to the two neighbours tried. */
  step: number;
  /** Probability of trying each neighbour (at the start; shrinks once the center looks optimal). */
  explore: number;
  /** Bounds of the parameter. */
  min: number;
  max: number;
  /** Bounds of the step, which doubles after two moves the same way and halves when the center wins. */
  minStep: number;
  maxStep: number;
  /** Number of strata instances are grouped in (instances of one stratum have similar costs). */
  strata: number;
}

const MIN_SAMPLES = 8;
const MAX_SAMPLES = 150;
const MIN_EXPLORE = 0.01;
/** Cost differences below this are no differences (costs are log iteration counts; one iteration in 10^4 is 1e-4). */
const RESOLUTION = 1e-6;
const REFINE_EXPLORE = 0.025;
const ARMS = 3;

/**
 * Noisy one-dimensional local search for a single parameter: mostly plays the center, sometimes a
 * neighbour at +-step, and moves the center when a neighbour's cost is lower by more than two
 * standard errors. Instances are grouped in strata (say, by how hard they are) and each neighbour
 * is compared with the center within strata, so the spread of costs across instances does not
 * drown the difference between arms; arms are drawn independently of the instance, so this is fair.
 * A side found significantly worse is tried half as often (down to 1%), so an expensive direction
 * costs little to keep checking; when both sides are worse the step halves (down to `minStep`);
 * repeated moves one way, or costs that stay indistinguishable, double it.
 */
export class LocalSearch {
  private readonly s: LocalSearchState;
  private readonly o: LocalSearchOptions;
  // Result of the last comparison, reused (it runs on every exploration round).
  private readonly cmp: Difference = { diff: 0, se: 0, used: 0 };

  constructor(options: LocalSearchOptions, state?: LocalSearchState) {
    this.o = options;
    this.s = state
      ? copyState(state)
      : {
          center: options.center,
          step: options.step,
          explore: [options.explore, options.explore],
          worse: [false, false],
          flat: [false, false],
          ...emptyCells(ARMS * options.strata),
          moves: 0,
          lastDirection: 0,
        };
  }

  get center(): number {
    return this.s.center;
  }

  /** Current distance to the neighbours. */
  get step(): number {
    return this.s.step;
  }

  /** Picks an arm (0 = center - step, 1 = center, 2 = center + step) from a uniform number u. */
  choose(u: number): number {
    const [lower, upper] = this.s.explore;
    if (u < lower && this.canPlay(0)) return 0;
    if (u >= 1 - upper && this.canPlay(2)) return 2;
    return 1;
  }

  /** The parameter value of an arm. */
  value(arm: number): number {
    return this.s.center + (arm - 1) * this.s.step;
  }

  /** Records the cost of playing `arm` on an instance of `stratum` (0 <= stratum < strata). */
  observe(arm: number, cost: number, stratum: number): void {
    addCost(this.s, this.o.strata, arm, stratum, cost);
    if (arm !== 1) this.decide();
  }

  private canPlay(arm: number): boolean {
    const v = this.value(arm);
    return v >= this.o.min && v <= this.o.max;
  }

  private decide(): void {
    const s = this.s;
    const pooled = pooledVariance(s);
    let better = -1;
    let betterGain = 0;
    for (let arm = 0; arm <= 2; arm += 2) {
      const side = arm >> 1;
      if (!this.canPlay(arm)) {
        s.worse[side] = true;
        continue;
      }
      // Center minus neighbour (positive: the neighbour is cheaper).
      const { diff, se, used } = stratifiedDifference(s, this.o.strata, 1, arm, pooled, 2, this.cmp);
      if (used < MIN_SAMPLES) continue;
      const margin = Math.max(2 * se, RESOLUTION);
      if (diff > margin && diff > betterGain) {
        better = arm;
        betterGain = diff;
      } else if (-diff > margin) {
        // This side costs more: look there less often, and start its comparison afresh.
        s.worse[side] = true;
        s.explore[side] = Math.max(MIN_EXPLORE, s.explore[side] / 2);
        this.resetArm(arm);
      } else if (used >= MAX_SAMPLES || (se < RESOLUTION && Math.abs(diff) < RESOLUTION)) {
        // No difference after many samples (or exactly equal, noiseless costs): not better, and the
        // costs look flat here.
        s.worse[side] = true;
        s.flat[side] = true;
        this.resetArm(arm);
      }
    }
    if (better >= 0) {
      const direction = better - 1;
      s.center = this.value(better);
      if (direction === s.lastDirection) s.step = Math.min(this.o.maxStep, 2 * s.step);
      s.lastDirection = direction;
      s.moves++;
      s.explore = [Math.max(s.explore[0], 2 * MIN_EXPLORE), Math.max(s.explore[1], 2 * MIN_EXPLORE)];
      s.worse = [false, false];
      s.flat = [false, false];
      this.reset();
    } else if (s.worse[0] && s.worse[1] && (s.flat[0] || s.flat[1])) {
      // Costs indistinguishable at this distance (integer counts on a flat stretch): look further out.
      s.step = Math.min(this.o.maxStep, 2 * s.step);
      s.worse = [false, false];
      s.flat = [false, false];
      this.reset();
    } else if (s.worse[0] && s.worse[1]) {
      // Both neighbours cost more: refine around the center.
      const refined = Math.max(this.o.minStep, s.step / 2);
      // Closer neighbours cost less to try: look at them as often as after a move.
      if (refined < s.step)
        s.explore = [Math.max(s.explore[0], REFINE_EXPLORE), Math.max(s.explore[1], REFINE_EXPLORE)];
      s.step = refined;
      s.lastDirection = 0;
      s.worse = [false, false];
      s.flat = [false, false];
      this.reset();
    }
  }

  private resetArm(arm: number): void {
    clearCells(this.s, this.o.strata, arm);
  }

  private reset(): void {
    clearCells(this.s, this.o.strata);
  }

  toJSON(): LocalSearchState {
    return copyState(this.s);
  }
}

function copyState(s: LocalSearchState): LocalSearchState {
  return {
    ...s,
    explore: [s.explore[0], s.explore[1]],
    worse: [s.worse[0], s.worse[1]],
    flat: [s.flat[0], s.flat[1]],
    ...copyCells(s),
  };
}
