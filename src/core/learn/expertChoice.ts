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

  /** The expert to play, from a uniform number u. */
  choose(u: number): number {
    return u < this.s.explore ? 1 - this.s.leader : this.s.leader;
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
