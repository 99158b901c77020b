import { sampleIndex } from './random';
import { tsallisDistribution } from './tsallisDistribution';

/** Saved state of a {@link TsallisInfCore}. */
export interface TsallisInfCoreState {
  round: number;
  sumCost: number;
  weightedLoss: number[];
}

/**
 * Tsallis-INF over d arms (1/2-Tsallis OMD, learning rate 2 / sqrt(t)). Costs are iteration counts;
 * arm i's cumulative loss is sum (cost - 1) / p over the rounds it was played, divided by the running
 * mean cost minus 1 so the learning rate does not depend on the cost's units.
 */
export class TsallisInfCore {
  readonly arms: number;
  private round = 1;
  private sumCost = 0;
  private readonly weightedLoss: Float64Array;
  private readonly scaled: Float64Array;
  private readonly prob: Float64Array;
  private chosen = -1;
  private chosenProb = 1;

  constructor(arms: number) {
    this.arms = arms;
    this.weightedLoss = new Float64Array(arms);
    this.scaled = new Float64Array(arms);
    this.prob = new Float64Array(arms);
  }

  /** Current sampling distribution (valid after `distribution()` or `choose()`). */
  get probabilities(): Float64Array {
    return this.prob;
  }

  /** Computes this round's distribution into `probabilities`. */
  distribution(): Float64Array {
    const eta = 2 / Math.sqrt(this.round);
    const rounds = this.round - 1;
    let scale = rounds > 0 ? this.sumCost / rounds - 1 : 1;
    // All costs equal to 1 (or fewer) would divide by zero; the losses are then all zero anyway.
    if (!(scale > 1e-12)) scale = 1;
    for (let i = 0; i < this.arms; i++) this.scaled[i] = this.weightedLoss[i] / scale;
    tsallisDistribution(this.scaled, eta, this.prob);
    return this.prob;
  }

  /** Draws this round's arm with the uniform number `u`. */
  choose(u: number): number {
    this.distribution();
    this.chosen = sampleIndex(this.prob, u);
    this.chosenProb = this.prob[this.chosen];
    return this.chosen;
  }

  /** Records the cost of the arm drawn by the last `choose`. */
  observe(cost: number): void {
    if (this.chosen < 0) throw new Error('tsallis-inf: update() called without a preceding predict()');
    this.sumCost += cost;
    this.weightedLoss[this.chosen] += (cost - 1) / this.chosenProb;
    this.round++;
    this.chosen = -1;
  }

  toJSON(): TsallisInfCoreState {
    return { round: this.round, sumCost: this.sumCost, weightedLoss: Array.from(this.weightedLoss) };
  }

  static fromJSON(state: TsallisInfCoreState): TsallisInfCore {
    const core = new TsallisInfCore(state.weightedLoss.length);
    core.round = state.round;
    core.sumCost = state.sumCost;
    core.weightedLoss.set(state.weightedLoss);
    return core;
  }
}
