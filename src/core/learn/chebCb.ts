import { boundedLeastSquaresNormal } from './boundedLeastSquares';
import { chebyshevFeatures, toUnitInterval } from './chebyshev';
import type { Learner, LearnerFeedback, LearnerState, PredictInput, Prediction } from './learner';
import { checkContextRange, checkGrid, DEFAULT_GRID, gridValues, type LearnerOptions, type OmegaGrid } from './options';
import { sampleIndex, SeededRandom, type RandomState } from './random';
import { choleskySolve, minNormSolve } from './symmetricSolve';

export interface ChebCbState extends LearnerState {
  name: 'chebcb';
  version: 1;
  grid: OmegaGrid;
  contextRange: [number, number];
  degree: number;
  random: RandomState;
  round: number;
  eta: number;
  scale: number;
  maxCost: number;
  minCost: number;
  sumPred2: number;
  sumPredCost: number;
  sumCost2: number;
  theta: number[];
  count: number[];
  gram: number[];
  sumF: number[];
  sumFCost: number[];
  sumCost: number[];
  sumCostSq: number[];
}

/** Largest exploration rate used; beyond it the distribution is already all but greedy. */
const MAX_ETA = 1e12;

/**
 * ChebCB (the paper's contextual bandit): per grid omega a regression of the normalised cost on
 * Chebyshev features of the context, fitted by bounded least squares, and inverse-gap-weighted
 * exploration whose rate eta grows with t as in the reference. Regressions are kept as sufficient
 * statistics (Gram matrices), so a round costs O(d m^2) whatever the number of rounds.
 */
export class ChebCb implements Learner {
  readonly name = 'chebcb';
  readonly contextual = true;
  private readonly s: ChebCbState;
  private readonly omegas: Float64Array;
  private readonly random: SeededRandom;
  private readonly d: number;
  private readonly m: number;
  // Scratch, reused every round.
  private readonly feature: Float64Array;
  private readonly yhat: Float64Array;
  private readonly prob: Float64Array;
  private readonly gram: Float64Array;
  private readonly rhs: Float64Array;
  private readonly sol: Float64Array;
  private readonly warm: Float64Array;
  private readonly work: Float64Array;
  private readonly lb: Float64Array;
  private readonly ub: Float64Array;
  private chosen = -1;
  private predicted = 0;

  private constructor(state: ChebCbState) {
    checkGrid(state.grid);
    this.s = state;
    this.omegas = gridValues(state.grid);
    this.random = SeededRandom.fromState(state.random);
    this.d = state.grid.points;
    this.m = state.degree;
    const m = this.m;
    this.feature = new Float64Array(m);
    this.yhat = new Float64Array(this.d);
    this.prob = new Float64Array(this.d);
    this.gram = new Float64Array(m * m);
    this.rhs = new Float64Array(m);
    this.sol = new Float64Array(m);
    this.warm = new Float64Array(m);
    this.work = new Float64Array(2 * m * m + m);
    this.lb = new Float64Array(m);
    this.ub = new Float64Array(m);
  }

  static create(options: LearnerOptions): ChebCb {
    const grid = options.grid ?? DEFAULT_GRID;
    checkGrid(grid);
    const range = checkContextRange(options.contextRange, 'chebcb');
    const m = options.chebDegree ?? 6;
    if (!Number.isInteger(m) || m < 1 || m > 30)
      throw new Error(`chebcb: chebDegree must be an integer in [1, 30], got ${m}`);
    const d = grid.points;
    const zeros = (k: number): number[] => new Array<number>(k).fill(0);
    return new ChebCb({
      name: 'chebcb',
      version: 1,
      grid: { ...grid },
      contextRange: [range[0], range[1]],
      degree: m,
      random: SeededRandom.fromSeed(options.seed).state(),
      round: 1,
      eta: 0,
      scale: 0,
      maxCost: 0,
      minCost: 0,
      sumPred2: 0,
      sumPredCost: 0,
      sumCost2: 0,
      theta: zeros(d * m),
      count: zeros(d),
      gram: zeros(d * m * m),
      sumF: zeros(d * m),
      sumFCost: zeros(d * m),
      sumCost: zeros(d),
      sumCostSq: zeros(d),
    });
  }

  static restore(state: ChebCbState): ChebCb {
    return new ChebCb(JSON.parse(JSON.stringify(state)) as ChebCbState);
  }

  /** Current cost estimates per grid omega for a context (normalised units); a scratch buffer, overwritten by the next call. */
  estimates(context: number): Float64Array {
    const [lo, hi] = this.s.contextRange;
    chebyshevFeatures(toUnitInterval(context, lo, hi), this.m, this.feature);
    const { theta } = this.s;
    for (let i = 0; i < this.d; i++) {
      let y = 0;
      for (let j = 0; j < this.m; j++) y += theta[i * this.m + j] * this.feature[j];
      this.yhat[i] = y;
    }
    return this.yhat;
  }

  predict(input: PredictInput): Prediction {
    if (input.context === undefined) throw new Error('chebcb needs a context for every instance');
    const yhat = this.estimates(input.context);
    let best = 0;
    for (let i = 1; i < this.d; i++) if (yhat[i] < yhat[best]) best = i;
    let others = 0;
    for (let i = 0; i < this.d; i++) {
      if (i === best) continue;
      this.prob[i] = 1 / (this.d + this.s.eta * (yhat[i] - yhat[best]));
      others += this.prob[i];
    }
    this.prob[best] = Math.max(0, 1 - others);
    this.chosen = sampleIndex(this.prob, this.random.next());
    this.predicted = yhat[this.chosen];
    return { omega: this.omegas[this.chosen], extraSweeps: 0 };
  }

  update(feedback: LearnerFeedback): void {
    const i = this.chosen;
    if (i < 0) throw new Error('chebcb: update() called without a preceding predict()');
    this.chosen = -1;
    const s = this.s;
    const { d, m } = this;
    const cost = feedback.iterations;
    const f = this.feature;
    for (let a = 0; a < m; a++) {
      s.sumF[i * m + a] += f[a];
      s.sumFCost[i * m + a] += f[a] * cost;
      for (let b = 0; b < m; b++) s.gram[(i * m + a) * m + b] += f[a] * f[b];
    }
    s.count[i]++;
    s.sumCost[i] += cost;
    s.sumCostSq[i] += cost * cost;
    s.sumPred2 += this.predicted * this.predicted;
    s.sumPredCost += this.predicted * cost;
    s.sumCost2 += cost * cost;
    // (JSON has no infinities, so the extremes start from the first cost rather than from +-Infinity.)
    s.maxCost = s.round === 1 ? cost : Math.max(s.maxCost, cost);
    s.minCost = s.round === 1 ? cost : Math.min(s.minCost, cost);

    const [lo, hi] = s.contextRange;
    const width = hi - lo;
    const K = s.maxCost > 0 ? s.maxCost : 1;
    const lip = (s.maxCost - s.minCost) / width;
    const N = 2 + ((4 * width * lip) / K) * (1 + Math.log(m));
    const scale = K * N;
    const refitAll = scale !== s.scale;
    s.scale = scale;
    this.ub[0] = 1 / N;
    for (let j = 1; j < m; j++) this.ub[j] = (2 * width * lip) / scale / j;
    for (let j = 0; j < m; j++) this.lb[j] = -this.ub[j];

    let resnorm = 0;
    for (let arm = 0; arm < d; arm++) {
      if ((!refitAll && arm !== i) || s.count[arm] === 0) continue;
      const r = this.fitArm(arm);
      if (r >= 0) resnorm = r;
    }
    const alpha = ((Math.PI + (2 / Math.PI) * Math.log(2 * m + 1)) / (2 * scale * (m + 1))) * width * lip;
    const t = s.round;
    const kn = K * N;
    const residual = s.sumPred2 - (2 * s.sumPredCost) / kn + s.sumCost2 / (kn * kn);
    const denom = residual - resnorm + 2 * alpha * alpha * t;
    const eta = 2 * t * Math.sqrt((d * t) / denom);
    s.eta = Number.isFinite(eta) && denom > 0 ? Math.min(eta, MAX_ETA) : MAX_ETA;
    s.round++;
  }

  /** Refits one arm; returns the bounded solve's residual norm^2, or -1 when the bounds were not needed. */
  private fitArm(arm: number): number {
    const s = this.s;
    const m = this.m;
    const base = arm * m;
    for (let a = 0; a < m * m; a++) this.gram[a] = s.gram[base * m + a];
    for (let a = 0; a < m; a++) this.rhs[a] = (s.sumFCost[base + a] - s.sumF[base + a]) / s.scale;
    // Cholesky when the arm's Gram matrix is well conditioned (the usual case once it has data),
    // else the minimum-norm solution (MATLAB's lsqminnorm in the reference).
    if (!choleskySolve(this.gram, this.rhs, m, this.sol, this.work))
      minNormSolve(this.gram, this.rhs, m, this.sol, this.work);
    let inside = true;
    for (let a = 0; a < m; a++) if (Math.abs(this.sol[a]) > this.ub[a]) inside = false;
    if (inside) {
      for (let a = 0; a < m; a++) s.theta[base + a] = this.sol[a];
      return -1;
    }
    for (let a = 0; a < m; a++) this.warm[a] = s.theta[base + a];
    const { x } = boundedLeastSquaresNormal(this.gram, this.rhs, this.lb, this.ub, this.warm, this.sol);
    for (let a = 0; a < m; a++) s.theta[base + a] = x[a];
    // ||F x - y||^2 = x^T G x - 2 x^T c + y^T y, with y = (cost - 1) / scale.
    const n = s.count[arm];
    const yy = (s.sumCostSq[arm] - 2 * s.sumCost[arm] + n) / (s.scale * s.scale);
    let quad = 0;
    let lin = 0;
    for (let a = 0; a < m; a++) {
      lin += x[a] * this.rhs[a];
      for (let b = 0; b < m; b++) quad += x[a] * this.gram[a * m + b] * x[b];
    }
    return Math.max(0, quad - 2 * lin + yy);
  }

  toJSON(): ChebCbState {
    return JSON.parse(JSON.stringify({ ...this.s, random: this.random.state() })) as ChebCbState;
  }
}
