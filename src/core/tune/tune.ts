import type { CsrMatrix } from '../sparse/csr';
import { prepareSor, type PreparedMatrix } from '../solvers/prepared';
import type { SolveOptions, SolveResult, StopReason } from '../solvers/result';
import { sor } from '../solvers/sor';
import { ssorPcg } from '../solvers/ssorPcg';
import { estimateJacobiRadius } from '../spectral/jacobiRadius';
import { describeYoungOmega } from '../spectral/youngOmega';
import { goldenSectionOmega } from './goldenSection';

export type TuneMethod = 'sor' | 'ssor-cg';

/** One solve at one omega. `iterations` is the cap when not converged. */
export interface TunePoint {
  omega: number;
  iterations: number;
  converged: boolean;
  reason: StopReason;
}

export interface TuneProgress {
  phase: 'grid' | 'refine' | 'baseline';
  evaluations: number;
  point: TunePoint;
  best: TunePoint;
}

export interface TuneOptions {
  method?: TuneMethod;
  /** Omega interval searched, inside (0, 2). Default [1, 1.99]. */
  range?: [number, number];
  /** Coarse grid size (evenly spaced, ends included). Default 12. */
  gridPoints?: number;
  /** Golden-section bracket width at which refinement stops. Default 1e-3. */
  tolerance?: number;
  /** Cap on refinement solves. Default 20. */
  maxRefinements?: number;
  /** Per-solve options (tol, maxIterations, x0). */
  solve?: Pick<SolveOptions, 'tol' | 'maxIterations' | 'x0'>;
  /** Skip the Young baseline (and its spectral estimate). */
  skipYoung?: boolean;
  onProgress?: (p: TuneProgress) => void;
  isCancelled?: () => boolean;
}

export interface YoungBaseline extends TunePoint {
  rho: number;
  /** Work of the spectral estimate in sweeps (one pass over the stored entries). */
  estimateSweeps: number;
  note: string;
}

export interface TuneResult {
  method: TuneMethod;
  /** Best omega found in the range (fewest iterations among converged solves; ties to the smaller omega). */
  omega: number;
  iterations: number;
  converged: boolean;
  /** Every solve inside the range (grid, refinement, and baselines that fall inside), sorted by omega. */
  curve: TunePoint[];
  baselines: { omega1: TunePoint; young?: YoungBaseline };
  /** Number of distinct solves run, baselines included (also those outside the range). */
  evaluations: number;
  /** Total sweeps (SOR) or PCG iterations spent on all solves. */
  totalIterations: number;
  seconds: number;
  cancelled: boolean;
}

/**
 * Minimises the SOR or SSOR-PCG iteration count over omega for one system A x = b: a coarse grid,
 * then golden-section refinement around the best grid point. Unconverged solves score the cap + 1 so
 * any converged omega beats them.
 */
export function tuneOmega(a: CsrMatrix, b: Float64Array, options: TuneOptions = {}): TuneResult {
  const start = performance.now();
  const method = options.method ?? 'sor';
  const [lo, hi] = options.range ?? [1, 1.99];
  if (!(lo > 0 && hi < 2 && lo <= hi)) throw new RangeError(`omega range [${lo}, ${hi}] must lie inside (0, 2) with low <= high`);
  const prepared = prepareSor(a);
  const cap = options.solve?.maxIterations ?? 10000;
  const evaluator = new Evaluator(prepared, b, method, options, cap, lo, hi);

  const grid = Math.max(2, options.gridPoints ?? 12);
  for (let i = 0; i < grid && !evaluator.cancelled; i++) {
    evaluator.run(lo === hi ? lo : lo + ((hi - lo) * i) / (grid - 1), 'grid');
  }
  if (!evaluator.cancelled && lo < hi) {
    const best = evaluator.best();
    const step = (hi - lo) / (grid - 1);
    goldenSectionOmega((w) => evaluator.score(evaluator.run(w, 'refine')), Math.max(lo, best.omega - step), Math.min(hi, best.omega + step), {
      tolerance: options.tolerance ?? 1e-3,
      maxEvaluations: options.maxRefinements ?? 20,
      isCancelled: () => evaluator.cancelled,
    });
  }
  const best = evaluator.best();
  const omega1 = evaluator.cancelled ? evaluator.peek(1) : evaluator.run(1, 'baseline');
  let young: YoungBaseline | undefined;
  if (!options.skipYoung && !evaluator.cancelled) {
    const est = estimateJacobiRadius(a);
    const info = describeYoungOmega(est.rho);
    const point = evaluator.run(info.omega, 'baseline');
    const note = est.converged ? info.note : `${info.note}; spectral estimate not converged in ${est.iterations} steps`;
    young = { ...point, rho: est.rho, estimateSweeps: est.sweeps, note };
  }
  return {
    method,
    omega: best.omega,
    iterations: best.iterations,
    converged: best.converged,
    curve: evaluator.curve(),
    baselines: { omega1: omega1 ?? { omega: 1, iterations: cap, converged: false, reason: 'cancelled' }, young },
    evaluations: evaluator.count(),
    totalIterations: evaluator.totalIterations,
    seconds: (performance.now() - start) / 1000,
    cancelled: evaluator.cancelled,
  };
}

/** Runs and caches solves; tracks the best point among search phases (baselines excluded). */
class Evaluator {
  cancelled = false;
  totalIterations = 0;
  private readonly points = new Map<number, TunePoint>();
  private readonly searched = new Set<number>();

  constructor(
    private readonly prepared: PreparedMatrix,
    private readonly b: Float64Array,
    private readonly method: TuneMethod,
    private readonly options: TuneOptions,
    private readonly cap: number,
    private readonly lo: number,
    private readonly hi: number,
  ) {}

  /** Baselines inside the searched range are candidates too; those outside are reported only as baselines. */
  private inRange(omega: number): boolean {
    return omega >= this.lo && omega <= this.hi;
  }

  run(omega: number, phase: TuneProgress['phase']): TunePoint {
    const known = this.points.get(omega);
    if (known !== undefined) return known;
    const solveOptions: SolveOptions = { ...this.options.solve, isCancelled: this.options.isCancelled };
    const r: SolveResult =
      this.method === 'sor' ? sor(this.prepared, this.b, omega, solveOptions) : ssorPcg(this.prepared, this.b, omega, solveOptions);
    const point: TunePoint = { omega, iterations: r.converged ? r.iterations : this.cap, converged: r.converged, reason: r.reason };
    this.totalIterations += r.iterations;
    if (r.reason === 'cancelled' || this.options.isCancelled?.()) {
      this.cancelled = true;
      return point;
    }
    this.points.set(omega, point);
    if (phase !== 'baseline' || this.inRange(omega)) this.searched.add(omega);
    this.options.onProgress?.({ phase, evaluations: this.points.size, point, best: this.best() });
    return point;
  }

  peek(omega: number): TunePoint | undefined {
    return this.points.get(omega);
  }

  score(p: TunePoint): number {
    return p.converged ? p.iterations : this.cap + 1;
  }

  best(): TunePoint {
    let best: TunePoint | undefined;
    for (const w of this.searched) {
      const p = this.points.get(w) as TunePoint;
      if (best === undefined || this.score(p) < this.score(best) || (this.score(p) === this.score(best) && p.omega < best.omega)) best = p;
    }
    return best ?? { omega: 1, iterations: this.cap, converged: false, reason: 'cancelled' };
  }

  curve(): TunePoint[] {
    return [...this.searched].map((w) => this.points.get(w) as TunePoint).sort((x, y) => x.omega - y.omega);
  }

  count(): number {
    return this.points.size;
  }
}
