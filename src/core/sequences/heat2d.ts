import type { CsrMatrix } from '../sparse/csr';
import { diagonalIndex } from '../sparse/csr';
import { compileExpression, type CompiledExpression } from './expression';
import { laplacian2d } from './laplacian2d';
import type { Instance, InstanceStream, Sequence } from './sequence';
import type { Heat2dSpec } from './spec';

/** Solves A x = b accurately when the caller did not report a step's solution. */
export type StepSolver = (A: CsrMatrix, b: Float64Array, x0: Float64Array) => Float64Array;

/**
 * Crank-Nicolson for u_t = kappa(t) Lap u + f(t, x, y) on the unit square with zero boundary and
 * (nx - 1)^2 interior unknowns (spacing h = 1/nx). Step s (time t = s dt, half step th = t + dt/2):
 *   A = I - (kappa(th) dt / 2) L,   b = (I + (kappa(th) dt / 2) L) u + dt f(th, x, y),   x_0 = u,
 * where L is the 5-point Laplacian / h^2 and context = kappa(th). Unknown k sits at x = (floor(k / m) + 1) h,
 * y = (k mod m + 1) h, m = nx - 1 (the reference's ordering). The next step starts from the reported solution.
 */
export function heat2dSequence(spec: Heat2dSpec, fallbackSolver?: StepSolver): Sequence {
  const m = spec.nx - 1;
  const n = m * m;
  const h = 1 / spec.nx;
  const dt = spec.stopTime / spec.steps;
  const kappa = compileExpression(spec.coefficient, ['t']);
  const forcing = compileExpression(spec.forcing, ['t', 'x', 'y']);
  const initial = compileExpression(spec.initial, ['x', 'y']);
  const lap = laplacian2d(m);
  const lapDiag = diagonalIndex(lap);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    xs[k] = (Math.floor(k / m) + 1) * h;
    ys[k] = ((k % m) + 1) * h;
  }
  let lo = Infinity;
  let hi = -Infinity;
  const arg = new Float64Array(3);
  for (let s = 0; s < spec.instances; s++) {
    arg[0] = (s + 0.5) * dt;
    const k = kappa.evaluate(arg);
    lo = Math.min(lo, k);
    hi = Math.max(hi, k);
  }
  return {
    info: {
      kind: 'heat2d',
      instances: spec.instances,
      n,
      solver: spec.solver,
      tolerance: spec.tolerance,
      maxIterations: spec.maxIterations,
      omegaGrid: spec.omegaGrid,
      contextRange: [lo, hi],
    },
    open(): InstanceStream {
      return new Heat2dStream(spec, { n, xs, ys, dt, lap, lapDiag, kappa, forcing, initial }, fallbackSolver);
    },
  };
}

interface Heat2dSetup {
  n: number;
  xs: Float64Array;
  ys: Float64Array;
  dt: number;
  lap: CsrMatrix;
  lapDiag: Int32Array;
  kappa: CompiledExpression;
  forcing: CompiledExpression;
  initial: CompiledExpression;
}

class Heat2dStream implements InstanceStream {
  private readonly A: CsrMatrix;
  private readonly u: Float64Array;
  private readonly x0: Float64Array;
  private readonly b: Float64Array;
  private readonly f: Float64Array;
  private readonly arg = new Float64Array(3);
  private step = 0;
  private pending = false;

  constructor(
    private readonly spec: Heat2dSpec,
    private readonly s: Heat2dSetup,
    private readonly fallbackSolver?: StepSolver,
  ) {
    const { n, lap } = s;
    // One sparsity pattern for every step; only the values are rewritten.
    // I - sc * lap with lap the symmetric 5-point operator: mirrored entries get the same value every step.
    this.A = {
      rows: n,
      cols: n,
      rowPtr: lap.rowPtr,
      colIdx: lap.colIdx,
      values: new Float64Array(lap.values.length),
      symmetric: true,
    };
    this.u = new Float64Array(n);
    this.x0 = new Float64Array(n);
    this.b = new Float64Array(n);
    this.f = new Float64Array(n);
    const xy = new Float64Array(2);
    for (let k = 0; k < n; k++) {
      xy[0] = s.xs[k];
      xy[1] = s.ys[k];
      this.u[k] = s.initial.evaluate(xy);
    }
  }

  async next(): Promise<Instance | undefined> {
    if (this.pending) this.solvePending();
    if (this.step >= this.spec.instances) return undefined;
    const { n, lap, lapDiag, dt, xs, ys } = this.s;
    const th = (this.step + 0.5) * dt;
    const arg = this.arg;
    arg[0] = th;
    const kappa = this.s.kappa.evaluate(arg);
    if (!Number.isFinite(kappa))
      throw new RangeError(
        `${this.spec.file}: $.coefficient: "${this.spec.coefficient}" evaluates to ${kappa} at t=${th}`,
      );
    // (kappa dt / 2) L = sc * lap with lap the unscaled 5-point operator (4 on the diagonal).
    const sc = (-kappa * dt) / 2 / (1 / this.spec.nx) ** 2;
    const av = this.A.values;
    const lv = lap.values;
    for (let k = 0; k < lv.length; k++) av[k] = -sc * lv[k];
    for (let i = 0; i < n; i++) av[lapDiag[i]] += 1;
    const f = this.f;
    for (let k = 0; k < n; k++) {
      arg[1] = xs[k];
      arg[2] = ys[k];
      f[k] = this.s.forcing.evaluate(arg);
    }
    const u = this.u;
    const b = this.b;
    const { rowPtr, colIdx } = lap;
    for (let i = 0; i < n; i++) {
      let lu = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) lu += lv[k] * u[colIdx[k]];
      const fi = f[i];
      if (!Number.isFinite(fi)) {
        throw new RangeError(
          `${this.spec.file}: $.forcing: "${this.spec.forcing}" evaluates to ${fi} at t=${th}, x=${xs[i]}, y=${ys[i]}`,
        );
      }
      b[i] = u[i] + sc * lu + dt * fi;
    }
    this.x0.set(u);
    this.pending = true;
    return { t: this.step, A: this.A, b, x0: this.x0, context: kappa };
  }

  accept(x: Float64Array): void {
    if (!this.pending) return;
    this.u.set(x);
    this.pending = false;
    this.step++;
  }

  private solvePending(): void {
    if (!this.fallbackSolver) {
      throw new Error('heat2d: the solution of each step must be reported with accept() before the next step');
    }
    this.accept(this.fallbackSolver(this.A, this.b, this.x0));
  }
}
