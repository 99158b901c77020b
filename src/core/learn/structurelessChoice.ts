import { ExpertChoice, type ExpertChoiceState } from './expertChoice';
import type { Learner, LearnerFeedback, PredictInput, Prediction } from './learner';
import { LocalSearch, type LocalSearchState } from './localSearch';
import { SeededRandom, type RandomState } from './random';

/** Saved state of {@link StructurelessChoice}. */
export interface StructurelessState {
  search: LocalSearchState;
  experts: ExpertChoiceState;
  random: RandomState;
  /** Fingerprint of the last sparsity pattern found without Young structure (its check is not repeated). */
  pattern: string;
}

const STRATA = 16;
/**
 * Search over omega from the middle of SOR's range. Counts are smooth in omega, so a local search
 * settles in tens of instances where a bandit over a grid of arms needs hundreds.
 */
const SEARCH = {
  center: 1.5,
  step: 0.1,
  explore: 0.25,
  min: 1,
  max: 1.99,
  minStep: 0.0025,
  maxStep: 0.2,
  strata: STRATA,
};
/**
 * The bandit is the challenger, tried on 5 % of the instances at first: chebcb (with a context) learns an
 * omega that follows the context, which no single omega matches, but only from its own plays; tsallis-inf
 * (no context) can at best find one omega, the local search's job. chebcb was tried on 25 % until the suite
 * showed its exploration charged for nothing (convection-diffusion-shift, 600 instances: 1.090 -> 1.053 x
 * best-fixed at 5 %), and on a sequence whose optimum moves from 1.1 to 1.9 with the context it still takes
 * the lead at 5 %, 23 % cheaper over 600 instances.
 */
const EXPERTS = { minExplore: 0.005, strata: STRATA, judgeUnsettled: true };
const BANDIT_EXPLORE = 0.05;

/**
 * Auto's learner for instances without Young structure (nonsymmetric, non-positive diagonal, Lanczos
 * not converged, rho >= 1): an omega local search leads and the bandit challenges it under honest
 * counting (ExpertChoice), so the bandit's pick takes over where the evidence says it is cheaper (an
 * omega that depends strongly on the context). Its own random stream keeps the structured
 * instances' choices unchanged by how many instances came here. Costs are log iteration counts,
 * compared within strata of the context when there is one.
 */
export class StructurelessChoice {
  /** The last pattern found without structure; the other state lives in its parts. */
  pattern: string;
  private readonly search: LocalSearch;
  private readonly experts: ExpertChoice;
  private readonly random: SeededRandom;
  private pendingExpert = -1;
  private pendingArm = 1;
  private pendingStratum = 0;

  constructor(
    private readonly contextRange: [number, number] | null,
    seed: string,
    state?: StructurelessState,
  ) {
    this.search = new LocalSearch(SEARCH, state?.search);
    this.experts = new ExpertChoice({ ...EXPERTS, explore: BANDIT_EXPLORE }, state?.experts);
    this.random = state ? SeededRandom.fromState(state.random) : SeededRandom.fromSeed(`${seed}/structureless`);
    this.pattern = state?.pattern ?? '';
  }

  /** The local search's omega. */
  get center(): number {
    return this.search.center;
  }

  /** Which expert leads: the omega search or the bandit. */
  get leader(): 'search' | 'bandit' {
    return this.experts.leader === 0 ? 'search' : 'bandit';
  }

  /** Chooses this instance's omega; `bandit` is asked only when it plays. */
  predict(input: PredictInput, bandit: Learner): Prediction {
    const expert = this.experts.choose(this.random.next());
    this.pendingExpert = expert;
    this.pendingStratum = this.stratum(input.context);
    if (expert === 1) return bandit.predict(input);
    this.pendingArm = this.search.choose(this.random.next());
    return { omega: this.search.value(this.pendingArm), extraSweeps: 0 };
  }

  /** Charges the solve to the expert that played (the bandit learns only from its own plays). */
  update(feedback: LearnerFeedback, bandit: Learner): void {
    if (this.pendingExpert < 0) throw new Error('auto: update() called without a preceding predict()');
    const cost = Math.log(Math.max(1, feedback.iterations));
    const expert = this.pendingExpert;
    this.pendingExpert = -1;
    if (expert === 1) {
      bandit.update(feedback);
      this.experts.observe(1, cost, this.pendingStratum);
      return;
    }
    const before = this.search.center;
    this.search.observe(this.pendingArm, cost, this.pendingStratum);
    this.experts.observe(0, cost, this.pendingStratum, this.search.center !== before, this.search.step < SEARCH.step);
  }

  toJSON(): StructurelessState {
    return {
      search: this.search.toJSON(),
      experts: this.experts.toJSON(),
      random: this.random.state(),
      pattern: this.pattern,
    };
  }

  private stratum(context: number | undefined): number {
    const r = this.contextRange;
    if (!r || context === undefined || !Number.isFinite(context)) return 0;
    const t = (context - r[0]) / (r[1] - r[0]);
    return Math.min(STRATA - 1, Math.max(0, Math.floor(t * STRATA)));
  }
}
