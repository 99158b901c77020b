import type { Learner, LearnerFeedback, LearnerState, PredictInput, Prediction } from './learner';
import { checkGrid, DEFAULT_GRID, gridValues, type LearnerOptions, type OmegaGrid } from './options';
import { SeededRandom, type RandomState } from './random';
import { TsallisInfCore, type TsallisInfCoreState } from './tsallisInfCore';

export interface TsallisInfState extends LearnerState {
  name: 'tsallis-inf';
  version: 1;
  grid: OmegaGrid;
  random: RandomState;
  core: TsallisInfCoreState;
}

/** Non-contextual Tsallis-INF over a grid of omegas (the paper's reference learner, with the exact normaliser). */
export class TsallisInf implements Learner {
  readonly name = 'tsallis-inf';
  readonly contextual = false;
  private readonly grid: OmegaGrid;
  private readonly omegas: Float64Array;
  private readonly random: SeededRandom;
  private readonly core: TsallisInfCore;

  private constructor(grid: OmegaGrid, random: SeededRandom, core: TsallisInfCore) {
    checkGrid(grid);
    this.grid = { ...grid };
    this.omegas = gridValues(grid);
    this.random = random;
    this.core = core;
  }

  static create(options: LearnerOptions): TsallisInf {
    const grid = options.grid ?? DEFAULT_GRID;
    return new TsallisInf(grid, SeededRandom.fromSeed(options.seed), new TsallisInfCore(grid.points));
  }

  static restore(state: TsallisInfState): TsallisInf {
    return new TsallisInf(state.grid, SeededRandom.fromState(state.random), TsallisInfCore.fromJSON(state.core));
  }

  /** Current sampling distribution over the grid (for tests and displays). */
  distribution(): Float64Array {
    return this.core.distribution();
  }

  predict(_input: PredictInput): Prediction {
    return { omega: this.omegas[this.core.choose(this.random.next())], extraSweeps: 0 };
  }

  update(feedback: LearnerFeedback): void {
    this.core.observe(feedback.iterations);
  }

  toJSON(): TsallisInfState {
    return {
      name: 'tsallis-inf',
      version: 1,
      grid: { ...this.grid },
      random: this.random.state(),
      core: this.core.toJSON(),
    };
  }
}
