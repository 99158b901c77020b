import type { CsrMatrix } from '../sparse/csr';
import { residual } from '../sparse/residual';
import { dot } from '../sparse/vector';
import { finishSolve as finish, IterationMonitor } from './monitor';
import { notPositiveMatrix, notPositivePreconditioner, pqNaN } from './pcgStops';
import type { SolveOptions, SolveResult } from './result';

/** z = M^{-1} r for a symmetric positive definite preconditioner M. */
export type Preconditioner = (r: Float64Array, z: Float64Array) => void;

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
  const n = a.rows;
  const monitor = new IterationMonitor(options, start);
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const r = new Float64Array(n);
  const z = precondition ? new Float64Array(n) : r;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const rNorm = options.x0 ? residual(a, x, b, r) : copyNorm(b, r);
  const bNorm = Math.sqrt(dot(b, b));
  // b = 0: the relative residual is measured against ||r_0|| instead (x = 0 solves it exactly).
  const scale = bNorm > 0 ? bNorm : rNorm > 0 ? rNorm : 1;
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

function copyNorm(b: Float64Array, r: Float64Array): number {
  r.set(b);
  return Math.sqrt(dot(b, b));
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
