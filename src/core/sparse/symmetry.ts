import type { CsrMatrix } from './csr';

/**
 * Whether A equals its transpose, entry for entry (relative tolerance `tol` on values).
 * Uses binary search in the sorted rows: O(nnz log(row length)).
 */
export function isSymmetric(a: CsrMatrix, tol = 0): boolean {
  if (a.rows !== a.cols) return false;
  const { rowPtr, colIdx, values } = a;
  for (let i = 0; i < a.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      if (j <= i) continue;
      const m = findEntry(a, j, i);
      const v = values[k];
      const w = m < 0 ? 0 : values[m];
      if (Math.abs(v - w) > tol * Math.max(Math.abs(v), Math.abs(w))) return false;
    }
    // Entries below the diagonal whose mirror is absent are caught when scanning their mirror row
    // only if stored there, so check lower entries without an upper partner too.
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      if (j >= i) break;
      if (values[k] !== 0 && findEntry(a, j, i) < 0) return false;
    }
  }
  return true;
}

/** Position of entry (i, j) in colIdx/values, or -1. */
export function findEntry(a: CsrMatrix, i: number, j: number): number {
  let lo = a.rowPtr[i];
  let hi = a.rowPtr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = a.colIdx[mid];
    if (c === j) return mid;
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
