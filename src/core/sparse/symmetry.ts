import type { CsrMatrix } from './csr';

/**
 * Whether A equals its transpose, entry for entry (relative tolerance `tol` on values; an absent mirror
 * counts as 0). One pass, O(nnz): the entries left of row j's diagonal are the mirrors of column j's
 * entries above it, met in the same (row-ascending) order, so a cursor per row finds each mirror
 * without a search. Needs each row's columns sorted and distinct, as every CsrMatrix has them.
 */
export function isSymmetric(a: CsrMatrix, tol = 0): boolean {
  if (a.rows !== a.cols) return false;
  const { rowPtr, colIdx, values } = a;
  const n = a.rows;
  // cursor[j]: the first entry of row j left of its diagonal not yet matched with its mirror.
  const cursor = rowPtr.slice(0, n);
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    // Rows above are done: what is left of row i's lower part has no mirror, so it must be zero.
    let c = cursor[i];
    for (; c < end && colIdx[c] < i; c++) if (values[c] !== 0) return false;
    cursor[i] = c;
    for (let k = c; k < end; k++) {
      const j = colIdx[k];
      if (j <= i) continue;
      const endJ = rowPtr[j + 1];
      let m = cursor[j];
      for (; m < endJ && colIdx[m] < i; m++) if (values[m] !== 0) return false;
      let w = 0;
      if (m < endJ && colIdx[m] === i) w = values[m++];
      cursor[j] = m;
      const v = values[k];
      if (Math.abs(v - w) > tol * Math.max(Math.abs(v), Math.abs(w))) return false;
    }
  }
  return true;
}

/** Position of entry (i, j) in colIdx/values, or -1. */
export function findEntry(a: CsrMatrix, i: number, j: number): number {
  return findIn(a.rowPtr, a.colIdx, i, j);
}

function findIn(rowPtr: Int32Array, colIdx: Int32Array, i: number, j: number): number {
  let lo = rowPtr[i];
  let hi = rowPtr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = colIdx[mid];
    if (c === j) return mid;
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Relative tolerance under which a matrix counts as numerically symmetric:
 * max |a_ij − a_ji| ≤ SYMMETRY_TOLERANCE · max |a_ij| (about 4500 ulps at 1, so rounding in the file's
 * decimal digits passes and a genuinely nonsymmetric matrix does not).
 */
export const SYMMETRY_TOLERANCE = 1e-12;

/** How symmetric a matrix is: exactly (value for value), numerically (within SYMMETRY_TOLERANCE), and by how much. */
export interface SymmetryMeasure {
  /** a_ij === a_ji for every stored pair (an absent mirror counts as 0). */
  exact: boolean;
  /** relativeAsymmetry ≤ SYMMETRY_TOLERANCE (and square). */
  numerical: boolean;
  /** max |a_ij − a_ji| / max |a_ij|; 0 for exact symmetry, Infinity for a non-square matrix. */
  relativeAsymmetry: number;
  tolerance: number;
}

/** Measures symmetry in one pass over the upper and lower triangles: O(nnz log(row length)). */
export function measureSymmetry(a: CsrMatrix, tolerance = SYMMETRY_TOLERANCE): SymmetryMeasure {
  if (a.rows !== a.cols) return { exact: false, numerical: false, relativeAsymmetry: Infinity, tolerance };
  const { rowPtr, colIdx, values } = a;
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const v = values[k];
      const av = Math.abs(v);
      if (av > scale) scale = av;
      const j = colIdx[k];
      if (j === i) continue;
      const m = findEntry(a, j, i);
      // Pairs with both entries stored are compared once (from the upper one); a lone entry from either side.
      if (m >= 0 && j < i) continue;
      const d = Math.abs(v - (m < 0 ? 0 : values[m]));
      if (d > worst || Number.isNaN(d)) worst = Number.isNaN(d) ? Infinity : d;
    }
  }
  const relativeAsymmetry = worst === 0 ? 0 : scale > 0 ? worst / scale : Infinity;
  return { exact: worst === 0, numerical: relativeAsymmetry <= tolerance, relativeAsymmetry, tolerance };
}
