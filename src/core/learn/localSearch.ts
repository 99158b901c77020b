/** Saved state of {@link LocalSearch}. */
export interface LocalSearchState {
  center: number;
  step: number;
  explore: number;
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

const MIN_SAMPLES = 20;
const MAX_SAMPLES = 600;
const MIN_EXPLORE = 0.01;
const ARMS = 3;

/**
 * Noisy one-dimensional local search for a single parameter: mostly plays the center, sometimes a
 * neighbour at +-step, and moves the center when a neighbour's cost is lower by more than two
 * standard errors. Instances are grouped in strata (say, by how hard they are) and each neighbour
 * is compared with the center within strata, so the spread of costs across instances does not
 * drown the difference between arms; arms are drawn independently of the instance, so this is fair.
 * When both neighbours are significantly worse, exploration and step halve (down to 1% and `minStep`),
 * so a well-placed center costs little to keep checking; repeated moves one way double the step.
 */
export class LocalSearch {
  private readonly s: LocalSearchState;
  private readonly o: LocalSearchOptions;
  // Result of the last compare() (fields rather than an object: it runs on every exploration round).
  private cmpDiff = 0;
  private cmpSe = 0;
  private cmpUsed = 0;

  constructor(options: LocalSearchOptions, state?: LocalSearchState) {
    this.o = options;
    const cells = ARMS * options.strata;
    this.s = state
      ? { ...state, count: [...state.count], sum: [...state.sum], sumSq: [...state.sumSq] }
      : {
          center: options.center,
          step: options.step,
          explore: options.explore,
          count: new Array<number>(cells).fill(0),
          sum: new Array<number>(cells).fill(0),
          sumSq: new Array<number>(cells).fill(0),
          moves: 0,
          lastDirection: 0,
        };
  }

  get center(): number {
    return this.s.center;
  }

  /** Picks an arm (0 = center - step, 1 = center, 2 = center + step) from a uniform number u. */
  choose(u: number): number {
    const e = this.s.explore;
    if (u < e && this.canPlay(0)) return 0;
    if (u >= 1 - e && this.canPlay(2)) return 2;
    return 1;
  }

  /** The parameter value of an arm. */
  value(arm: number): number {
    return this.s.center + (arm - 1) * this.s.step;
  }

  /** Records the cost of playing `arm` on an instance of `stratum` (0 <= stratum < strata). */
  observe(arm: number, cost: number, stratum: number): void {
    const s = this.s;
    const cell = arm * this.o.strata + Math.min(this.o.strata - 1, Math.max(0, stratum | 0));
    s.count[cell]++;
    s.sum[cell] += cost;
    s.sumSq[cell] += cost * cost;
    if (arm !== 1) this.decide();
  }

  private canPlay(arm: number): boolean {
    const v = this.value(arm);
    return v >= this.o.min && v <= this.o.max;
  }

  /**
   * Stratified difference center - neighbour (positive: neighbour cheaper), weighted by the
   * neighbour's samples, with its standard error and the number of samples used (into cmp*).
   */
  private compare(arm: number, pooled: number): void {
    const s = this.s;
    const k = this.o.strata;
    let used = 0;
    let diff = 0;
    let variance = 0;
    for (let b = 0; b < k; b++) {
      const nc = s.count[k + b];
      const nn = s.count[arm * k + b];
      if (nc < 2 || nn < 1) continue;
      const mc = s.sum[k + b] / nc;
      const mn = s.sum[arm * k + b] / nn;
      diff += nn * (mc - mn);
      variance += nn * nn * pooled * (1 / nc + 1 / nn);
      used += nn;
    }
    this.cmpUsed = used;
    this.cmpDiff = used > 0 ? diff / used : 0;
    this.cmpSe = used > 0 ? Math.sqrt(variance) / used : Infinity;
  }

  /** Within-stratum variance pooled over all cells (one noise level; cells are small). */
  private pooledVariance(): number {
    const s = this.s;
    let ss = 0;
    let dof = 0;
    for (let cell = 0; cell < s.count.length; cell++) {
      const n = s.count[cell];
      if (n < 2) continue;
      const m = s.sum[cell] / n;
      ss += Math.max(0, s.sumSq[cell] - n * m * m);
      dof += n - 1;
    }
    return dof > 0 ? ss / dof : Infinity;
  }

  private decide(): void {
    const s = this.s;
    let better = -1;
    let betterGain = 0;
    let worse = 0;
    let decided = 0;
    const pooled = this.pooledVariance();
    for (let arm = 0; arm <= 2; arm += 2) {
      if (!this.canPlay(arm)) {
        worse++;
        decided++;
        continue;
      }
      this.compare(arm, pooled);
      const diff = this.cmpDiff;
      const se = this.cmpSe;
      const used = this.cmpUsed;
      if (used < MIN_SAMPLES) continue;
      if (diff > 2 * se && diff > betterGain) {
        better = arm;
        betterGain = diff;
      } else if (-diff > 2 * se) {
        worse++;
        decided++;
      } else if (used >= MAX_SAMPLES) {
        decided++;
      }
    }
    if (better >= 0) {
      const direction = better - 1;
      s.center = this.value(better);
      if (direction === s.lastDirection) s.step = Math.min(this.o.maxStep, 2 * s.step);
      s.lastDirection = direction;
      s.moves++;
      s.explore = Math.max(s.explore, 2 * MIN_EXPLORE);
      this.reset();
    } else if (decided === 2) {
      if (worse === 2) {
        s.explore = Math.max(MIN_EXPLORE, s.explore / 2);
        s.step = Math.max(this.o.minStep, s.step / 2);
        s.lastDirection = 0;
      }
      this.reset();
    }
  }

  private reset(): void {
    this.s.count.fill(0);
    this.s.sum.fill(0);
    this.s.sumSq.fill(0);
  }

  toJSON(): LocalSearchState {
    return { ...this.s, count: [...this.s.count], sum: [...this.s.sum], sumSq: [...this.s.sumSq] };
  }
}
