import type { CsrMatrix } from '../sparse/csr';
import { asPrepared, checkOmega, checkVectors, type PreparedMatrix } from './prepared';
import type { SolveOptions } from './result';
import { petscRowBlocks } from './rowBlocks';

/*
 * The sweeps of PETSc's processor-local SOR (MatSOR on an MPIAIJ matrix, SOR_LOCAL_* with a zero
 * initial guess, which is how PCSOR applies itself): each rank sweeps its own contiguous row block with
 * only the entries whose columns it owns, so the result is M^{-1} r for a block-diagonal M. Couplings
 * to other ranks' rows enter only through the outer iteration's residual.
 */

/** A checked system split over ranks: the matrix, its rows' blocks and omega / a_ii. */
export interface LocalSystem {
  matrix: CsrMatrix;
  blocks: Int32Array;
  scaled: Float64Array;
}

/** Checks omega, A, b and x0 as every solver does, then splits A's rows PETSc's way over `ranks`. */
export function localSystem(
  a: CsrMatrix | PreparedMatrix,
  b: Float64Array,
  omega: number,
  ranks: number,
  options: SolveOptions,
): LocalSystem {
  checkOmega(omega);
  const p = asPrepared(a);
  checkVectors(p.matrix, b, options.x0);
  return {
    matrix: p.matrix,
    blocks: petscRowBlocks(p.matrix.rows, ranks),
    scaled: omegaOverDiagonal(p.matrix, p.diagIdx, omega),
  };
}

/** omega / a_ii for every row, the factor PETSc's sweeps multiply by (rows given by `diagIdx`). */
export function omegaOverDiagonal(a: CsrMatrix, diagIdx: Int32Array, omega: number): Float64Array {
  const s = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) s[i] = omega / a.values[diagIdx[i]];
  return s;
}

/**
 * y = blockdiag(D/omega + L)^{-1} r: one forward sweep per row block from y = 0, using only columns
 * inside the row's own block. `blocks` holds ranks + 1 row offsets; `t` receives each row's r_i minus
 * its lower sum (what the backward half of a symmetric sweep starts from).
 */
export function localForwardSweep(
  a: CsrMatrix,
  blocks: Int32Array,
  scaled: Float64Array,
  r: Float64Array,
  y: Float64Array,
  t: Float64Array,
): void {
  const { rowPtr, colIdx, values } = a;
  for (let b = 0; b + 1 < blocks.length; b++) {
    const lo = blocks[b];
    for (let i = lo; i < blocks[b + 1]; i++) {
      let sum = r[i];
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const j = colIdx[k];
        if (j >= lo && j < i) sum -= values[k] * y[j];
      }
      t[i] = sum;
      y[i] = sum * scaled[i];
    }
  }
}

/**
 * y = the block SSOR preconditioner applied to r: per row block a forward sweep from y = 0 (keeping each
 * row's right-hand side minus its lower sum in `t`), then a backward sweep, both on in-block columns only.
 */
export function localSymmetricSweep(
  a: CsrMatrix,
  blocks: Int32Array,
  scaled: Float64Array,
  omega: number,
  r: Float64Array,
  y: Float64Array,
  t: Float64Array,
): void {
  localForwardSweep(a, blocks, scaled, r, y, t);
  const { rowPtr, colIdx, values } = a;
  const keep = 1 - omega;
  for (let b = 0; b + 1 < blocks.length; b++) {
    const hi = blocks[b + 1];
    for (let i = hi - 1; i >= blocks[b]; i--) {
      let sum = t[i];
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const j = colIdx[k];
        if (j > i && j < hi) sum -= values[k] * y[j];
      }
      y[i] = keep * y[i] + sum * scaled[i];
    }
  }
}
