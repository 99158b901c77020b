import {
  addCost,
  clearCells,
  copyCells,
  emptyCells,
  pooledVariance,
  stratifiedDifference,
  type Difference,
} from './stratifiedCosts';

/** Saved state of {@link ExpertChoice}. */
export interface ExpertChoiceState {
  /** The expert played most of the time (0 or 1). */
  leader: number;
  /** Probability of playing the other expert. */
  explore: number;
  /** Times the challenger overtook the leader. */
  switches: number;
  /** Per expert (2) and stratum: count, sum and sum of squares of normalised costs since the last decision. */
  count: number[];
  sum: number[];
  sumSq: number[];
}

export interface ExpertChoiceOptions {
  /** Initial probability of playing the challenger (expert 1 at the start). */
  explore: number;
  /** The probability never falls below this, so a change in the sequence is still noticed. */
  minExplore: number;
  strata: number;
  /** Whether a clearly worse challenger is played less even before it has settled (when trying it is expensive). */
  judgeUnsettled: boolean;
}

/** Challenger plays needed before a comparison may decide; few, since large gaps decide at once. */
const MIN_SAMPLES = 4;
/** After this many challenger plays without a significant difference, the leader stays and the challenger is played less. */
const MAX_SAMPLES = 200;
const RESOLUTION = 1e-6;
/** Challenger plays (since its last move) before a modest disadvantage makes it be played less. */
const SETTLED_SAMPLES = 40;
/** A disadvantage this large (in log cost: ~10%) counts at once. */
const CLEARLY_WORSE = 0.1;
/**
 * In one stratum, a challenger this much dearer (log cost: 1.35x) than the leader, by more than two standard
 * errors and on at least MIN_SAMPLES plays of each there, is tried STRATUM_THINNING as often in that stratum.
 * Not never: it must keep learning there (a challenger that travels to its optimum, as the omega expert on
 * the paper's SSOR-CG shifts, looks dearer in some strata on its way). Smaller thresholds cut heat2d more
 * but slowed that travel (permuted Laplacian SSOR-CG +5 % at 0.1).
 */
const STRATUM_WORSE = 0.3;
const STRATUM_THINNING = 0.1;

/**
 * A two-expert bandit with honest counting: every round plays one expert's proposal (the leader's
 * with probability 1 - explore) and charges what it cost; the choice is drawn independently of the
 * instance, so stratified mean costs of the two experts compare fairly. When the challenger is
 * cheaper by more than two standard errors it becomes the leader; when it is dearer (or not
 * different after many plays) it is played half as often, down to `minExplore`.
 */
export class ExpertChoice {
  private readonly s: ExpertChoiceState;
  private readonly o: ExpertChoiceOptions;

  private readonly cmp: Difference = { diff: 0, se: Infinity, used: 0 };

  constructor(options: ExpertChoiceOptions, state?: ExpertChoiceState) {
    this.o = options;
    this.s = state
      ? { ...state, ...copyCells(state) }
      : { leader: 0, explore: options.explore, switches: 0, ...emptyCells(2 * options.strata) };
  }

  get leader(): number {
    return this.s.leader;
  }

  get explore(): number {
    return this.s.explore;
  }

  /**
   * The expert to play, from a uniform number u; with the instance's `stratum`, the challenger is tried less
   * where it has been clearly dearer on instances of that stratum (an expert that is good elsewhere, or
   * still travelling, keeps being tried where it is not clearly worse).
   */
  choose(u: number, stratum?: number): number {
    const s = this.s;
    if (!(u < s.explore)) return s.leader;
    if (stratum !== undefined && u >= STRATUM_THINNING * s.explore && this.worseIn(stratum)) return s.leader;
    return 1 - s.leader;
  }

  /** Whether the challenger's mean cost in `stratum` exceeds the leader's by STRATUM_WORSE and two standard errors. */
  private worseIn(stratum: number): boolean {
    const s = this.s;
    const strata = this.o.strata;
    const k = Math.min(strata - 1, Math.max(0, stratum | 0));
    const lead = s.leader * strata + k;
    const other = (1 - s.leader) * strata + k;
    const nl = s.count[lead];
    const no = s.count[other];
    if (nl < MIN_SAMPLES || no < MIN_SAMPLES) return false;
    const diff = s.sum[other] / no - s.sum[lead] / nl;
    const se = Math.sqrt(pooledVariance(s) * (1 / nl + 1 / no));
    return diff > Math.max(STRATUM_WORSE, 2 * se);
  }

  /**
   * Records the normalised cost of playing `expert` on an instance of `stratum`. `moved`: the played
   * expert just changed its own choice, so its earlier costs are stale (its comparison restarts);
   * `settled`: the played expert has found its own optimum (until then it is not played less).
   */
  observe(expert: number, cost: number, stratum: number, moved = false, settled = true): void {
    const s = this.s;
    if (moved) {
      clearCells(s, this.o.strata, expert);
      return;
    }
    addCost(s, this.o.strata, expert, stratum, cost);
    if (expert !== s.leader) this.decide(settled);
  }

  private decide(settled: boolean): void {
    const s = this.s;
    const { diff, se, used } = stratifiedDifference(
      s,
      this.o.strata,
      s.leader,
      1 - s.leader,
      pooledVariance(s),
      1,
      this.cmp,
    );
    if (used < MIN_SAMPLES || !Number.isFinite(se)) return;
    const margin = Math.max(2 * se, RESOLUTION);
    if (diff > margin) {
      s.leader = 1 - s.leader;
      s.switches++;
      this.reset();
    } else if (
      (settled && ((-diff > margin && used >= SETTLED_SAMPLES) || used >= MAX_SAMPLES)) ||
      ((settled || this.o.judgeUnsettled) && -diff > Math.max(2 * margin, CLEARLY_WORSE))
    ) {
      // Worse (clearly, or after enough plays at one choice): played less. A challenger still on its
      // way to its own optimum is not judged on its first steps.
      s.explore = Math.max(this.o.minExplore, s.explore / 2);
      this.reset();
    }
  }

  private reset(): void {
    clearCells(this.s, this.o.strata);
  }

  toJSON(): ExpertChoiceState {
    return { ...this.s, ...copyCells(this.s) };
  }
}
