/**
 * Compressed sparse row storage. Column indices within a row are sorted ascending and unique;
 * every kernel in core relies on that.
 */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
  /**
   * Set by generators whose every matrix equals its transpose exactly by construction (heat2d), so the
   * solvers skip their O(nnz) symmetry check; absent means unknown, never "not symmetric".
   */
  readonly symmetric?: true;
}

/** Number of stored entries. */
export function nnz(a: CsrMatrix): number {
  return a.rowPtr[a.rows];
}

/**
 * Position in `colIdx`/`values` of each row's diagonal entry, or -1 where the row stores none.
 * Found once per matrix so sweeps never search for it.
 */
export function diagonalIndex(a: CsrMatrix): Int32Array {
  const out = new Int32Array(a.rows).fill(-1);
  const n = Math.min(a.rows, a.cols);
  const { rowPtr, colIdx } = a;
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    for (let k = rowPtr[i]; k < end; k++) {
      const j = colIdx[k];
      if (j === i) {
        out[i] = k;
        break;
      }
      if (j > i) break;
    }
  }
  return out;
}

/** Builds a CSR matrix from coordinate triplets (0-based); duplicates are summed. */
export function csrFromTriplets(
  rows: number,
  cols: number,
  ri: Int32Array,
  ci: Int32Array,
  v: Float64Array,
  count: number = ri.length,
): CsrMatrix {
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < count; k++) counts[ri[k] + 1]++;
  for (let i = 0; i < rows; i++) counts[i + 1] += counts[i];
  const next = counts.slice(0, rows);
  const colTmp = new Int32Array(count);
  const valTmp = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const p = next[ri[k]]++;
    colTmp[p] = ci[k];
    valTmp[p] = v[k];
  }
  // Sort each row by column (insertion sort: rows are short) and merge duplicates.
  const rowPtr = new Int32Array(rows + 1);
  let w = 0;
  for (let i = 0; i < rows; i++) {
    const start = counts[i];
    const end = counts[i + 1];
    for (let k = start + 1; k < end; k++) {
      const c = colTmp[k];
      const x = valTmp[k];
      let m = k - 1;
      while (m >= start && colTmp[m] > c) {
        colTmp[m + 1] = colTmp[m];
        valTmp[m + 1] = valTmp[m];
        m--;
      }
      colTmp[m + 1] = c;
      valTmp[m + 1] = x;
    }
    rowPtr[i] = w;
    for (let k = start; k < end; k++) {
      if (w > rowPtr[i] && colTmp[w - 1] === colTmp[k]) {
        valTmp[w - 1] += valTmp[k];
      } else {
        colTmp[w] = colTmp[k];
        valTmp[w] = valTmp[k];
        w++;
      }
    }
  }
  rowPtr[rows] = w;
  return { rows, cols, rowPtr, colIdx: colTmp.slice(0, w), values: valTmp.slice(0, w) };
}

/** y = A x. */
export function spmv(a: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const { rowPtr, colIdx, values } = a;
  const n = a.rows;
  // Row bounds in locals: V8 does not hoist typed-array loads out of the loop (about 25 % on 1 M entries).
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = 0;
    for (; k < end; k++) s += values[k] * x[colIdx[k]];
    y[i] = s;
  }
}
