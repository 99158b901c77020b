import type { CsrMatrix } from '../sparse/csr';
import { residual } from '../sparse/residual';
import { dot } from '../sparse/vector';
import { finishSolve as finish, IterationMonitor } from './monitor';
import { notPositiveMatrix, notPositivePreconditioner, pqNaN } from './pcgStops';
import type { PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';
import { wasmWorkspace, type Workspace } from '../kernels/arena';
import { copyNorm, residualScale, startInWasm } from './krylovStart';

/** z = M^{-1} r for a symmetric positive definite preconditioner M. */
export type Preconditioner = ((r: Float64Array, z: Float64Array) => void) & { wasm?: WasmPreconditioner };

/** The same M^{-1} in WebAssembly over a workspace of `prepared`: z = M^{-1} r between slots, `y` is scratch. */
export interface WasmPreconditioner {
  prepared: PreparedMatrix;
  apply(ws: Workspace, r: number, z: number, y: number): void;
}

/**
 * Preconditioned conjugate gradients (standard recurrences, recursive residual).
 * Iterations = the first k with ||r_k||_2 / ||b||_2 <= tol (0 if x_0 already satisfies it).
 * Stops with `not-positive-definite` when p^T A p <= 0 or r^T M^{-1} r <= 0.
 */
export function pcg(
  a: CsrMatrix,
  b: Float64Array,
  precondition: Preconditioner | undefined,
  options: SolveOptions,
): SolveResult {
  const start = performance.now();
  const monitor = new IterationMonitor(options, start);
  const wasm = precondition?.wasm;
  const ws = precondition ? wasm && wasmWorkspace(wasm.prepared, 7) : wasmWorkspace(a, 5);
  if (ws) return cgWasm(ws, monitor, b, options.x0, wasm);
  const n = a.rows;
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const r = new Float64Array(n);
  const z = precondition ? new Float64Array(n) : r;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const rNorm = options.x0 ? residual(a, x, b, r) : copyNorm(b, r);
  const scale = residualScale(b, rNorm);
  let rel = rNorm / scale;
  let k = 0;
  let reason = monitor.observe(0, rel, rel <= monitor.tol);
  if (reason !== undefined) return finish(monitor, x, 0, reason, rel);

  if (precondition) precondition(r, z);
  let rz = dot(r, z, n);
  if (!(rz > 0)) return notPositivePreconditioner(monitor, x, 0, rel, rz);
  p.set(z);
  for (;;) {
    k++;
    const pq = spmvDot(a, p, q);
    if (!(pq > 0)) {
      if (Number.isNaN(pq)) return pqNaN(monitor, x, k, rel);
      return notPositiveMatrix(monitor, x, k, rel, pq);
    }
    const alpha = rz / pq;
    let rr = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      const ri = r[i] - alpha * q[i];
      r[i] = ri;
      rr += ri * ri;
    }
    rel = Math.sqrt(rr) / scale;
    reason = monitor.observe(k, rel, rel <= monitor.tol);
    if (reason !== undefined) return finish(monitor, x, k, reason, rel);
    if (precondition) precondition(r, z);
    const rzNew = precondition ? dot(r, z, n) : rr;
    if (!(rzNew > 0)) return notPositivePreconditioner(monitor, x, k, rel, rzNew);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
}

/**
 * pcg in WebAssembly (work vectors x = 0, r = 1, p = 2, q = 3, b = 4, and with a preconditioner z = 5,
 * scratch 6): the same recurrences and rounding, from r_0 on; x is copied out whenever the solve stops.
 */
function cgWasm(
  ws: Workspace,
  monitor: IterationMonitor,
  b: Float64Array,
  x0: Float64Array | undefined,
  precondition: WasmPreconditioner | undefined,
): SolveResult {
  const e = ws.exports;
  const { n, rowPtr, colIdx, values } = ws;
  const [X, R, P, Q, Z, Y] = [0, 1, 2, 3, 5, 6].map((slot) => ws.ptr(slot));
  const start = startInWasm(ws, monitor, { x: 0, r: 1, b: 4 }, b, x0);
  if (start.stopped) return start.stopped;
  const { scale, out } = start;
  let rel = start.rel;
  if (precondition) precondition.apply(ws, R, Z, Y);
  let rz = e.dot(n, R, precondition ? Z : R);
  if (!(rz > 0)) return notPositivePreconditioner(monitor, out(), 0, rel, rz);
  ws.view(2).set(ws.view(precondition ? 5 : 1));
  for (let k = 1; ; k++) {
    const pq = e.spmvDot(n, rowPtr, colIdx, values, P, Q);
    if (!(pq > 0)) {
      if (Number.isNaN(pq)) return pqNaN(monitor, out(), k, rel);
      return notPositiveMatrix(monitor, out(), k, rel, pq);
    }
    const alpha = rz / pq;
    const rr = e.cgUpdate(n, alpha, X, R, P, Q);
    rel = Math.sqrt(rr) / scale;
    const reason = monitor.observe(k, rel, rel <= monitor.tol);
    if (reason !== undefined) return finish(monitor, out(), k, reason, rel);
    if (precondition) precondition.apply(ws, R, Z, Y);
    const rzNew = precondition ? e.dot(n, R, Z) : rr;
    if (!(rzNew > 0)) return notPositivePreconditioner(monitor, out(), k, rel, rzNew);
    const beta = rzNew / rz;
    rz = rzNew;
    e.cgDirection(n, beta, P, precondition ? Z : R);
  }
}

/** q = A p; returns p^T q, summed in row order like dot(p, q) so the fused pass changes no rounding. */
function spmvDot(a: CsrMatrix, p: Float64Array, q: Float64Array): number {
  const { rowPtr, colIdx, values } = a;
  const n = a.rows;
  let pq = 0;
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = 0;
    for (; k < end; k++) s += values[k] * p[colIdx[k]];
    q[i] = s;
    pq += p[i] * s;
  }
  return pq;
}
