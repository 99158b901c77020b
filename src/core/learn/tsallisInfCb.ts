import type { Learner, LearnerFeedback, LearnerState, PredictInput, Prediction } from './learner';
import { checkContextRange, checkGrid, DEFAULT_GRID, gridValues, type LearnerOptions, type OmegaGrid } from './options';
import { SeededRandom, type RandomState } from './random';
import { TsallisInfCore, type TsallisInfCoreState } from './tsallisInfCore';

export interface TsallisInfCbState extends LearnerState {
  name: 'tsallis-inf-cb';
  version: 1;
  grid: OmegaGrid;
  contextRange: [number, number];
  random: RandomState;
  bins: TsallisInfCoreState[];
}

/** Contextual Tsallis-INF: the context interval cut into equal bins, an independent Tsallis-INF in each. */
export class TsallisInfCb implements Learner {
  readonly name = 'tsallis-inf-cb';
  readonly contextual = true;
  private readonly grid: OmegaGrid;
  private readonly omegas: Float64Array;
  private readonly range: [number, number];
  private readonly random: SeededRandom;
  private readonly cores: TsallisInfCore[];
  private active = -1;

  private constructor(grid: OmegaGrid, range: [number, number], random: SeededRandom, cores: TsallisInfCore[]) {
    checkGrid(grid);
    this.grid = { ...grid };
    this.omegas = gridValues(grid);
    this.range = range;
    this.random = random;
    this.cores = cores;
  }

  static create(options: LearnerOptions): TsallisInfCb {
    const grid = options.grid ?? DEFAULT_GRID;
    const range = checkContextRange(options.contextRange, 'tsallis-inf-cb');
    const bins = options.bins ?? 5;
    if (!Number.isInteger(bins) || bins < 1)
      throw new Error(`tsallis-inf-cb: bins must be a positive integer, got ${bins}`);
    const cores: TsallisInfCore[] = [];
    for (let i = 0; i < bins; i++) cores.push(new TsallisInfCore(grid.points));
    return new TsallisInfCb(grid, range, SeededRandom.fromSeed(options.seed), cores);
  }

  static restore(state: TsallisInfCbState): TsallisInfCb {
    return new TsallisInfCb(
      state.grid,
      state.contextRange,
      SeededRandom.fromState(state.random),
      state.bins.map((b) => TsallisInfCore.fromJSON(b)),
    );
  }

  /** Bin of a context; contexts outside the range fall into the end bins. */
  binOf(context: number): number {
    const [lo, hi] = this.range;
    const m = this.cores.length;
    const k = Math.floor(((context - lo) / (hi - lo)) * m);
    return Math.min(m - 1, Math.max(0, Number.isFinite(k) ? k : 0));
  }

  predict(input: PredictInput): Prediction {
    if (input.context === undefined) throw new Error('tsallis-inf-cb needs a context for every instance');
    this.active = this.binOf(input.context);
    const index = this.cores[this.active].choose(this.random.next());
    return { omega: this.omegas[index], extraSweeps: 0 };
  }

  update(feedback: LearnerFeedback): void {
    if (this.active < 0) throw new Error('tsallis-inf-cb: update() called without a preceding predict()');
    this.cores[this.active].observe(feedback.iterations);
    this.active = -1;
  }

  toJSON(): TsallisInfCbState {
    return {
      name: 'tsallis-inf-cb',
      version: 1,
      grid: { ...this.grid },
      contextRange: [this.range[0], this.range[1]],
      random: this.random.state(),
      bins: this.cores.map((c) => c.toJSON()),
    };
  }
}
