import { residual } from '../sparse/residual';
import { dot } from '../sparse/vector';
import { finishSolve as finish, IterationMonitor } from './monitor';
import { notPositiveMatrix, notPositivePreconditioner, pqNaN } from './pcgStops';
import type { PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';
import { wasmWorkspace, type Workspace } from '../kernels/arena';
import { copyNorm, residualScale, startInWasm } from './krylovStart';

/**
 * SSOR-preconditioned CG in one pass over A per iteration (Eisenstat's trick), for symmetric A only.
 *
 * With P = D/omega + L and K = (2/omega - 1) D, SSOR's M = P K^{-1} P^T, so z = M^{-1} r = P^{-T} K P^{-1} r
 * and the direction p = z + beta p equals P^{-T} p_hat with p_hat = K P^{-1} r + beta p_hat. One backward
 * solve through the upper triangle gives p and, from the same entries, A p: row i gathers (U p)_i for its
 * solve and scatters its entries times p_i into the rows below, which is their (L p) since L = U^T; then
 * p^T A p = p . (A p), a vector dot (not 2 p^T U p + p^T D p: on ill-conditioned matrices that sum cancels
 * across rows instead of within each row, and the lost digits cost CG a third more iterations). One forward pass through the lower triangle then updates x
 * and r and solves P r_hat = r for the new residual. Every quantity is the plain SSOR-CG's (same
 * recurrences, fresh M^{-1} r each step), so the counts agree up to rounding.
 */
export function ssorPcgEisenstat(
  p: PreparedMatrix,
  b: Float64Array,
  omega: number,
  options: SolveOptions,
): SolveResult {
  const start = performance.now();
  const a = p.matrix;
  const n = a.rows;
  const monitor = new IterationMonitor(options, start);
  const ws = wasmWorkspace(p, 8);
  if (ws) return eisenstatWasm(ws, p.invDiag, monitor, b, options.x0, omega);
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const r = new Float64Array(n);
  const rNorm = options.x0 ? residual(a, x, b, r) : copyNorm(b, r);
  const scale = residualScale(b, rNorm);
  let rel = rNorm / scale;
  let reason = monitor.observe(0, rel, rel <= monitor.tol);
  if (reason !== undefined) return finish(monitor, x, 0, reason, rel);

  const { rowPtr, colIdx, values } = a;
  const { diagIdx } = p;
  const c2 = 2 / omega - 1;
  const sc = scaledInverseDiagonal(p.invDiag, omega, new Float64Array(n));
  const rh = new Float64Array(n);
  const ph = new Float64Array(n);
  const t = new Float64Array(n);
  const q = new Float64Array(n);
  const sums = new Float64Array(2);
  // With t = 0 the forward pass only solves P rh = r: the start of the recurrences.
  forwardPass(rowPtr, colIdx, values, diagIdx, sc, c2, 0, t, q, x, r, rh, sums);
  let rz = sums[1];
  if (!(rz > 0)) return notPositivePreconditioner(monitor, x, 0, rel, rz);
  let beta = 0;
  for (let k = 1; ; k++) {
    backwardPass(rowPtr, colIdx, values, diagIdx, sc, c2, beta, rh, ph, t, q);
    const pq = dot(t, q);
    if (!(pq > 0)) {
      if (Number.isNaN(pq)) return pqNaN(monitor, x, k, rel);
      return notPositiveMatrix(monitor, x, k, rel, pq);
    }
    const alpha = rz / pq;
    forwardPass(rowPtr, colIdx, values, diagIdx, sc, c2, alpha, t, q, x, r, rh, sums);
    rel = Math.sqrt(sums[0]) / scale;
    reason = monitor.observe(k, rel, rel <= monitor.tol);
    if (reason !== undefined) return finish(monitor, x, k, reason, rel);
    const rzNew = sums[1];
    if (!(rzNew > 0)) return notPositivePreconditioner(monitor, x, k, rel, rzNew);
    beta = rzNew / rz;
    rz = rzNew;
  }
}

/** omega / d_i into `out`: the factor of every triangular solve's row, one multiplication off its dependency chain. */
function scaledInverseDiagonal(invDiag: Float64Array, omega: number, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = omega * invDiag[i];
  return out;
}

/*
 * Both passes are triangular solves: row i waits for the row solved just before it, so their speed is the
 * latency of that chain, not memory. Each row therefore sums its other entries first and applies the
 * nearest one (the value solved last) after the scaling, as (sum part) * s - (v s) * t_near: three
 * operations between one row's result and the next, where (phi - u) * omega / d took six.
 */

/**
 * Rows from the bottom: ph = K rh + beta ph, then t = P^{-T} ph (the direction p in A's space) and
 * q = A t through each row's entries right of the diagonal: row i's U t, its diagonal, and its entries
 * scattered into the rows below as their L t (L = U^T).
 * Twin of forwardPass on purpose: each pass is one monomorphic, allocation-free row loop (merging them
 * behind a direction flag costs the kernel its speed); they differ in direction and in the half of the row read.
 */
function backwardPass(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  sc: Float64Array,
  c2: number,
  beta: number,
  rh: Float64Array,
  ph: Float64Array,
  t: Float64Array,
  q: Float64Array,
): void {
  for (let i = rh.length - 1; i >= 0; i--) {
    const dk = diagIdx[i];
    const d = values[dk];
    const phi = c2 * d * rh[i] + beta * ph[i];
    ph[i] = phi;
    const end = rowPtr[i + 1];
    const s = sc[i];
    let u = 0;
    let ti = phi * s;
    if (dk + 1 < end) {
      // The nearest column right of the diagonal (dk + 1) was solved last.
      for (let k = end - 1; k > dk + 1; k--) u += values[k] * t[colIdx[k]];
      const v = values[dk + 1];
      const tn = t[colIdx[dk + 1]];
      ti = (phi - u) * s - v * s * tn;
      u += v * tn;
    }
    t[i] = ti;
    q[i] = u + d * ti;
    for (let k = dk + 1; k < end; k++) q[colIdx[k]] += values[k] * ti;
  }
}

/**
 * Rows from the top, through each row's entries left of the diagonal: x += alpha t, r -= alpha q, then rh = P^{-1} r for the updated r. Writes ||r||^2 and rh^T K rh
 * (= r^T M^{-1} r) to sums[0] and sums[1].
 * Twin of backwardPass on purpose: each pass is one monomorphic, allocation-free row loop (merging them
 * behind a direction flag costs the kernel its speed); they differ in direction and in the half of the row read.
 */
function forwardPass(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  sc: Float64Array,
  c2: number,
  alpha: number,
  t: Float64Array,
  q: Float64Array,
  x: Float64Array,
  r: Float64Array,
  rh: Float64Array,
  sums: Float64Array,
): void {
  const n = r.length;
  let rr = 0;
  let rz = 0;
  // The vector update runs apart from the solve: in one loop V8's code for the solve's dependency chain is about 3x slower.
  for (let i = 0; i < n; i++) {
    x[i] += alpha * t[i];
    const ri = r[i] - alpha * q[i];
    r[i] = ri;
    rr += ri * ri;
  }
  for (let i = 0; i < n; i++) {
    const dk = diagIdx[i];
    const first = rowPtr[i];
    const s = sc[i];
    let y = r[i] * s;
    if (first < dk) {
      // The nearest column left of the diagonal (dk - 1) was solved last.
      let lr = 0;
      for (let k = first; k < dk - 1; k++) lr += values[k] * rh[colIdx[k]];
      const v = values[dk - 1];
      y = (r[i] - lr) * s - v * s * rh[colIdx[dk - 1]];
    }
    const d = values[dk];
    rh[i] = y;
    rz += c2 * d * y * y;
  }
  sums[0] = rr;
  sums[1] = rz;
}

/**
 * The same iteration on the WebAssembly passes (work vectors x = 0, r = 1, rh = 2, ph = 3, t = 4, q = 5,
 * all starting at zero like the TypeScript arrays, omega / d = 6 and b = 7), from r_0 on; x is copied out
 * whenever the solve stops.
 */
function eisenstatWasm(
  ws: Workspace,
  invDiag: Float64Array,
  monitor: IterationMonitor,
  b: Float64Array,
  x0: Float64Array | undefined,
  omega: number,
): SolveResult {
  const e = ws.exports;
  const { n, rowPtr, colIdx, values, diagIdx, sums } = ws;
  const [X, R, RH, PH, T, Q, SC] = [0, 1, 2, 3, 4, 5, 6].map((slot) => ws.ptr(slot));
  const start = startInWasm(ws, monitor, { x: 0, r: 1, b: 7 }, b, x0);
  if (start.stopped) return start.stopped;
  const { scale, out } = start;
  let rel = start.rel;
  for (let slot = 2; slot < 6; slot++) ws.view(slot).fill(0);
  scaledInverseDiagonal(invDiag, omega, ws.view(6));
  const sum = ws.sumsView;
  const c2 = 2 / omega - 1;
  const forward = (alpha: number): void =>
    e.eisenstatForward(n, rowPtr, colIdx, values, diagIdx, SC, c2, alpha, T, Q, X, R, RH, sums);
  forward(0);
  let rz = sum[1];
  if (!(rz > 0)) return notPositivePreconditioner(monitor, out(), 0, rel, rz);
  let beta = 0;
  for (let k = 1; ; k++) {
    e.eisenstatBackward(n, rowPtr, colIdx, values, diagIdx, SC, c2, beta, RH, PH, T, Q);
    const pq = e.dot(n, T, Q);
    if (!(pq > 0)) {
      if (Number.isNaN(pq)) return pqNaN(monitor, out(), k, rel);
      return notPositiveMatrix(monitor, out(), k, rel, pq);
    }
    forward(rz / pq);
    rel = Math.sqrt(sum[0]) / scale;
    const reason = monitor.observe(k, rel, rel <= monitor.tol);
    if (reason !== undefined) return finish(monitor, out(), k, reason, rel);
    const rzNew = sum[1];
    if (!(rzNew > 0)) return notPositivePreconditioner(monitor, out(), k, rel, rzNew);
    beta = rzNew / rz;
    rz = rzNew;
  }
}
