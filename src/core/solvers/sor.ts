import type { CsrMatrix } from '../sparse/csr';
import { residual } from '../sparse/residual';
import { finishSolve as finish, IterationMonitor } from './monitor';
import { asPrepared, checkOmega, checkVectors, type PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';
import { wasmWorkspace, type Workspace } from '../kernels/arena';

/**
 * Solves A x = b by SOR: x_{k+1} = x_k + (D/omega + L)^{-1} r_k, r_k = b - A x_k, x_0 = options.x0 or 0.
 * Iterations = the first k with ||r_k||_2 / ||r_0||_2 < tol; `relativeResidual` is that ratio.
 * Throws SolverInputError for omega outside (0, 2), a zero or missing diagonal, or a size mismatch.
 */
export function sor(
  a: CsrMatrix | PreparedMatrix,
  b: Float64Array,
  omega: number,
  options: SolveOptions = {},
): SolveResult {
  const start = performance.now();
  checkOmega(omega);
  const p = asPrepared(a);
  const m = p.matrix;
  checkVectors(m, b, options.x0);
  const n = m.rows;
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const monitor = new IterationMonitor(options, start);

  const r0 = options.x0 ? residual(m, x, b, p.work1) : normOf(b);
  if (r0 === 0) return finish(monitor, x, 0, 'converged', 0);
  const first = monitor.observe(0, 1, 1 < monitor.tol);
  if (first !== undefined) return finish(monitor, x, 0, first, 1);
  const ws = wasmWorkspace(p, 4);
  if (ws) {
    const [wb, wx, wd] = [ws.view(0), ws.view(1), ws.view(3)];
    wb.set(b);
    wx.set(x);
    wd.fill(0);
    const coef = 1 / omega - 1;
    const sweep = (): number => sweepTrackedWasm(ws, omega, coef);
    return iterate(monitor, sweep, r0, wx, wd, x);
  }
  const up = p.work1;
  const d = p.work2;
  d.fill(0);
  const coef = 1 / omega - 1;
  const sweep = (): number =>
    sorSweepTracked(m.rowPtr, m.colIdx, m.values, p.diagIdx, p.invDiag, b, x, up, d, omega, coef);
  return iterate(monitor, sweep, r0, x, d, x);
}

/**
 * The SOR iteration over one tracked sweep per step: `x` and `d` are the sweep's iterate and step (in
 * WebAssembly memory or the TypeScript arrays); the result's solution is copied into `out`.
 */
function iterate(
  monitor: IterationMonitor,
  sweep: () => number,
  r0: number,
  x: Float64Array,
  d: Float64Array,
  out: Float64Array,
): SolveResult {
  const n = x.length;
  for (let k = 0; ; k++) {
    // Sweep k turns x_k into x_{k+1} and, from the stored upper sums and step, yields ||r_k|| on the way.
    const rr = sweep();
    if (k > 0) {
      const rel = Math.sqrt(rr) / r0;
      const reason = monitor.observe(k, rel, rel < monitor.tol);
      if (reason !== undefined) {
        // The sweep already produced x_{k+1}; step back so x matches the reported iteration and residual.
        for (let i = 0; i < n; i++) x[i] -= d[i];
        if (out !== x) out.set(x);
        return finish(monitor, out, k, reason, rel);
      }
    }
  }
}

/** The tracked sweep in WebAssembly on work vectors b = 0, x = 1, up = 2, d = 3. */
function sweepTrackedWasm(ws: Workspace, omega: number, coef: number): number {
  const { rowPtr, colIdx, values, diagIdx, invDiag } = ws;
  return ws.exports.sweepTracked(
    ws.n,
    rowPtr,
    colIdx,
    values,
    diagIdx,
    invDiag,
    ws.ptr(0),
    ws.ptr(1),
    ws.ptr(2),
    ws.ptr(3),
    omega,
    coef,
  );
}

function normOf(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * One SOR sweep in place that also returns ||r_k||^2 for the incoming iterate x_k.
 * Uses r_k = ((1/omega - 1) D - U) d_{k-1}, where d_{k-1} = x_k - x_{k-1} (kept in `d`) and
 * U d_{k-1} is the change of each row's upper sum (kept in `up`): no second pass over A.
 * On return `up` and `d` hold this sweep's upper sums and step. The value is meaningless on the first sweep.
 */
function sorSweepTracked(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  invDiag: Float64Array,
  b: Float64Array,
  x: Float64Array,
  up: Float64Array,
  d: Float64Array,
  omega: number,
  coef: number,
): number {
  const n = x.length;
  let rr = 0;
  for (let i = 0; i < n; i++) {
    const dk = diagIdx[i];
    let lower = 0;
    for (let k = rowPtr[i]; k < dk; k++) lower += values[k] * x[colIdx[k]];
    let upper = 0;
    const end = rowPtr[i + 1];
    for (let k = dk + 1; k < end; k++) upper += values[k] * x[colIdx[k]];
    const ri = coef * values[dk] * d[i] - (upper - up[i]);
    rr += ri * ri;
    const xi = x[i];
    const step = omega * ((b[i] - lower - upper) * invDiag[i] - xi);
    x[i] = xi + step;
    d[i] = step;
    up[i] = upper;
  }
  return rr;
}

/**
 * `sweeps` plain SOR sweeps in place on x (no residual): the kernel the benchmark compares with C.
 */
export function sorSweeps(p: PreparedMatrix, b: Float64Array, x: Float64Array, omega: number, sweeps: number): void {
  checkOmega(omega);
  const ws = wasmWorkspace(p, 2);
  if (ws) {
    const wx = ws.view(0);
    wx.set(x);
    ws.view(1).set(b);
    const e = ws.exports;
    for (let s = 0; s < sweeps; s++)
      e.sweepPlain(ws.n, ws.rowPtr, ws.colIdx, ws.values, ws.diagIdx, ws.invDiag, ws.ptr(1), ws.ptr(0), omega);
    x.set(wx);
    return;
  }
  const { rowPtr, colIdx, values } = p.matrix;
  for (let s = 0; s < sweeps; s++) sorSweepPlain(rowPtr, colIdx, values, p.diagIdx, p.invDiag, b, x, omega);
}

function sorSweepPlain(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  invDiag: Float64Array,
  b: Float64Array,
  x: Float64Array,
  omega: number,
): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const dk = diagIdx[i];
    let s = b[i];
    for (let k = rowPtr[i]; k < dk; k++) s -= values[k] * x[colIdx[k]];
    const end = rowPtr[i + 1];
    for (let k = dk + 1; k < end; k++) s -= values[k] * x[colIdx[k]];
    const xi = x[i];
    x[i] = xi + omega * (s * invDiag[i] - xi);
  }
}
