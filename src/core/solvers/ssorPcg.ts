import type { CsrMatrix } from '../sparse/csr';
import { asPrepared, checkOmega, checkVectors, isSymmetricPrepared, type PreparedMatrix } from './prepared';
import { ssorPcgEisenstat } from './ssorEisenstat';
import { pcg, type Preconditioner } from './pcg';
import type { SolveOptions, SolveResult } from './result';

/**
 * SSOR-preconditioned CG with M = (D + omega L) D^{-1} (D + omega L)^T / (omega (2 - omega)).
 * Iterations = the first k with ||b - A x_k||_2 / ||b||_2 <= tol (recursive residual); 0 if x_0 satisfies it.
 * Throws SolverInputError for omega outside (0, 2), a zero or missing diagonal, or a size mismatch.
 */
export function ssorPcg(
  a: CsrMatrix | PreparedMatrix,
  b: Float64Array,
  omega: number,
  options: SolveOptions = {},
): SolveResult {
  checkOmega(omega);
  const p = asPrepared(a);
  checkVectors(p.matrix, b, options.x0);
  // Eisenstat's form needs U = L^T; for any other matrix the plain form keeps M exactly as documented.
  if (isSymmetricPrepared(p)) return ssorPcgEisenstat(p, b, omega, options);
  return ssorPcgPlain(p, b, omega, options);
}

/** SSOR-CG through an SpMV and two triangular solves per iteration: the reference form, valid for any A. */
export function ssorPcgPlain(p: PreparedMatrix, b: Float64Array, omega: number, options: SolveOptions): SolveResult {
  return pcg(p.matrix, b, ssorPreconditioner(p, omega), options);
}

/**
 * z = M^{-1} r = omega (2 - omega) (D + omega L)^{-T} D (D + omega L)^{-1} r, using only the lower
 * triangle of each row: the transposed solve runs column-wise, so M is exactly the formula's even
 * when A is not symmetric.
 */
export function ssorPreconditioner(p: PreparedMatrix, omega: number): Preconditioner {
  const { rowPtr, colIdx, values } = p.matrix;
  const { diagIdx, invDiag } = p;
  const y = p.work1;
  const scale = omega * (2 - omega);
  const apply: Preconditioner = (r, z) => {
    const n = r.length;
    // Forward: (D + omega L) y = r; z keeps D y, which is the numerator of each row.
    for (let i = 0; i < n; i++) {
      let s = r[i];
      const dk = diagIdx[i];
      for (let k = rowPtr[i]; k < dk; k++) s -= omega * values[k] * y[colIdx[k]];
      y[i] = s * invDiag[i];
      z[i] = s;
    }
    // Backward: (D + omega L)^T z = D y, eliminating column-wise through the rows of L.
    for (let i = n - 1; i >= 0; i--) {
      const zi = z[i] * invDiag[i];
      z[i] = zi;
      const dk = diagIdx[i];
      const wz = omega * zi;
      for (let k = rowPtr[i]; k < dk; k++) z[colIdx[k]] -= values[k] * wz;
    }
    for (let i = 0; i < n; i++) z[i] *= scale;
  };
  apply.wasm = {
    prepared: p,
    apply: (ws, r, z, y) =>
      ws.exports.ssorApply(ws.n, ws.rowPtr, ws.colIdx, ws.values, ws.diagIdx, ws.invDiag, omega, scale, r, z, y),
  };
  return apply;
}
