import { OmegaSearch, type SearchCandidate } from './omegaSearch';
import { notRunPoint, roundOmega, type TuneMethod, type TunePoint } from './point';
import type { TunePrior } from './prior';

/** Budget of a baseline as a multiple of the best count found (then capped by the user's maximum). */
export const BASELINE_FACTOR = 20;

/** What the session needs done next; the driver runs it (serially, or candidates on a worker pool). */
export type TuneJob =
  | { kind: 'prior' }
  | { kind: 'candidates'; candidates: SearchCandidate[] }
  | { kind: 'baseline'; role: 'omega1' | 'young'; omega: number; budget: number };

export interface TuneSessionOptions {
  method: TuneMethod;
  range: [number, number];
  maxIterations: number;
  /** Candidates per round (they race against the same cap; results do not depend on how they are run). */
  batchSize?: number;
  /** Absolute omega tolerance; default: SOR's shape rule (SOR), 0.02 (SSOR-CG). */
  omegaTolerance?: number;
  /** Relative count tolerance of SOR's shape rule (default 0.005). */
  countTolerance?: number;
  maxEvaluations?: number;
  /** Race candidates against the best count (default true). */
  race?: boolean;
  /** Skip the Young baseline (and, for SOR, the spectral estimate: the search then starts coarse). */
  skipYoung?: boolean;
}

export interface YoungBaseline extends TunePoint {
  rho: number;
  /** Work of the spectral estimate in sweeps. */
  estimateSweeps: number;
  note: string;
}

export type TuneOutcome = 'found' | 'gave-up' | 'exhausted' | 'cancelled';

export interface TuneCost {
  /** Sweeps of the spectral estimate. */
  estimate: number;
  /** Iterations run by the search's candidates. */
  search: number;
  /** Iterations run by baselines not already solved by the search. */
  baselines: number;
  total: number;
}

export interface TuneSummary {
  method: TuneMethod;
  outcome: TuneOutcome;
  /** Best omega found (fewest iterations among converged solves). */
  omega: number;
  iterations: number;
  converged: boolean;
  /** Why nothing was found and what to try (outcome `gave-up` or nothing converged). */
  message?: string;
  /** Lowest relative residual any solve reached, when nothing converged. */
  bestResidual?: { omega: number; relativeResidual: number };
  /** Every solve inside the range (search and baselines), sorted by omega. Abandoned ones carry `abandoned`. */
  curve: TunePoint[];
  baselines: { omega1: TunePoint; young?: YoungBaseline };
  prior: TunePrior;
  /** Distinct solves run, baselines included. */
  evaluations: number;
  cost: TuneCost;
  cancelled: boolean;
  /** Set when a solve proved A not positive definite: the session stopped there (SSOR-CG). */
  stoppedBy?: 'not-positive-definite';
}

/**
 * One tuning as a sequence of jobs: the prior (spectral estimate), rounds of raced candidates, then the
 * baselines (omega = 1, and Young's omega* when the search did not solve it), each run for at most
 * min(cap, 20 x best count) iterations and estimated beyond that. Pure bookkeeping: the driver decides how
 * jobs run, and the result depends only on the job results.
 */
export class TuneSession {
  private prior: TunePrior | undefined;
  private search: OmegaSearch | undefined;
  private readonly baselinePoints = new Map<'omega1' | 'young', TunePoint>();
  private baselineWork = 0;
  private cancelled = false;
  /** A solve met non-positive curvature: A is not SPD, so every further SSOR-CG solve would too. */
  private notPositiveDefinite = false;

  constructor(private readonly o: TuneSessionOptions) {}

  /** The next job, or undefined when the session is complete. */
  next(): TuneJob | undefined {
    if (this.cancelled || this.notPositiveDefinite) return undefined;
    if (!this.prior) return { kind: 'prior' };
    const search = this.searchOf(this.prior);
    const candidates = search.propose();
    if (candidates.length > 0) return { kind: 'candidates', candidates };
    for (const role of ['omega1', 'young'] as const) {
      if (this.baselinePoints.has(role)) continue;
      const job = this.baselineJob(role, search);
      if (job) return job;
    }
    return undefined;
  }

  acceptPrior(prior: TunePrior): void {
    this.prior = prior;
  }

  acceptCandidates(points: TunePoint[]): void {
    if (points.some((p) => p.reason === 'cancelled')) {
      this.cancelled = true;
      return;
    }
    this.searchOf(this.requirePrior()).accept(points);
    if (points.some((p) => p.reason === 'not-positive-definite')) this.notPositiveDefinite = true;
  }

  acceptBaseline(role: 'omega1' | 'young', point: TunePoint): void {
    if (point.reason === 'cancelled') {
      this.cancelled = true;
      return;
    }
    this.baselineWork += point.work ?? 0;
    this.baselinePoints.set(role, point);
    if (point.reason === 'not-positive-definite') this.notPositiveDefinite = true;
  }

  /** Marks the session cancelled (the driver saw the cancel flag). */
  cancel(): void {
    this.cancelled = true;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** The best converged point so far, for progress messages. */
  get best(): TunePoint | undefined {
    return this.search?.best;
  }

  get evaluationsSoFar(): number {
    return (this.search?.evaluated.length ?? 0) + this.baselinePoints.size;
  }

  /** The result so far (complete once `next()` returned undefined). */
  summary(): TuneSummary {
    const prior = this.prior ?? {
      source: 'coarse',
      omega: this.o.range[0],
      estimateSweeps: 0,
      note: 'cancelled before the prior',
    };
    const search = this.search;
    const evaluated = search ? [...search.evaluated] : [];
    const [lo, hi] = this.o.range;
    // A baseline inside the range that beat the search (e.g. the optimum sits at the range's end) is the answer.
    let best = search?.best;
    for (const p of this.baselinePoints.values())
      if (p.converged && p.omega >= lo && p.omega <= hi && (!best || p.iterations < best.iterations)) best = p;
    const curve = new Map<number, TunePoint>();
    for (const p of evaluated) curve.set(p.omega, p);
    for (const p of this.baselinePoints.values())
      if (p.reason !== 'not-run' && p.omega >= lo && p.omega <= hi && !curve.get(p.omega)?.converged)
        curve.set(p.omega, p);
    const searchWork = evaluated.reduce((s, p) => s + (p.work ?? 0), 0);
    const omega1 =
      this.baselinePoints.get('omega1') ??
      this.solvedBaseline(1) ??
      notRunPoint(1, this.cancelled ? 'cancelled' : 'not-run');
    const youngPoint =
      this.baselinePoints.get('young') ??
      (prior.youngOmega !== undefined ? this.solvedBaseline(prior.youngOmega) : undefined);
    const young =
      youngPoint && prior.youngOmega !== undefined && prior.rho !== undefined
        ? { ...youngPoint, rho: prior.rho, estimateSweeps: prior.estimateSweeps, note: prior.note }
        : undefined;
    const outcome: TuneOutcome = this.cancelled
      ? 'cancelled'
      : search?.state === 'gave-up'
        ? 'gave-up'
        : search?.state === 'exhausted'
          ? 'exhausted'
          : best
            ? 'found'
            : 'gave-up';
    const summary: TuneSummary = {
      method: this.o.method,
      outcome,
      omega: best?.omega ?? prior.omega,
      iterations: best?.iterations ?? this.o.maxIterations,
      converged: best !== undefined,
      curve: [...curve.values()].sort((p, q) => p.omega - q.omega),
      baselines: { omega1, ...(young ? { young } : {}) },
      prior,
      evaluations: evaluated.length + [...this.baselinePoints.values()].filter((p) => (p.work ?? 0) > 0).length,
      cost: {
        estimate: prior.estimateSweeps,
        search: searchWork,
        baselines: this.baselineWork,
        total: prior.estimateSweeps + searchWork + this.baselineWork,
      },
      cancelled: this.cancelled,
      ...(this.notPositiveDefinite ? { stoppedBy: 'not-positive-definite' as const } : {}),
    };
    if (!best && evaluated.length > 0) {
      // A point without a finite residual never counts as the closest.
      const residual = (p: TunePoint): number => p.relativeResidual ?? Infinity;
      const closest = evaluated.reduce((p, q) => (residual(q) < residual(p) ? q : p));
      summary.bestResidual = { omega: closest.omega, relativeResidual: residual(closest) };
      if (!this.cancelled) summary.message = giveUpMessage(this.o, evaluated, closest);
    }
    return summary;
  }

  private requirePrior(): TunePrior {
    if (!this.prior) throw new Error('TuneSession: the prior is not known yet');
    return this.prior;
  }

  private searchOf(prior: TunePrior): OmegaSearch {
    if (this.search) return this.search;
    const [lo, hi] = this.o.range;
    const omegaTolerance = this.o.omegaTolerance ?? (this.o.method === 'sor' ? undefined : SSOR_OMEGA_TOLERANCE);
    this.search = new OmegaSearch({
      lo,
      hi,
      start: prior.omega,
      maxIterations: this.o.maxIterations,
      batchSize: this.o.batchSize ?? 1,
      ...(omegaTolerance !== undefined ? { omegaTolerance } : {}),
      ...(this.o.countTolerance !== undefined ? { countTolerance: this.o.countTolerance } : {}),
      ...(this.o.maxEvaluations !== undefined ? { maxEvaluations: this.o.maxEvaluations } : {}),
      ...(prior.source === 'coarse' ? { firstStep: (hi - lo) / 4 } : {}),
      ...(this.o.race === false ? { race: false } : {}),
      ...(this.o.method === 'sor' ? { projectStop: true } : {}),
    });
    return this.search;
  }

  /** A converged search point at exactly this omega, reused as a baseline. */
  private solvedBaseline(omega: number): TunePoint | undefined {
    const p = this.search?.evaluated.find((q) => q.omega === roundOmega(omega));
    return p && (p.converged || !p.abandoned) ? p : undefined;
  }

  private baselineJob(role: 'omega1' | 'young', search: OmegaSearch): TuneJob | undefined {
    const omega = role === 'omega1' ? 1 : this.prior?.youngOmega;
    if (omega === undefined || (this.o.skipYoung && role === 'young')) return undefined;
    if (this.solvedBaseline(omega)) return undefined;
    const best = search.best;
    if (!best) {
      this.baselinePoints.set(role, notRunPoint(omega));
      return undefined;
    }
    return { kind: 'baseline', role, omega, budget: Math.min(this.o.maxIterations, BASELINE_FACTOR * best.iterations) };
  }
}

/** SSOR-CG's count is flat near its optimum: an absolute omega tolerance is enough. */
const SSOR_OMEGA_TOLERANCE = 0.02;

function fmtOmega(w: number): string {
  return Number(w.toPrecision(6)).toString();
}

function giveUpMessage(o: TuneSessionOptions, tried: readonly TunePoint[], closest: TunePoint): string {
  const [lo, hi] = o.range;
  const alternatives = o.method === 'sor' ? 'SSOR-CG (for symmetric positive definite matrices), ' : '';
  const stopped = tried
    .filter((p) => (p.abandoned || p.estimated) && (p.work ?? 0) < o.maxIterations)
    .map(earlyStopText);
  return (
    `no ω in [${lo}, ${hi}] converges within ${o.maxIterations} iterations ` +
    `(tried ω = ${tried.map((p) => fmtOmega(p.omega)).join(', ')}; best relative residual ${(closest.relativeResidual ?? Infinity).toPrecision(3)} at ω = ${fmtOmega(closest.omega)}` +
    `${stopped.length > 0 ? `; stopped early: ${stopped.join(', ')}` : ''}). ` +
    `Try: a larger iteration cap, a looser tolerance, ${alternatives}or another ω range`
  );
}

/** Why a neighbour of a failed prior ran less than the cap: its residual stopped falling, or its rate projected past the cap. */
function earlyStopText(p: TunePoint): string {
  const ran = p.work ?? p.iterations;
  return p.estimated
    ? `ω = ${fmtOmega(p.omega)} after ${ran} iterations (its rate projects ≈ ${p.iterations})`
    : `ω = ${fmtOmega(p.omega)} after ${ran} iterations (its residual did not fall after iteration ${Math.floor(ran / 2)})`;
}
