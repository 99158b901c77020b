import type { TunePoint } from '../tune/point';
import type { InstanceSolver, SolveOutcome } from './instanceSolver';
import { racedGridOptimum, refineInstanceOptimum, type RacedGrid } from './racedOptimum';
import type { LearningRecord, PolicyResult } from './types';

/** How the hindsight comparators evaluate each instance. */
export interface GridCurveMode {
  /**
   * Solve every grid omega to the cap (best-fixed needs every column, heat maps every row). Otherwise the
   * grid is raced: each solve capped at the best count so far, which gives grid-optimal exactly.
   */
  fullGrid: boolean;
  /** Refine beyond the grid for instance-optimal: bracket to `tolerance` in omega with at most `maxEvaluations` solves. */
  instanceOptimal?: { tolerance: number; maxEvaluations: number };
}

/**
 * The grid curve of every instance, computed once per run and shared by the hindsight comparators:
 * best-fixed (the grid column with the lowest total), grid-optimal (the best grid point of each
 * instance) and instance-optimal (core/tune's racing search beyond the grid per instance).
 */
export class GridCurve {
  private readonly p: number;
  private readonly iters: Int32Array;
  private readonly secs: Float64Array;
  private readonly conv: Uint8Array;
  private readonly contexts: Float64Array;
  private readonly gridBest: Int32Array;
  private readonly refined: {
    omega: Float64Array;
    iters: Int32Array;
    secs: Float64Array;
    conv: Uint8Array;
    evaluations: Int32Array;
  };
  private count = 0;
  private previousBest: number;

  constructor(
    readonly omegas: Float64Array,
    capacity: number,
    readonly mode: GridCurveMode,
  ) {
    this.p = omegas.length;
    const cells = mode.fullGrid ? capacity * this.p : capacity;
    this.iters = new Int32Array(cells);
    this.secs = new Float64Array(cells);
    this.conv = new Uint8Array(cells);
    this.contexts = new Float64Array(capacity).fill(NaN);
    this.gridBest = new Int32Array(capacity);
    this.previousBest = Math.floor(this.p / 2);
    const r = mode.instanceOptimal ? capacity : 0;
    this.refined = {
      omega: new Float64Array(r),
      iters: new Int32Array(r),
      secs: new Float64Array(r),
      conv: new Uint8Array(r),
      evaluations: new Int32Array(r),
    };
  }

  /** Whether every grid omega of every instance was solved to the cap (columns and rows are exact). */
  get full(): boolean {
    return this.mode.fullGrid;
  }

  /**
   * Solves the instance on the grid (fully or raced, see the mode) and refines when asked. Returns the best
   * solution found, or undefined when a solve was cancelled (the instance is then not recorded).
   */
  evaluate(solver: InstanceSolver): SolveOutcome | undefined {
    const t = this.count;
    const grid = this.mode.fullGrid
      ? this.fullGrid(solver, t)
      : racedGridOptimum(solver, this.omegas, this.previousBest);
    if (!grid) return undefined;
    this.gridBest[t] = grid.index;
    this.previousBest = grid.index;
    if (!this.mode.fullGrid) {
      this.iters[t] = grid.best.iterations;
      this.secs[t] = grid.best.seconds;
      this.conv[t] = grid.best.converged ? 1 : 0;
    }
    let best = grid.best;
    const io = this.mode.instanceOptimal;
    if (io) {
      const found = refineInstanceOptimum(solver, this.omegas, grid, io.tolerance, io.maxEvaluations);
      if (!found) return undefined;
      best = found.best;
      this.refined.omega[t] = best.omega;
      this.refined.iters[t] = best.iterations;
      this.refined.secs[t] = best.seconds;
      this.refined.conv[t] = best.converged ? 1 : 0;
      this.refined.evaluations[t] = found.evaluations;
    }
    this.contexts[t] = solver.instance.context ?? NaN;
    this.count++;
    return best;
  }

  /** Every grid omega to the cap; the best is the first grid omega with the fewest iterations. */
  private fullGrid(solver: InstanceSolver, t: number): RacedGrid | undefined {
    const base = t * this.p;
    const points: TunePoint[] = [];
    let index = -1;
    let best: SolveOutcome | undefined;
    for (let j = 0; j < this.p; j++) {
      const r = solver.at(this.omegas[j]);
      if (r.cancelled) return undefined;
      this.iters[base + j] = r.iterations;
      this.secs[base + j] = r.seconds;
      this.conv[base + j] = r.converged ? 1 : 0;
      points.push({
        omega: r.omega,
        iterations: r.iterations,
        converged: r.converged,
        reason: r.converged ? 'converged' : 'max-iterations',
        abandoned: false,
        estimated: false,
        work: r.iterations,
      });
      if (!best || r.iterations < best.iterations) {
        best = r;
        index = j;
      }
    }
    return best ? { index, best, points } : undefined;
  }

  /** Instances recorded so far. */
  get instances(): number {
    return this.count;
  }

  /** Index of the grid omega with the lowest total cost over the recorded instances (first on ties; full grid only). */
  bestFixedIndex(): number {
    this.requireFull('best-fixed');
    let bestJ = 0;
    let bestTotal = Infinity;
    for (let j = 0; j < this.p; j++) {
      let total = 0;
      for (let t = 0; t < this.count; t++) total += this.iters[t * this.p + j];
      if (total < bestTotal) {
        bestTotal = total;
        bestJ = j;
      }
    }
    return bestJ;
  }

  /** Records of always using grid omega j (full grid only). */
  column(j: number): LearningRecord[] {
    this.requireFull('a fixed grid column');
    const out: LearningRecord[] = [];
    for (let t = 0; t < this.count; t++) out.push(this.record(t, j));
    return out;
  }

  /** Records of the best grid omega of each instance (first on ties). */
  gridOptimal(): LearningRecord[] {
    const out: LearningRecord[] = [];
    for (let t = 0; t < this.count; t++) {
      if (this.mode.fullGrid) out.push(this.record(t, this.gridBest[t]));
      else
        out.push({
          t,
          ...this.context(t),
          omega: this.omegas[this.gridBest[t]],
          iterations: this.iters[t],
          converged: this.conv[t] === 1,
          seconds: this.secs[t],
          extraSweeps: 0,
        });
    }
    return out;
  }

  /** Records of the refined per-instance optimum (requires a refine budget). */
  instanceOptimal(): LearningRecord[] {
    const out: LearningRecord[] = [];
    for (let t = 0; t < this.count; t++) {
      out.push({
        t,
        ...this.context(t),
        omega: this.refined.omega[t],
        iterations: this.refined.iters[t],
        converged: this.refined.conv[t] === 1,
        seconds: this.refined.secs[t],
        extraSweeps: 0,
      });
    }
    return out;
  }

  /** Grid curve of instance t (iterations per grid omega), e.g. for heatmaps (full grid only). */
  curve(t: number): Int32Array {
    this.requireFull('a grid row');
    return this.iters.slice(t * this.p, (t + 1) * this.p);
  }

  private requireFull(what: string): void {
    if (!this.mode.fullGrid) throw new Error(`internal: ${what} needs the full grid, and this run raced it`);
  }

  private record(t: number, j: number): LearningRecord {
    const k = t * this.p + j;
    return {
      t,
      ...this.context(t),
      omega: this.omegas[j],
      iterations: this.iters[k],
      converged: this.conv[k] === 1,
      seconds: this.secs[k],
      extraSweeps: 0,
    };
  }

  private context(t: number): { context?: number } {
    const c = this.contexts[t];
    return Number.isNaN(c) ? {} : { context: c };
  }
}

/** Hindsight results derived from a grid curve, named as requested. */
export function hindsightResults(
  curve: GridCurve,
  names: string[],
  totalsOf: (name: string, records: LearningRecord[], omega?: number) => PolicyResult,
): PolicyResult[] {
  const out: PolicyResult[] = [];
  for (const name of names) {
    if (name === 'best-fixed') {
      const j = curve.bestFixedIndex();
      out.push(totalsOf(name, curve.column(j), curve.omegas[j]));
    } else if (name === 'grid-optimal') out.push(totalsOf(name, curve.gridOptimal()));
    else if (name === 'instance-optimal') out.push(totalsOf(name, curve.instanceOptimal()));
  }
  return out;
}
