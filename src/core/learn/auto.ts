import { ChebCb, type ChebCbState } from './chebCb';
import { ContextKnots, type ContextKnotsState } from './contextKnots';
import { JacobiSpectrum, type JacobiSpectrumState } from './jacobiSpectrum';
import type { Learner, LearnerFeedback, LearnerState, PredictInput, Prediction } from './learner';
import { LocalSearch, type LocalSearchState } from './localSearch';
import { DEFAULT_GRID, type LearnerOptions, type OmegaGrid } from './options';
import { SeededRandom, type RandomState } from './random';
import { TsallisInf, type TsallisInfState } from './tsallisInf';

type AutoMode = 'undecided' | 'young' | 'fallback';

export interface AutoState extends LearnerState {
  name: 'auto';
  version: 1;
  seed: string;
  grid: OmegaGrid;
  solver: 'sor' | 'ssor-cg';
  contextRange: [number, number] | null;
  chebDegree: number | null;
  mode: AutoMode;
  round: number;
  contextTrusted: boolean;
  /** Without a context: last estimated 1 - rho, agreeing estimates in a row, and the estimate interval. */
  lastGap: number | null;
  agreements: number;
  estimateEvery: number;
  sinceEstimate: number;
  validations: number;
  failures: number;
  random: RandomState;
  knots: ContextKnotsState;
  spectrum: JacobiSpectrumState;
  search: LocalSearchState;
  fallback: LearnerState | null;
}

/** Knots per context interval: spacing of spectral estimates along the context. */
const KNOTS_PER_RANGE = 64;
/** Every this many rounds a spectral estimate checks the interpolated one. */
const VALIDATE_EVERY = 100;
/** Interpolated omega further than this from the measured one counts as a failed check. */
const VALIDATION_TOLERANCE = 0.02;
const OMEGA_MIN = 1;
/** Consecutive estimates whose omegas differ by at most this count as the same matrix. */
const STABLE_OMEGA = 0.002;
const MAX_ESTIMATE_EVERY = 64;
/** Search over log(mu): starts at Young's formula, steps of ~3%, never beyond a factor e^1.5. */
const SEARCH = { center: -0.015, step: 0.015, explore: 0.08, min: -1.5, max: 1.5, minStep: 0.01, maxStep: 0.24, strata: 16 };
const OMEGA_MAX = 1.99;

/**
 * The default learner. It starts from Young's formula omega = 2 / (1 + mu sqrt(1 - rho^2)),
 * rho the Jacobi spectral radius from a warm-started Lanczos estimate, and learns the multiplier mu
 * (log-scale local search on iteration counts normalised by the predicted asymptotic rate), since at
 * a finite tolerance the best omega sits a little off the asymptotic one. The search starts at
 * mu = e^-0.015, a hair above Young's omega: below the optimum SOR's iteration count rises steeply,
 * above it only linearly, so erring upwards is cheaper.
 *
 * With a context, rho is not re-estimated per instance: estimates are taken at contexts with no
 * knot within 1/64 of the context range, and interpolated between (extended linearly just outside
 * the knots while that stays safe); periodic checks compare the
 * interpolation with a fresh estimate and, when the context turns out not to determine rho, it is
 * abandoned for per-instance (warm, few-step) estimates, which back off to every 2..64 instances
 * while they keep giving the same omega (a repeated or slowly changing matrix). All spectral work is reported in
 * extraSweeps. The same prior serves SSOR-CG (measured on heat2d: Young's omega per instance is
 * within 1% of the instance optimum there too; the multiplier absorbs the difference), with costs
 * normalised by the gap^(1/4) growth of CG iterations instead of SOR's rate. Without a matrix, for
 * a non-symmetric matrix or a non-positive diagonal it falls back to chebcb (with a context range)
 * or tsallis-inf; instances whose Jacobi radius is >= 1 go to that bandit one by one.
 */
export class Auto implements Learner {
  readonly name = 'auto';
  readonly contextual: boolean;
  private readonly s: AutoState;
  private readonly random: SeededRandom;
  private readonly knots: ContextKnots;
  private readonly spectrum: JacobiSpectrum;
  private readonly search: LocalSearch;
  private fallback: Learner | undefined;
  private pendingArm = -1;
  private pendingBaseline = 0;
  private pendingStratum = 0;
  private pendingFallback = false;
  /** Whether the current prediction consumed the caller's jacobiRho. */
  private usedSupplied = false;

  private constructor(state: AutoState) {
    this.s = state;
    this.contextual = state.contextRange !== null;
    this.random = SeededRandom.fromState(state.random);
    this.knots = new ContextKnots(state.knots);
    this.spectrum = new JacobiSpectrum(undefined, undefined, state.spectrum);
    this.search = new LocalSearch(
      SEARCH,
      state.search,
    );
    if (state.fallback) this.fallback = restoreFallback(state.fallback);
  }

  static create(options: LearnerOptions): Auto {
    const range = options.contextRange;
    if (range && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0])) {
      throw new Error(`auto: context range must satisfy lo < hi, got [${range[0]}, ${range[1]}]`);
    }
    const seed = String(options.seed);
    const search = new LocalSearch(SEARCH);
    return new Auto({
      name: 'auto',
      version: 1,
      seed,
      grid: { ...(options.grid ?? DEFAULT_GRID) },
      solver: options.solver ?? 'sor',
      contextRange: range ? [range[0], range[1]] : null,
      chebDegree: options.chebDegree ?? null,
      mode: 'undecided',
      round: 0,
      contextTrusted: true,
      lastGap: null,
      agreements: 0,
      estimateEvery: 1,
      sinceEstimate: 0,
      validations: 0,
      failures: 0,
      random: SeededRandom.fromSeed(seed).state(),
      knots: { contexts: [], values: [] },
      spectrum: { warm: '' },
      search: search.toJSON(),
      fallback: null,
    });
  }

  static restore(state: AutoState): Auto {
    return new Auto(JSON.parse(JSON.stringify(state)) as AutoState);
  }

  /** Which strategy is in use: Young's formula with a learned multiplier, or a bandit fallback. */
  get mode(): AutoMode {
    return this.s.mode;
  }

  /** The learned multiplier mu on sqrt(1 - rho^2). */
  get multiplier(): number {
    return Math.exp(this.search.center);
  }

  predict(input: PredictInput): Prediction {
    const s = this.s;
    s.round++;
    if (s.mode === 'undecided') s.mode = input.matrix || input.jacobiRho !== undefined ? 'young' : 'fallback';
    if (s.mode === 'young') {
      const young = this.predictYoung(input);
      if (young) return young;
      s.mode = 'fallback'; // not symmetric or no positive diagonal: no Lanczos, no Young prior
    }
    s.mode = 'fallback';
    return this.fallbackLearner(input).predict(input);
  }

  update(feedback: LearnerFeedback): void {
    if (this.s.mode === 'fallback' || this.pendingFallback) {
      this.pendingFallback = false;
      this.fallbackLearner({}).update(feedback);
      return;
    }
    if (this.pendingArm < 0) throw new Error('auto: update() called without a preceding predict()');
    const cost = Math.log(Math.max(1, feedback.iterations)) + this.pendingBaseline;
    this.search.observe(this.pendingArm, cost, this.pendingStratum);
    this.pendingArm = -1;
  }

  /**
   * This instance's spectral estimate: the caller's `jacobiRho`, else Lanczos on the matrix.
   * Undefined when the matrix cannot be estimated (not symmetric, non-positive diagonal); null
   * when there is neither (a remote caller that did not send one for this instance).
   */
  private estimate(input: PredictInput): { rho: number; sweeps: number } | undefined | null {
    if (input.jacobiRho !== undefined) {
      this.usedSupplied = true;
      return { rho: input.jacobiRho, sweeps: 0 };
    }
    if (!input.matrix) return null;
    return this.spectrum.estimate(input.matrix);
  }

  /**
   * 1 - rho without a new estimate, for a remote caller that sent none at an instance where one
   * was due: the knots read inside their hull only (no extension without a measurement), else
   * the last estimate; null when nothing was ever measured.
   */
  private gapWithoutEstimate(c: number | undefined): number | null {
    if (this.knots.size > 0 && c !== undefined) return this.knots.value(Math.min(this.knots.highest, Math.max(this.knots.lowest, c)));
    return this.s.lastGap;
  }

  private instanceFallback(input: PredictInput, sweeps: number): Prediction {
    const p = this.fallbackLearner(input).predict(input);
    this.pendingFallback = true;
    return { omega: p.omega, extraSweeps: sweeps + p.extraSweeps };
  }

  private predictYoung(input: PredictInput): Prediction | undefined {
    this.usedSupplied = false;
    const prediction = this.predictYoungWith(input);
    if (prediction && input.jacobiRho !== undefined) prediction.usedJacobiRho = this.usedSupplied;
    return prediction;
  }

  private predictYoungWith(input: PredictInput): Prediction | undefined {
    const s = this.s;
    let sweeps = 0;
    let gap: number; // 1 - rho
    const c = input.context;
    const range = s.contextRange;
    if (s.contextTrusted && c !== undefined && range) {
      const h = (range[1] - range[0]) / KNOTS_PER_RANGE;
      const d = this.knots.distance(c);
      const validate = s.round % VALIDATE_EVERY === 0 && this.knots.size >= 2;
      // Outside the knots' hull the end line is extended, but only by a knot spacing and while it keeps
      // 1 - rho above half the end knot's: near a singular end 1 - rho changes by a large fraction
      // within one spacing, and a too small omega there is expensive.
      const bracketed = this.knots.bracketed(c);
      let needKnot = d > h || this.knots.size < 2;
      if (!needKnot && !bracketed) {
        const nearest = this.knots.value(c < this.knots.lowest ? this.knots.lowest : this.knots.highest);
        needKnot = !(this.knots.value(c) >= 0.5 * nearest);
      }
      const est = needKnot || validate ? this.estimate(input) : null;
      if (est === undefined) return undefined;
      if (est) {
        sweeps += est.sweeps;
        gap = 1 - est.rho;
        if (bracketed && d <= 4 * h) this.check(this.knots.value(c), gap);
        if (needKnot && s.contextTrusted) this.knots.add(c, gap);
      } else if (needKnot) {
        const known = this.gapWithoutEstimate(c);
        if (known === null) return this.instanceFallback(input, sweeps);
        gap = known;
      } else {
        gap = this.knots.value(c);
      }
    } else if (s.lastGap !== null && s.sinceEstimate + 1 < s.estimateEvery) {
      // Recent estimates agreed: the matrices barely change, so reuse the last one for a while.
      s.sinceEstimate++;
      gap = s.lastGap;
    } else {
      const est = this.estimate(input);
      if (est === undefined) return undefined;
      if (est) {
        sweeps += est.sweeps;
        gap = 1 - est.rho;
        this.scheduleEstimates(gap);
      } else {
        const known = this.gapWithoutEstimate(undefined);
        if (known === null) return this.instanceFallback(input, sweeps);
        gap = known;
      }
    }
    const rho = 1 - gap;
    // Jacobi divergent: Young's formula says nothing (and a multiplier on q = 0 could not move omega);
    // this instance goes to the bandit.
    if (!(rho < 1)) return this.instanceFallback(input, sweeps);
    const q = Math.sqrt(Math.max(0, 1 - rho * rho));
    const arm = this.search.choose(this.random.next());
    const omega = youngWithMultiplier(q, Math.exp(this.search.value(arm)));
    // Normalise costs so instances of different difficulty are comparable (the same offset for every
    // arm at this instance, so it only reduces noise). SOR: by the asymptotic rate at the center's
    // omega, log(iterations * |log(omega - 1)|). SSOR-CG: iterations grow like kappa^(1/4) ~ gap^(-1/4).
    if (s.solver === 'sor') {
      const center = youngWithMultiplier(q, Math.exp(this.search.center));
      this.pendingBaseline = Math.log(Math.abs(Math.log(Math.min(0.999, Math.max(1e-3, center - 1)))));
    } else {
      this.pendingBaseline = 0.25 * Math.log(Math.min(1, Math.max(1e-12, gap)));
    }
    this.pendingArm = arm;
    // Instances of similar q = sqrt(1 - rho^2) have similar normalised costs: compare arms within them.
    this.pendingStratum = Math.floor(q * SEARCH.strata);
    return { omega, extraSweeps: sweeps };
  }

  /**
   * Without a usable context: after three estimates in a row that give the same omega (within
   * 0.002), estimate only every 2, 4, ... 64 instances; any change goes back to every instance.
   */
  private scheduleEstimates(gap: number): void {
    const s = this.s;
    const same = s.lastGap !== null && Math.abs(omegaOfGap(gap) - omegaOfGap(s.lastGap)) <= STABLE_OMEGA;
    s.agreements = same ? s.agreements + 1 : 0;
    s.estimateEvery = s.agreements >= 2 ? Math.min(MAX_ESTIMATE_EVERY, 2 * s.estimateEvery) : 1;
    s.lastGap = gap;
    s.sinceEstimate = 0;
  }

  /** Compares an interpolated 1 - rho with a measured one; distrusts the context after repeated misses. */
  private check(predictedGap: number, measuredGap: number): void {
    const s = this.s;
    s.validations++;
    if (Math.abs(omegaOfGap(predictedGap) - omegaOfGap(measuredGap)) > VALIDATION_TOLERANCE) s.failures++;
    if (s.failures >= 3 && s.failures > 0.25 * s.validations) {
      s.contextTrusted = false;
      this.knots.clear();
    }
  }

  private fallbackLearner(input: PredictInput): Learner {
    if (!this.fallback) {
      const s = this.s;
      const options: LearnerOptions = { seed: `${s.seed}/fallback`, grid: s.grid };
      if (s.contextRange && input.context !== undefined) {
        this.fallback = ChebCb.create({ ...options, contextRange: s.contextRange, chebDegree: s.chebDegree ?? undefined });
      } else {
        this.fallback = TsallisInf.create(options);
      }
    }
    return this.fallback;
  }

  toJSON(): AutoState {
    return {
      ...this.s,
      grid: { ...this.s.grid },
      contextRange: this.s.contextRange ? [this.s.contextRange[0], this.s.contextRange[1]] : null,
      random: this.random.state(),
      knots: this.knots.toJSON(),
      spectrum: this.spectrum.toJSON(),
      search: this.search.toJSON(),
      fallback: this.fallback ? this.fallback.toJSON() : null,
    };
  }
}

/** Young's omega (mu = 1) for 1 - rho = gap. */
function omegaOfGap(gap: number): number {
  const rho = 1 - gap;
  return youngWithMultiplier(rho < 1 ? Math.sqrt(Math.max(0, 1 - rho * rho)) : 0, 1);
}

/** Young's omega with the multiplier mu on q = sqrt(1 - rho^2), clamped to [1, 1.99]. */
function youngWithMultiplier(q: number, mu: number): number {
  const omega = 2 / (1 + mu * q);
  return Math.min(OMEGA_MAX, Math.max(OMEGA_MIN, omega));
}

function restoreFallback(state: LearnerState): Learner {
  if (state.name === 'chebcb') return ChebCb.restore(state as ChebCbState);
  return TsallisInf.restore(state as TsallisInfState);
}
