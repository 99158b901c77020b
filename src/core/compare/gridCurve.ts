import { goldenRefine } from './goldenRefine';
import type { InstanceSolver, SolveOutcome } from './instanceSolver';
import type { InstanceRecord, PolicyResult } from './types';

/**
 * The cost of every grid omega on every instance, computed once per run and shared by the hindsight
 * comparators: best-fixed (the grid column with the lowest total), grid-optimal (the best grid point
 * of each instance) and instance-optimal (golden-section refinement beyond the grid per instance).
 */
export class GridCurve {
  private readonly p: number;
  private readonly iters: Int32Array;
  private readonly secs: Float64Array;
  private readonly conv: Uint8Array;
  private readonly contexts: Float64Array;
  private readonly refined: { omega: Float64Array; iters: Int32Array; secs: Float64Array; conv: Uint8Array; extraSeconds: Float64Array };
  private count = 0;

  constructor(
    readonly omegas: Float64Array,
    capacity: number,
    /** Golden-section evaluations per instance beyond the grid (0: no instance-optimal). */
    readonly refineBudget: number,
  ) {
    this.p = omegas.length;
    this.iters = new Int32Array(capacity * this.p);
    this.secs = new Float64Array(capacity * this.p);
    this.conv = new Uint8Array(capacity * this.p);
    this.contexts = new Float64Array(capacity).fill(NaN);
    this.refined = {
      omega: new Float64Array(capacity),
      iters: new Int32Array(capacity),
      secs: new Float64Array(capacity),
      conv: new Uint8Array(capacity),
      extraSeconds: new Float64Array(capacity),
    };
  }

  /**
   * Solves the instance at every grid omega (and refines when asked). Returns the best solution
   * found, or undefined when a solve was cancelled (the instance is then not recorded).
   */
  evaluate(solver: InstanceSolver): SolveOutcome | undefined {
    const t = this.count;
    const base = t * this.p;
    let best: SolveOutcome | undefined;
    const values = new Float64Array(this.p);
    for (let j = 0; j < this.p; j++) {
      const r = solver.at(this.omegas[j]);
      if (r.cancelled) return undefined;
      this.iters[base + j] = r.iterations;
      this.secs[base + j] = r.seconds;
      this.conv[base + j] = r.converged ? 1 : 0;
      values[j] = r.iterations;
      if (!best || r.iterations < best.iterations) best = r;
    }
    if (!best) return undefined;
    const gridBest = best;
    let extraSeconds = 0;
    let cancelled = false;
    if (this.refineBudget > 0) {
      const found = goldenRefine(this.omegas, values, this.refineBudget, (omega) => {
        if (cancelled) return Infinity;
        const r = solver.at(omega);
        if (r.cancelled) {
          cancelled = true;
          return Infinity;
        }
        extraSeconds += r.seconds;
        if (r.iterations < (best as SolveOutcome).iterations) best = r;
        return r.iterations;
      });
      if (cancelled) return undefined;
      const winner = found.evaluation >= 0 ? (best as SolveOutcome) : gridBest;
      this.refined.omega[t] = found.omega;
      this.refined.iters[t] = found.value;
      this.refined.secs[t] = winner.seconds;
      this.refined.conv[t] = winner.converged ? 1 : 0;
      this.refined.extraSeconds[t] = extraSeconds;
    }
    this.contexts[t] = solver.instance.context ?? NaN;
    this.count++;
    return best;
  }

  /** Instances recorded so far. */
  get instances(): number {
    return this.count;
  }

  /** Index of the grid omega with the lowest total cost over the recorded instances (first on ties). */
  bestFixedIndex(): number {
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

  /** Records of always using grid omega j. */
  column(j: number): InstanceRecord[] {
    const out: InstanceRecord[] = [];
    for (let t = 0; t < this.count; t++) out.push(this.record(t, j));
    return out;
  }

  /** Records of the best grid omega of each instance (first on ties). */
  gridOptimal(): InstanceRecord[] {
    const out: InstanceRecord[] = [];
    for (let t = 0; t < this.count; t++) {
      const base = t * this.p;
      let bj = 0;
      for (let j = 1; j < this.p; j++) if (this.iters[base + j] < this.iters[base + bj]) bj = j;
      out.push(this.record(t, bj));
    }
    return out;
  }

  /** Records of the refined per-instance optimum (requires a refine budget). */
  instanceOptimal(): InstanceRecord[] {
    const out: InstanceRecord[] = [];
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

  /** Grid curve of instance t (iterations per grid omega), e.g. for heatmaps. */
  curve(t: number): Int32Array {
    return this.iters.slice(t * this.p, (t + 1) * this.p);
  }

  private record(t: number, j: number): InstanceRecord {
    const k = t * this.p + j;
    return { t, ...this.context(t), omega: this.omegas[j], iterations: this.iters[k], converged: this.conv[k] === 1, seconds: this.secs[k], extraSweeps: 0 };
  }

  private context(t: number): { context?: number } {
    const c = this.contexts[t];
    return Number.isNaN(c) ? {} : { context: c };
  }
}

/** Hindsight results derived from a grid curve, named as requested. */
export function hindsightResults(curve: GridCurve, names: string[], totalsOf: (name: string, records: InstanceRecord[], omega?: number) => PolicyResult): PolicyResult[] {
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
