import { roundOmega, type TunePoint } from './point';

/** One solve the search asks for: an omega and the iteration cap to race it with. */
export interface SearchCandidate {
  omega: number;
  cap: number;
  /**
   * May stop before `cap` once its measured rate projects a count beyond 1.25 x cap (an `estimated` point):
   * set only while nothing has converged, where a neighbour of a failed prior is run just to confirm the failure.
   */
  projectStop?: boolean;
}

export type SearchState = 'running' | 'done' | 'gave-up' | 'exhausted';

export interface OmegaSearchOptions {
  lo: number;
  hi: number;
  /** The prior: the first omega solved. */
  start: number;
  /** The user's iteration cap (candidates are never run longer). */
  maxIterations: number;
  /** Candidates proposed per round; they all share the cap set at the start of the round. Default 1. */
  batchSize?: number;
  /** Stop after this many solves (the best so far is the answer, state `exhausted`). Default 40. */
  maxEvaluations?: number;
  /**
   * Absolute omega tolerance: stop when the best point's evaluated neighbours are this close. When unset
   * the tolerance follows SOR's count shape (see `sideAllowance`) with `countTolerance`.
   */
  omegaTolerance?: number;
  /** Relative count tolerance of the shape rule. Default 0.005. */
  countTolerance?: number;
  /** Racing margin as a fraction of the best count (at least one iteration). Default 0.01. */
  marginFraction?: number;
  /** Race candidates against the best count (default true); false runs every candidate to the user's cap. */
  race?: boolean;
  /** Distance of the first probe on each side of the prior (default: the tolerance rule's own). */
  firstStep?: number;
  /**
   * Let the prior's neighbours stop early by rate projection once the prior failed at the full cap
   * (default false: SOR's rate is steady, so a projection is reliable; CG's accelerates).
   */
  projectStop?: boolean;
}

/** Largest relative excess of a neighbour's count that the shape rule uses to close a bracket. */
const MAX_TRUSTED_EXCESS = 0.1;

/** A gain bound below this many iterations cannot hide a better integer count. */
const INTEGER_GAIN = 0.99;

/** 1 - 1/phi: where golden section puts its probe inside a gap. */
const GOLDEN = 0.3819660112501051;

/**
 * Racing bracketing search for the omega with the fewest iterations. Deterministic: each round proposes a
 * batch from the points accepted so far, all raced against the best converged count at the round's start
 * (plus a margin), so running a round's candidates one after another or concurrently gives the same
 * result. Starting from the prior it expands (doubling) while the count improves, then shrinks the bracket
 * golden-section style on the capped objective (an abandoned point only says "worse than its cap", which
 * is all a comparison with the best needs). If the prior and its first neighbours all fail to converge
 * within the cap it gives up.
 */
export class OmegaSearch {
  state: SearchState = 'running';
  private readonly points = new Map<number, TunePoint>();
  private readonly order: TunePoint[] = [];
  private bestPoint: TunePoint | undefined;
  /** Omegas that were the best at some point: a side behind one of them was reached by moving, so the side ahead expands by doubling. */
  private readonly formerBest = new Set<number>();
  private readonly batchSize: number;
  private readonly maxEvaluations: number;
  private readonly countTolerance: number;
  private readonly marginFraction: number;
  private readonly giveUpSet: number[];

  constructor(private readonly o: OmegaSearchOptions) {
    this.batchSize = Math.max(1, Math.floor(o.batchSize ?? 1));
    this.maxEvaluations = o.maxEvaluations ?? 40;
    this.countTolerance = o.countTolerance ?? 0.005;
    this.marginFraction = o.marginFraction ?? 0.01;
    const wide = (o.hi - o.lo) / 4;
    const start = roundOmega(o.start);
    this.giveUpSet = unique([
      start,
      roundOmega(Math.min(o.hi, start + wide)),
      roundOmega(Math.max(o.lo, start - wide)),
    ]);
  }

  /** The best converged point so far (fewest iterations, first found on ties). */
  get best(): TunePoint | undefined {
    return this.bestPoint;
  }

  /** Every point accepted, in evaluation order. */
  get evaluated(): readonly TunePoint[] {
    return this.order;
  }

  /** Omegas of the prior and its first neighbours, the points whose failure makes the search give up. */
  get priorSet(): readonly number[] {
    return this.giveUpSet;
  }

  /** The next round's candidates; empty when the search has ended (see `state`). */
  propose(): SearchCandidate[] {
    if (this.state !== 'running') return [];
    if (this.order.length >= this.maxEvaluations) {
      this.state = 'exhausted';
      return [];
    }
    const room = Math.min(this.batchSize, this.maxEvaluations - this.order.length);
    const best = this.bestPoint;
    if (best === undefined) {
      // Nothing converged yet: the prior first, alone, then its wide neighbours at the full cap.
      const first = this.giveUpSet[0];
      const omegas = this.points.has(first) ? this.giveUpSet.slice(1).filter((w) => !this.points.has(w)) : [first];
      if (omegas.length === 0) {
        // Diverging at every ω tried says "smaller": the range's low end (ω = 1 for SSOR-CG's default
        // range) gets one full-cap try. A divergence stops early, so this costs little; capped failures do not trigger it.
        const lo = roundOmega(this.o.lo);
        if (!this.points.has(lo) && this.order.every((p) => p.reason === 'diverged'))
          return [{ omega: lo, cap: this.o.maxIterations }];
        this.state = 'gave-up';
        return [];
      }
      const prior = this.points.get(first);
      const projectStop = this.o.projectStop === true && prior?.reason === 'max-iterations';
      return omegas
        .slice(0, room)
        .map((omega) => ({ omega, cap: this.o.maxIterations, ...(projectStop ? { projectStop } : {}) }));
    }
    const racingCap = Math.min(
      this.o.maxIterations,
      best.iterations + Math.max(1, Math.ceil(this.marginFraction * best.iterations)),
    );
    const omegas = this.bracketProbes(best, racingCap).slice(0, room);
    const cap = this.o.race === false ? this.o.maxIterations : racingCap;
    if (omegas.length === 0) {
      this.state = 'done';
      return [];
    }
    return omegas.map((omega) => ({ omega, cap }));
  }

  /** Records a round's results, in the order proposed. */
  accept(results: readonly TunePoint[]): void {
    for (const p of results) {
      const omega = roundOmega(p.omega);
      if (this.points.has(omega)) continue;
      const point = { ...p, omega };
      this.points.set(omega, point);
      this.order.push(point);
      if (point.converged && (this.bestPoint === undefined || point.iterations < this.bestPoint.iterations)) {
        this.bestPoint = point;
        this.formerBest.add(omega);
      }
    }
  }

  /**
   * Probes around the best point, most useful first: open sides (right first), then the widest gap. Points
   * that tie with the best (integer counts make plateaus) do not close a bracket: on each side the bracket
   * runs to the first strictly worse point, and every gap up to it is probed until it is within tolerance.
   */
  private bracketProbes(best: TunePoint, cap: number): number[] {
    const x = best.omega;
    const sides: { omega: number; urgency: number }[] = [];
    for (const dir of [+1, -1] as const) {
      const bound = dir > 0 ? this.o.hi : this.o.lo;
      if (x === bound) continue;
      const chain = this.tieChain(best, dir);
      const outer = chain[chain.length - 1];
      const first = chain.length > 1 ? chain[1] : undefined;
      const allowedFirst = this.allowance(best, first, dir, cap);
      if (chain.length === 1 || (outer.converged && outer.iterations === best.iterations)) {
        // Nothing evaluated beyond the last tie on this side: expand.
        const other = this.neighbour(x, dir > 0 ? -1 : 1);
        const moved = chain.length === 1 && other !== undefined && this.formerBest.has(other.omega);
        const reach = Math.abs(outer.omega - x);
        const step = Math.max(
          allowedFirst,
          moved ? 2 * Math.abs((other as TunePoint).omega - x) : chain.length > 1 ? reach : (this.o.firstStep ?? 0),
        );
        const omega = roundOmega(dir > 0 ? Math.min(bound, outer.omega + step) : Math.max(bound, outer.omega - step));
        if (omega !== outer.omega && !this.points.has(omega)) sides.push({ omega, urgency: Infinity });
        if (chain.length === 1) continue;
      }
      for (let i = 0; i + 1 < chain.length; i++) {
        const anchor = chain[i];
        const n = chain[i + 1];
        const gap = Math.abs(n.omega - anchor.omega);
        const allowed = this.allowance(best, n, dir, cap);
        if (gap <= allowed) continue;
        const omega = roundOmega(anchor.omega + dir * Math.max(allowed, GOLDEN * gap));
        if (omega !== anchor.omega && omega !== n.omega && !this.points.has(omega))
          sides.push({ omega, urgency: gap / allowed });
      }
    }
    // Stable sort keeps the right side first among equals.
    return sides.sort((p, q) => q.urgency - p.urgency).map((s) => s.omega);
  }

  /** The best point, then the evaluated points on one side in order outwards up to and including the first strictly worse one. */
  private tieChain(best: TunePoint, dir: -1 | 1): TunePoint[] {
    const chain = [best];
    for (let n = this.neighbour(best.omega, dir); n !== undefined; n = this.neighbour(n.omega, dir)) {
      chain.push(n);
      if (!(n.converged && n.iterations === best.iterations)) break;
    }
    return chain;
  }

  /** Nearest evaluated point strictly left (dir -1) or right (+1) of omega. */
  private neighbour(omega: number, dir: -1 | 1): TunePoint | undefined {
    let found: TunePoint | undefined;
    for (const p of this.order) {
      if (
        dir > 0
          ? p.omega > omega && (found === undefined || p.omega < found.omega)
          : p.omega < omega && (found === undefined || p.omega > found.omega)
      )
        found = p;
    }
    return found;
  }

  /**
   * How far the nearest evaluated point on one side may be before the bracket there is closed. With an
   * omega tolerance, that tolerance. Otherwise from SOR's shape: above the optimum the count grows nearly
   * linearly, like f(omega) ~ C / |ln(omega - 1)|, so its slope is s = f / g with g = (omega - 1)|ln(omega - 1)|;
   * below it the count is steeper. A better point left of x would put x on the linear branch, gaining at
   * most s * gap; a better point right of x lies before the neighbour n on the linear branch, gaining at
   * most s * gap - (f(n) - f(x)). Each gain is held to countTolerance * f(x), or below one iteration.
   */
  private allowance(best: TunePoint, n: TunePoint | undefined, dir: -1 | 1, cap: number): number {
    if (this.o.omegaTolerance !== undefined) return this.o.omegaTolerance;
    const f = best.iterations;
    const g = shapeScale(best.omega);
    // Counts are integers: a bound on the gain below one iteration already proves x optimal under the model.
    const tolerance = Math.max(this.countTolerance, INTEGER_GAIN / f);
    if (dir < 0) return tolerance * g;
    // Clipped to what a raced neighbour could show, so racing never changes which points are proposed.
    const above = Math.min(cap + 1 - f, n === undefined ? cap + 1 - f : excess(n, f, this.o.maxIterations));
    // Far neighbours may lie beyond where the linear model holds (stagnation, divergence): trust at most 10 %.
    return g * (tolerance + Math.min(MAX_TRUSTED_EXCESS, above / f));
  }
}

/** (omega - 1)|ln(omega - 1)|, the count's scale f / f' on SOR's linear branch, kept inside [0.02, 0.37]. */
export function shapeScale(omega: number): number {
  const t = omega - 1;
  if (!(t > 0 && t < 1)) return 0.37;
  return Math.min(0.37, Math.max(0.02, -t * Math.log(t)));
}

/** A lower bound on f(n) - f for a neighbour n: exact when converged, from its cap when abandoned or failed. */
function excess(n: TunePoint, f: number, maxIterations: number): number {
  if (n.converged) return Math.max(0, n.iterations - f);
  if (n.abandoned) return Math.max(0, n.iterations + 1 - f);
  return Math.max(0, maxIterations + 1 - f);
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}
