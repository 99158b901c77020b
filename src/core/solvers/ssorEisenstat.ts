import { residual } from '../sparse/residual';
import { dot } from '../sparse/vector';
import { finishSolve as finish, IterationMonitor } from './monitor';
import { notPositiveMatrix, notPositivePreconditioner, pqNaN } from './pcgStops';
import type { PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';
import { wasmWorkspace, type Workspace } from '../kernels/arena';

/**
 * SSOR-preconditioned CG in one pass over A per iteration (Eisenstat's trick), for symmetric A only.
 *
 * With P = D/omega + L and K = (2/omega - 1) D, SSOR's M = P K^{-1} P^T, so z = M^{-1} r = P^{-T} K P^{-1} r
 * and the direction p = z + beta p equals P^{-T} p_hat with p_hat = K P^{-1} r + beta p_hat. One backward
 * solve through the upper triangle gives p (and U p on the way); p^T A p = 2 p^T U p + p^T D p needs no
 * more; then one forward pass through the lower triangle forms L p, hence A p, updates x and r, and
 * solves P r_hat = r for the new residual, all from the same entries. Every quantity is the plain
 * SSOR-CG's (same recurrences, fresh M^{-1} r each step), so the counts agree up to rounding.
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
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const r = new Float64Array(n);
  const rNorm = options.x0 ? residual(a, x, b, r) : copyNorm(b, r);
  const bNorm = Math.sqrt(dot(b, b));
  const scale = bNorm > 0 ? bNorm : rNorm > 0 ? rNorm : 1;
  let rel = rNorm / scale;
  let reason = monitor.observe(0, rel, rel <= monitor.tol);
  if (reason !== undefined) return finish(monitor, x, 0, reason, rel);

  const ws = wasmWorkspace(p, 7);
  if (ws) return eisenstatWasm(ws, monitor, x, r, omega, scale, rel);
  const { rowPtr, colIdx, values } = a;
  const { diagIdx, invDiag } = p;
  const c2 = 2 / omega - 1;
  const rh = new Float64Array(n);
  const ph = new Float64Array(n);
  const t = new Float64Array(n);
  const ut = new Float64Array(n);
  const q = new Float64Array(n);
  const sums = new Float64Array(2);
  // With t = 0 the forward pass only solves P rh = r: the start of the recurrences.
  forwardPass(rowPtr, colIdx, values, diagIdx, invDiag, omega, c2, 0, t, q, x, r, rh, sums);
  let rz = sums[1];
  if (!(rz > 0)) return notPositivePreconditioner(monitor, x, 0, rel, rz);
  let beta = 0;
  for (let k = 1; ; k++) {
    backwardPass(rowPtr, colIdx, values, diagIdx, invDiag, omega, c2, beta, rh, ph, t, ut);
    const pq = lowerProduct(rowPtr, colIdx, values, diagIdx, t, ut, q);
    if (!(pq > 0)) {
      if (Number.isNaN(pq)) return pqNaN(monitor, x, k, rel);
      return notPositiveMatrix(monitor, x, k, rel, pq);
    }
    const alpha = rz / pq;
    forwardPass(rowPtr, colIdx, values, diagIdx, invDiag, omega, c2, alpha, t, q, x, r, rh, sums);
    rel = Math.sqrt(sums[0]) / scale;
    reason = monitor.observe(k, rel, rel <= monitor.tol);
    if (reason !== undefined) return finish(monitor, x, k, reason, rel);
    const rzNew = sums[1];
    if (!(rzNew > 0)) return notPositivePreconditioner(monitor, x, k, rel, rzNew);
    beta = rzNew / rz;
    rz = rzNew;
  }
}

/**
 * Rows from the bottom: ph = K rh + beta ph, then t = P^{-T} ph (the direction p in A's space) and
 * ut = U t through each row's entries right of the diagonal. Returns t^T A t = 2 t^T U t + t^T D t
 * (t^T L t = t^T U t because L = U^T).
 * Twin of forwardPass on purpose: each pass is one monomorphic, allocation-free row loop (merging them
 * behind a direction flag costs the kernel its speed); they differ in direction and in the half of the row read.
 */
function backwardPass(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  invDiag: Float64Array,
  omega: number,
  c2: number,
  beta: number,
  rh: Float64Array,
  ph: Float64Array,
  t: Float64Array,
  ut: Float64Array,
): void {
  for (let i = rh.length - 1; i >= 0; i--) {
    const dk = diagIdx[i];
    const d = values[dk];
    const phi = c2 * d * rh[i] + beta * ph[i];
    ph[i] = phi;
    let u = 0;
    const end = rowPtr[i + 1];
    for (let k = dk + 1; k < end; k++) u += values[k] * t[colIdx[k]];
    const ti = (phi - u) * omega * invDiag[i];
    t[i] = ti;
    ut[i] = u;
  }
}

/** Rows from the top, through each row's entries left of the diagonal: q = A t = L t + D t + ut. Returns t^T q. */
function lowerProduct(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  t: Float64Array,
  ut: Float64Array,
  q: Float64Array,
): number {
  const n = t.length;
  let pq = 0;
  for (let i = 0; i < n; i++) {
    const dk = diagIdx[i];
    let lt = 0;
    for (let k = rowPtr[i]; k < dk; k++) lt += values[k] * t[colIdx[k]];
    const ti = t[i];
    const qi = lt + values[dk] * ti + ut[i];
    q[i] = qi;
    pq += ti * qi;
  }
  return pq;
}

/**
 * Rows from the top, through each row's entries left of the diagonal: q = A t = L t + D t + ut,
 * x += alpha t, r -= alpha q, then rh = P^{-1} r for the updated r. Writes ||r||^2 and rh^T K rh
 * (= r^T M^{-1} r) to sums[0] and sums[1].
 * Twin of backwardPass on purpose: each pass is one monomorphic, allocation-free row loop (merging them
 * behind a direction flag costs the kernel its speed); they differ in direction and in the half of the row read.
 */
function forwardPass(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
  diagIdx: Int32Array,
  invDiag: Float64Array,
  omega: number,
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
    let lr = 0;
    for (let k = rowPtr[i]; k < dk; k++) lr += values[k] * rh[colIdx[k]];
    const d = values[dk];
    const y = (r[i] - lr) * omega * invDiag[i];
    rh[i] = y;
    rz += c2 * d * y * y;
  }
  sums[0] = rr;
  sums[1] = rz;
}

/**
 * The same iteration on the WebAssembly passes (work vectors x = 0, r = 1, rh = 2, ph = 3, t = 4, ut = 5,
 * q = 6; all start at zero like the TypeScript arrays); x is copied back into `x` whenever the solve stops.
 */
function eisenstatWasm(
  ws: Workspace,
  monitor: IterationMonitor,
  x: Float64Array,
  r: Float64Array,
  omega: number,
  scale: number,
  rel: number,
): SolveResult {
  const e = ws.exports;
  const { n, rowPtr, colIdx, values, diagIdx, invDiag, sums } = ws;
  const [X, R, RH, PH, T, UT, Q] = [0, 1, 2, 3, 4, 5, 6].map((slot) => ws.ptr(slot));
  for (let slot = 2; slot < 7; slot++) ws.view(slot).fill(0);
  const wx = ws.view(0);
  wx.set(x);
  ws.view(1).set(r);
  const sum = ws.sumsView;
  const out = (): Float64Array => (x.set(wx), x);
  const c2 = 2 / omega - 1;
  const forward = (alpha: number): void =>
    e.eisenstatForward(n, rowPtr, colIdx, values, diagIdx, invDiag, omega, c2, alpha, T, Q, X, R, RH, sums);
  forward(0);
  let rz = sum[1];
  if (!(rz > 0)) return notPositivePreconditioner(monitor, out(), 0, rel, rz);
  let beta = 0;
  for (let k = 1; ; k++) {
    e.eisenstatBackward(n, rowPtr, colIdx, values, diagIdx, invDiag, omega, c2, beta, RH, PH, T, UT);
    const pq = e.eisenstatLower(n, rowPtr, colIdx, values, diagIdx, T, UT, Q);
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

function copyNorm(b: Float64Array, r: Float64Array): number {
  r.set(b);
  return Math.sqrt(dot(b, b));
}
