import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import { isSymmetric } from '../sparse/symmetry';
import { ChebCb, type ChebCbState } from './chebCb';
import { ContextKnots, type ContextKnotsState } from './contextKnots';
import { JacobiSpectrum, type JacobiSpectrumState } from '../spectral/jacobiSpectrum';
import type { Learner, LearnerFeedback, LearnerState, PredictInput, Prediction } from './learner';
import { LocalSearch, type LocalSearchState } from './localSearch';
import { ExpertChoice, type ExpertChoiceOptions, type ExpertChoiceState } from './expertChoice';
import { DEFAULT_GRID, type LearnerOptions, type OmegaGrid } from './options';
import { SeededRandom, type RandomState } from './random';
import { StructurelessChoice, type StructurelessState } from './structurelessChoice';
import { TsallisInf, type TsallisInfState } from './tsallisInf';

type AutoMode = 'undecided' | 'young' | 'fallback';

export interface AutoState extends LearnerState {
  name: 'auto';
  version: 2;
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
  /** The second expert: a search over omega itself (created at the first instance with structure). */
  omegaSearch: LocalSearchState | null;
  experts: ExpertChoiceState;
  /** Sparsity fingerprint of the last estimated matrix: a reused estimate must be of the same kind of matrix. */
  lastPattern: string;
  /** Fingerprint of the last pattern found symmetric with a positive diagonal. */
  structurePattern: string;
  fallback: LearnerState | null;
  /** Instances without structure: an omega search against the bandit (absent until the first such instance). */
  structureless?: StructurelessState;
  /**
   * The estimate budget (absent in states saved before it): sweeps of the converged estimates after the
   * first, iterations solved on instances with structure, and the sweeps of the last converged estimate
   * (the next one's price).
   */
  estimateSweeps?: number;
  solvedIterations?: number;
  lastEstimateCost?: number;
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
/** Search over log(mu): starts at Young's formula, steps of ~3%; the bounds let omega reach [1, 1.99] for q >= 0.0025. */
const SEARCH = { center: -0.015, step: 0.015, explore: 0.08, min: -6, max: 6, minStep: 0.01, maxStep: 0.5, strata: 16 };
/** Search over omega itself: the expert that can settle on one omega whatever Young's formula says. */
const OMEGA_SEARCH = { step: 0.05, explore: 0.25, min: 1, max: 1.99, minStep: 0.0025, maxStep: 0.2, strata: 16 };
/**
 * How often the omega search is tried against the Young-prior search at first: SOR iteration counts
 * follow Young's formula closely (a fixed omega costs up to 2x there), SSOR-CG's do not and its
 * costs are flat, so trying the other expert is cheap.
 */
const EXPERT_EXPLORE = { sor: 0.02, 'ssor-cg': 0.25 } as const;
/**
 * SSOR-CG's omega expert starts this fraction of the way from 1 to Young's omega. Suite (bench:suite, auto /
 * best-fixed, SSOR-CG): 0.65 took the paper's shifts from 1.03-1.10 to 1.01-1.04 and the permuted Laplacian
 * from 1.38-1.44 to 1.14-1.20, moving no other sequence by more than 1.5 %; 0.35 and 0.5 lost more elsewhere.
 */
const SSOR_START = 0.65;
const EXPERT_MIN_EXPLORE = 0.005;
/**
 * With a context, knots and checks after the first estimate may cost at most this fraction of the
 * iterations solved so far; one that would exceed it waits where the knots can stand in for it. On heat2d
 * nx = 25 at small kappa (2-3 iterations per instance) a 2-sweep knot costs as much as the omega it refines
 * can save (bench:suite, 200 instances, auto / best-fixed: SSOR-CG 1.232 -> 1.029, every contextual SSOR-CG
 * row cheaper; SOR 1.053 -> 1.021, no SOR row dearer by more than 0.25 %). SOR's cost is steeper in omega:
 * it may spend more (0.03 lost 0.9 % on heat2d-nx50). Not without a context, where the last estimate is of
 * another shift (anisotropic2d-withheld SSOR-CG 7.5 % dearer).
 */
const ESTIMATE_BUDGET = { sor: 0.05, 'ssor-cg': 0.02 } as const;
const OMEGA_MAX = 1.99;

/**
 * The default learner: two experts under a two-armed bandit with honest counting (ExpertChoice).
 * Expert 1 starts from Young's formula omega = 2 / (1 + mu sqrt(1 - rho^2)), rho the Jacobi
 * spectral radius from a warm-started Lanczos estimate, and learns the multiplier mu (log-scale
 * local search on iteration counts normalised by the predicted asymptotic rate; mu may reach any
 * omega in [1, 1.99]). Expert 2 searches omega itself, starting at the first instance's Young omega,
 * so a fixed omega far from Young's (SSOR-CG's flat optimum near 1.3 on the paper's shifts) is
 * reachable. Expert 1 leads at first; expert 2 is tried with probability 2% (SOR) or 25% (SSOR-CG),
 * takes the lead when it is significantly cheaper on the same strata of instances, and is tried
 * half as often (down to 0.5%) when it is worse once it has settled. With a context the choice also sees
 * the instance's stratum: where the challenger has been clearly dearer (heat2d SSOR-CG: one omega against
 * a coefficient that moves the optimum from 1.0 to 1.8) it is tried a tenth as often.
 *
 * With a context, rho is not re-estimated per instance: estimates are taken at contexts with no
 * knot within 1/64 of the context range, and interpolated between (extended linearly just outside
 * the knots while that stays safe); periodic checks compare the interpolation with a fresh estimate
 * and, when the context turns out not to determine rho, it is abandoned for per-instance (warm,
 * few-step) estimates, which back off to every 2..64 instances while they keep giving the same omega
 * on the same sparsity pattern. All spectral work is reported in extraSweeps. SSOR-CG costs are
 * normalised by the gap^(1/4) growth of CG iterations instead of SOR's rate.
 *
 * Structure is judged instance by instance: without a matrix, for a non-symmetric matrix or a
 * non-positive diagonal (checked whenever the sparsity pattern changes), when Lanczos does not
 * converge, or when rho >= 1 on a matrix that is not SPD, that instance goes to StructurelessChoice
 * (an omega local search led, challenged by chebcb with a context range or tsallis-inf), and the next
 * instance with structure returns to the prior with its state untouched.
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
  /**
   * Which learner a fallback instance went to: `search` (a matrix without structure, or whose Lanczos
   * estimate did not converge: the omega search against the bandit) or `bandit` (no matrix and no estimate,
   * as over the wire, where chebcb learns the omega of each context; or rho >= 1). Unconverged estimates went
   * to the bandit until the suite showed the search cheaper on every sequence that has them (files-mixed
   * SOR 5.07 -> 4.65 x best-fixed, SSOR-CG 1.275 -> 1.179; anisotropic and heat2d-nx50 rows up to 1 % better).
   */
  private route: 'search' | 'bandit' = 'search';
  private pendingExpert = 0;
  private pendingShared = 0;
  private readonly experts: ExpertChoice;
  private omegaSearch: LocalSearch | undefined;
  /** Whether the current prediction consumed the caller's jacobiRho. */
  private usedSupplied = false;
  private structureless: StructurelessChoice | undefined;
  /** Sweeps an attempt at Young's prior spent before it found no structure (charged to the fallback's prediction). */
  private spent = 0;
  /** Sweeps of this instance's Lanczos estimate when it did not converge. */
  private failedEstimate = 0;

  private constructor(state: AutoState) {
    this.s = state;
    this.contextual = state.contextRange !== null;
    this.random = SeededRandom.fromState(state.random);
    this.knots = new ContextKnots(state.knots);
    this.spectrum = new JacobiSpectrum(undefined, undefined, state.spectrum);
    this.search = new LocalSearch(SEARCH, state.search);
    this.experts = new ExpertChoice(expertOptions(state.solver), state.experts);
    if (state.omegaSearch)
      this.omegaSearch = new LocalSearch({ ...OMEGA_SEARCH, center: state.omegaSearch.center }, state.omegaSearch);
    if (state.fallback) this.fallback = restoreFallback(state.fallback);
    if (state.structureless)
      this.structureless = new StructurelessChoice(state.contextRange, state.seed, state.structureless);
  }

  static create(options: LearnerOptions): Auto {
    const range = options.contextRange;
    if (range && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0])) {
      throw new Error(`auto: context range must satisfy lo < hi, got [${range[0]}, ${range[1]}]`);
    }
    const seed = String(options.seed);
    const search = new LocalSearch(SEARCH);
    const solver = options.solver ?? 'sor';
    return new Auto({
      name: 'auto',
      version: 2,
      seed,
      grid: { ...(options.grid ?? DEFAULT_GRID) },
      solver,
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
      omegaSearch: null,
      experts: new ExpertChoice(expertOptions(solver)).toJSON(),
      lastPattern: '',
      structurePattern: '',
      fallback: null,
    });
  }

  static restore(state: AutoState): Auto {
    const copy = JSON.parse(JSON.stringify(state)) as AutoState;
    // Version 1 states (one expert) continue with a fresh second expert.
    if ((copy.version as number) === 1) {
      copy.version = 2;
      copy.omegaSearch = null;
      copy.experts = new ExpertChoice(expertOptions(copy.solver)).toJSON();
      copy.lastPattern = '';
      copy.structurePattern = '';
      if (copy.mode === 'undecided') copy.mode = 'young';
    }
    return new Auto(copy);
  }

  /** The route of the last instance: Young's prior (with its two experts), or the bandit fallback for an instance without structure. */
  get mode(): AutoMode {
    return this.s.mode;
  }

  /** The learned multiplier mu on sqrt(1 - rho^2). */
  get multiplier(): number {
    return Math.exp(this.search.center);
  }

  /** Which expert leads: `young` (Young's formula with the multiplier) or `omega` (one learned omega). */
  get leader(): 'young' | 'omega' {
    return this.experts.leader === 0 ? 'young' : 'omega';
  }

  /** The omega expert's current omega (undefined before the first instance with structure). */
  get omegaCenter(): number | undefined {
    return this.omegaSearch?.center;
  }

  /** The omega search's centre for instances without structure (undefined before the first such instance). */
  get structurelessOmega(): number | undefined {
    return this.structureless?.center;
  }

  /** Which expert leads on instances without structure (undefined before the first such instance). */
  get structurelessLeader(): 'search' | 'bandit' | undefined {
    return this.structureless?.leader;
  }

  predict(input: PredictInput): Prediction {
    const s = this.s;
    // A remote caller (no matrix) that sent an estimate before needs none at every instance: the knots
    // (or the last estimate) give Young's prior, as they do in the editor between estimates.
    const remotePrior = this.knots.size > 0 || s.lastGap !== null;
    if (input.matrix || input.jacobiRho !== undefined || remotePrior) {
      // Rounds count instances with structure only, so an instance without it shifts nothing for the others.
      s.round++;
      const young = this.predictYoung(input);
      if (young) {
        s.mode = this.pendingFallback ? 'fallback' : 'young';
        return young;
      }
      s.round--;
    }
    // No matrix, not symmetric, no positive diagonal or Lanczos not converged: this instance (only) goes
    // to the fallback `route` chose; the next instance with structure returns to the prior.
    s.mode = 'fallback';
    return this.instanceFallback(input, input.matrix ? this.spent : 0, input.matrix ? this.route : 'bandit');
  }

  update(feedback: LearnerFeedback): void {
    if (this.pendingFallback) {
      this.pendingFallback = false;
      if (this.route === 'bandit') this.fallbackLearner({}).update(feedback);
      else this.structurelessChoice().update(feedback, this.fallbackLearner({}));
      return;
    }
    if (this.pendingArm < 0) throw new Error('auto: update() called without a preceding predict()');
    // The estimate budget counts instances with structure only, as rounds do: a fallback instance changes nothing here.
    if (Number.isFinite(feedback.iterations) && feedback.iterations > 0)
      this.s.solvedIterations = (this.s.solvedIterations ?? 0) + feedback.iterations;
    const raw = Math.log(Math.max(1, feedback.iterations));
    const shared = raw + this.pendingShared;
    const searched = this.pendingExpert === 0 ? this.search : (this.omegaSearch as LocalSearch);
    const before = searched.center;
    searched.observe(
      this.pendingArm,
      this.pendingExpert === 0 ? raw + this.pendingBaseline : shared,
      this.pendingStratum,
    );
    // The omega expert counts as settled once it has refined its step (both neighbours found worse).
    const settled = this.pendingExpert === 0 || searched.step < OMEGA_SEARCH.step;
    this.experts.observe(this.pendingExpert, shared, this.pendingStratum, searched.center !== before, settled);
    this.pendingArm = -1;
  }

  /**
   * This instance's spectral estimate: the caller's `jacobiRho`, else Lanczos on the matrix.
   * Undefined when the matrix cannot be estimated (not symmetric, non-positive diagonal); null
   * when there is neither (a remote caller that did not send one for this instance).
   */
  private estimate(input: PredictInput): { rho: number; sweeps: number } | undefined | null {
    if (input.jacobiRho !== undefined) {
      // Not charged to the budget: the caller has paid for it, so it is always used where one is due.
      this.usedSupplied = true;
      return { rho: input.jacobiRho, sweeps: 0 };
    }
    if (!input.matrix) return null;
    // An unconverged Lanczos estimate underestimates rho (omega too small, SOR's steep side): no prior.
    const est = this.spectrum.estimate(input.matrix);
    if (est && est.converged) this.charge(est.sweeps);
    if (est && !est.converged) this.failedEstimate = est.sweeps;
    return est && est.converged ? { rho: youngRho(est), sweeps: est.sweeps } : undefined;
  }

  /** Books an estimate's sweeps against the budget (the first estimate of a run is not charged to it). */
  private charge(sweeps: number): void {
    const s = this.s;
    if (s.lastEstimateCost !== undefined) s.estimateSweeps = (s.estimateSweeps ?? 0) + sweeps;
    s.lastEstimateCost = sweeps;
  }

  /** Whether another estimate, priced at the last one's sweeps, stays within ESTIMATE_BUDGET of the iterations solved. */
  private affordable(): boolean {
    const s = this.s;
    if (s.lastEstimateCost === undefined) return true;
    return (s.estimateSweeps ?? 0) + s.lastEstimateCost <= ESTIMATE_BUDGET[s.solver] * (s.solvedIterations ?? 0);
  }

  /** Whether the knots' end line, extended to `c` outside their hull, keeps 1 - rho above half the end knot's. */
  private safeExtension(c: number): boolean {
    const nearest = this.knots.value(c < this.knots.lowest ? this.knots.lowest : this.knots.highest);
    return this.knots.value(c) >= 0.5 * nearest;
  }

  /**
   * 1 - rho without a new estimate, for a remote caller that sent none at an instance where one
   * was due: the knots read inside their hull only (no extension without a measurement), else
   * the last estimate; null when nothing was ever measured.
   */
  private gapWithoutEstimate(c: number | undefined): number | null {
    if (this.knots.size > 0 && c !== undefined)
      return this.knots.value(Math.min(this.knots.highest, Math.max(this.knots.lowest, c)));
    return this.s.lastGap;
  }

  private instanceFallback(input: PredictInput, sweeps: number, route: 'search' | 'bandit' = 'bandit'): Prediction {
    this.route = route;
    const bandit = this.fallbackLearner(input);
    const p = route === 'bandit' ? bandit.predict(input) : this.structurelessChoice().predict(input, bandit);
    this.pendingFallback = true;
    return { omega: p.omega, extraSweeps: sweeps + p.extraSweeps };
  }

  private structurelessChoice(): StructurelessChoice {
    this.structureless ??= new StructurelessChoice(this.s.contextRange, this.s.seed);
    return this.structureless;
  }

  /** No Young structure at this instance: what the attempt cost is charged with the fallback's prediction. */
  private noStructure(sweeps: number): undefined {
    this.spent = sweeps + this.failedEstimate;
    this.route = 'search';
    return undefined;
  }

  private predictYoung(input: PredictInput): Prediction | undefined {
    this.usedSupplied = false;
    this.spent = 0;
    this.failedEstimate = 0;
    const prediction = this.predictYoungWith(input);
    if (prediction && input.jacobiRho !== undefined) prediction.usedJacobiRho = this.usedSupplied;
    return prediction;
  }

  private predictYoungWith(input: PredictInput): Prediction | undefined {
    const s = this.s;
    let sweeps = 0;
    // A new kind of matrix (another sparsity pattern) is checked for symmetry and a positive diagonal
    // even where an interpolated estimate would skip Lanczos; a shifted matrix of a checked pattern is not.
    const a = input.matrix;
    if (a) {
      const pattern = patternOf(a);
      if (pattern !== s.structurePattern) {
        // A pattern already found without structure is not checked again (as one found with it is not).
        if (pattern === this.structureless?.pattern) return this.noStructure(sweeps);
        sweeps += 2;
        if (!hasYoungStructure(a)) {
          this.structurelessChoice().pattern = pattern;
          return this.noStructure(sweeps);
        }
        s.structurePattern = pattern;
      }
    }
    let gap: number; // 1 - rho
    const c = input.context;
    const range = s.contextRange;
    // The expert's number is drawn first: without a context the omega expert needs no spectral estimate
    // of its own; with one, the estimate comes from the knots anyway and the stratum can inform the choice.
    const u0 = this.random.next();
    const contextual = s.contextTrusted && c !== undefined && range !== null;
    let expert = contextual ? -1 : this.experts.choose(u0);
    if (s.contextTrusted && c !== undefined && range) {
      const h = (range[1] - range[0]) / KNOTS_PER_RANGE;
      const d = this.knots.distance(c);
      const validate = s.round % VALIDATE_EVERY === 0 && this.knots.size >= 2;
      // Outside the knots' hull the end line is extended, but only by a knot spacing and while it keeps
      // 1 - rho above half the end knot's: near a singular end 1 - rho changes by a large fraction
      // within one spacing, and a too small omega there is expensive.
      const bracketed = this.knots.bracketed(c);
      const safe = this.knots.size >= 2 && (bracketed || this.safeExtension(c));
      const needKnot = d > h || !safe;
      // Over budget, a due knot or check waits where the knots can stand in for it (inside their hull, or
      // extended while safe): SSOR-CG's flat cost curve does not repay a 2-sweep knot on 3-iteration solves.
      const deferred = (needKnot || validate) && safe && !this.affordable();
      const est = (needKnot || validate) && !deferred ? this.estimate(input) : null;
      if (est === undefined) return this.noStructure(sweeps);
      if (est) {
        sweeps += est.sweeps;
        gap = 1 - est.rho;
        if (bracketed && d <= 4 * h) this.check(this.knots.value(c), gap);
        if (needKnot && s.contextTrusted) this.knots.add(c, gap);
      } else if (needKnot && !deferred) {
        const known = this.gapWithoutEstimate(c);
        if (known === null) return this.instanceFallback(input, sweeps);
        gap = known;
      } else {
        gap = this.knots.value(c);
      }
    } else if (s.lastGap !== null && expert === 1 && this.omegaSearch && (!a || patternOf(a) === s.lastPattern)) {
      // The omega expert plays: the last estimate serves only to place the instance in a stratum.
      gap = s.lastGap;
    } else if (s.lastGap !== null && s.sinceEstimate + 1 < s.estimateEvery && (!a || patternOf(a) === s.lastPattern)) {
      // Recent estimates agreed: the matrices barely change, so reuse the last one for a while.
      s.sinceEstimate++;
      gap = s.lastGap;
    } else {
      const est = this.estimate(input);
      if (est === undefined) return this.noStructure(sweeps);
      if (est) {
        sweeps += est.sweeps;
        gap = 1 - est.rho;
        this.scheduleEstimates(gap);
        if (a) s.lastPattern = patternOf(a);
      } else {
        const known = this.gapWithoutEstimate(undefined);
        if (known === null) return this.instanceFallback(input, sweeps);
        gap = known;
      }
    }
    const rho = 1 - gap;
    // Jacobi divergent on a matrix that is not SPD (an SPD one gets rho from lambda_min, youngRho): Young's
    // formula says nothing (and a multiplier on q = 0 could not move omega); this instance goes to the bandit.
    if (!(rho < 1)) return this.instanceFallback(input, sweeps, 'bandit');
    const q = Math.sqrt(Math.max(0, 1 - rho * rho));
    if (expert < 0) expert = this.experts.choose(u0, Math.floor(q * SEARCH.strata));
    if (!this.omegaSearch)
      this.omegaSearch = new LocalSearch({ ...OMEGA_SEARCH, center: omegaExpertStart(s.solver, q) });
    const u = this.random.next();
    let arm: number;
    let omega: number;
    if (expert === 0) {
      arm = this.search.choose(u);
      omega = youngWithMultiplier(q, Math.exp(this.search.value(arm)));
    } else {
      arm = this.omegaSearch.choose(u);
      omega = this.omegaSearch.value(arm);
    }
    this.pendingExpert = expert;
    // Normalise costs so instances of different difficulty are comparable (the same offset for every
    // arm at this instance, so it only reduces noise). SOR: by the asymptotic rate at the center's
    // omega, log(iterations * |log(omega - 1)|). SSOR-CG: iterations grow like kappa^(1/4) ~ gap^(-1/4).
    // The experts are compared on a normalisation that does not depend on either one's choice.
    if (s.solver === 'sor') {
      const center = youngWithMultiplier(q, Math.exp(this.search.center));
      this.pendingBaseline = Math.log(Math.abs(Math.log(Math.min(0.999, Math.max(1e-3, center - 1)))));
      this.pendingShared = Math.log(Math.abs(Math.log(Math.min(0.999, Math.max(1e-3, youngWithMultiplier(q, 1) - 1)))));
    } else {
      this.pendingBaseline = 0.25 * Math.log(Math.min(1, Math.max(1e-12, gap)));
      this.pendingShared = this.pendingBaseline;
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
        this.fallback = ChebCb.create({
          ...options,
          contextRange: s.contextRange,
          chebDegree: s.chebDegree ?? undefined,
        });
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
      omegaSearch: this.omegaSearch ? this.omegaSearch.toJSON() : null,
      experts: this.experts.toJSON(),
      fallback: this.fallback ? this.fallback.toJSON() : null,
      ...(this.structureless ? { structureless: this.structureless.toJSON() } : {}),
    };
  }
}

/**
 * The rho Young's prior uses: the Jacobi spectral radius, or, when Jacobi diverges on an SPD matrix
 * (lambda_max > 2, lambda_min > 0), 1 - lambda_min. SOR converges there at every omega in (0, 2) at a
 * rate set by the small end of the spectrum, and 2 / (1 + sqrt(lambda_min (2 - lambda_min))) is the
 * SPD estimate of its optimum (bcsstk03: 1.96 from the exact lambda_min, where SOR's best is 1.95-1.96).
 */
function youngRho(est: { rho: number; lambdaMin: number }): number {
  return est.rho < 1 || !(est.lambdaMin > 0 && est.lambdaMin < 1) ? est.rho : 1 - est.lambdaMin;
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

/**
 * Where the omega expert starts: Young's omega for SOR; for SSOR-CG the point SSOR_START of the way from 1 to
 * it. SSOR-CG's best fixed omega lies below Young's SOR optimum on every sequence of bench/suite (1.0 to 1.75
 * where Young's is 1.75 to 1.95) and its costs are shallow there, so a start in between is reached sooner.
 */
function omegaExpertStart(solver: 'sor' | 'ssor-cg', q: number): number {
  const young = youngWithMultiplier(q, 1);
  return solver === 'ssor-cg' ? 1 + SSOR_START * (young - 1) : young;
}

function expertOptions(solver: 'sor' | 'ssor-cg'): ExpertChoiceOptions {
  // SOR: a wandering fixed omega is expensive (steep costs), so a clearly worse one is tried less at once.
  return {
    explore: EXPERT_EXPLORE[solver],
    minExplore: EXPERT_MIN_EXPLORE,
    strata: SEARCH.strata,
    judgeUnsettled: solver === 'sor',
  };
}

/** Symmetric (to a relative 1e-12) with a positive diagonal: what Lanczos and Young's prior need. */
function hasYoungStructure(a: CsrMatrix): boolean {
  if (a.rows !== a.cols) return false;
  const diag = diagonalIndex(a);
  for (let i = 0; i < a.rows; i++) if (!(diag[i] >= 0 && a.values[diag[i]] > 0)) return false;
  return isSymmetric(a, 1e-12);
}

/** A cheap fingerprint of a matrix's sparsity pattern: size, entries and a few column indices. */
function patternOf(a: { rows: number; rowPtr: Int32Array; colIdx: Int32Array }): string {
  const nnz = a.rowPtr[a.rows];
  return nnz > 0 ? `${a.rows}:${nnz}:${a.colIdx[nnz >> 1]}:${a.colIdx[nnz - 1]}:${a.colIdx[nnz >> 2]}` : `${a.rows}:0`;
}

function restoreFallback(state: LearnerState): Learner {
  if (state.name === 'chebcb') return ChebCb.restore(state as ChebCbState);
  return TsallisInf.restore(state as TsallisInfState);
}
