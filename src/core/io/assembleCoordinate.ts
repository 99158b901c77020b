import type { CsrMatrix } from '../sparse/csr';
import { lineOfEntry, MAX_WARNINGS_PER_KIND, type DataState } from './dataState';
import { sortRow } from './sortRow';

/** CSR (plus aligned imaginary parts for complex) of a parsed coordinate file. */
export interface Assembled {
  csr: CsrMatrix;
  imag?: Float64Array;
}

/**
 * Builds the CSR of all read entries: symmetric-type storage expanded to both triangles (skew negated,
 * hermitian conjugated), rows sorted, duplicates summed with a warning naming their lines.
 */
export function assembleCoordinate(st: DataState): Assembled {
  const store = st.store;
  const { rows, cols, symmetry } = st.header;
  const n = store.count;
  if (symmetry === 'general' && store.im === undefined && st.order[2] === 0) {
    return { csr: adoptSorted(rows, cols, store.ri, store.ci, store.re, n) };
  }
  const mirror = symmetry !== 'general';
  const { ri, ci, re, im } = store;
  const rowPtr = rowPointers(ri, ci, n, rows, mirror);
  const total = rowPtr[rows];
  let col = new Int32Array(total);
  let val = new Float64Array(total);
  let imag = im === undefined ? undefined : new Float64Array(total);
  const sign = symmetry === 'skew-symmetric' ? -1 : 1;
  const imSign = symmetry === 'general' || symmetry === 'symmetric' ? 1 : -1;
  if (mirror || imag !== undefined) scatterFull(st, rowPtr, col, val, imag, sign, imSign);
  else scatterGeneralReal(ri, ci, re, n, rowPtr, col, val);
  const duplicates = sortAndMerge(rowPtr, col, val, imag, rows, mirror);
  if (duplicates.count > 0) {
    const w = rowPtr[rows];
    col = col.slice(0, w);
    val = val.slice(0, w);
    if (imag !== undefined) imag = imag.slice(0, w);
    reportDuplicates(st, duplicates);
  }
  return { csr: { rows, cols, rowPtr, colIdx: col, values: val }, imag };
}

/**
 * Entries already in CSR order with unique positions: rowPtr is counted from the row indices and the
 * column and value arrays become the CSR's (views, never copies: a parallel read's shared arrays may
 * be a little longer than the entry count).
 */
function adoptSorted(
  rows: number,
  cols: number,
  ri: Int32Array,
  ci: Int32Array,
  re: Float64Array,
  n: number,
): CsrMatrix {
  const rowPtr = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) rowPtr[ri[k] + 1]++;
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
  const colIdx = ci.length === n ? ci : ci.subarray(0, n);
  const values = re.length === n ? re : re.subarray(0, n);
  return { rows, cols, rowPtr, colIdx, values };
}

/** Row pointers of the expanded matrix (mirrored entries counted in their own row). */
function rowPointers(ri: Int32Array, ci: Int32Array, n: number, rows: number, mirror: boolean): Int32Array {
  const rowPtr = new Int32Array(rows + 1);
  if (mirror) {
    for (let k = 0; k < n; k++) {
      rowPtr[ri[k] + 1]++;
      if (ri[k] !== ci[k]) rowPtr[ci[k] + 1]++;
    }
  } else {
    for (let k = 0; k < n; k++) rowPtr[ri[k] + 1]++;
  }
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
  return rowPtr;
}

/** Stable counting scatter of a general real file's entries into their rows (the common unsorted case). */
function scatterGeneralReal(
  ri: Int32Array,
  ci: Int32Array,
  re: Float64Array,
  n: number,
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
): void {
  const next = rowPtr.slice(0, rowPtr.length - 1);
  for (let k = 0; k < n; k++) {
    const q = next[ri[k]]++;
    col[q] = ci[k];
    val[q] = re[k];
  }
}

/** Stable counting scatter with mirrored entries (sign for skew, conjugate for hermitian) and imaginary parts. */
function scatterFull(
  st: DataState,
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
  imag: Float64Array | undefined,
  sign: number,
  imSign: number,
): void {
  const { ri, ci, re, im, count: n } = st.store;
  const mirror = st.header.symmetry !== 'general';
  const next = rowPtr.slice(0, rowPtr.length - 1);
  for (let k = 0; k < n; k++) {
    const r = ri[k];
    const c = ci[k];
    const q = next[r]++;
    col[q] = c;
    val[q] = re[k];
    if (imag !== undefined && im !== undefined) imag[q] = im[k];
    if (mirror && r !== c) {
      const t = next[c]++;
      col[t] = r;
      val[t] = sign * re[k];
      if (imag !== undefined && im !== undefined) imag[t] = imSign * im[k];
    }
  }
}

/** Duplicate positions found while merging (0-based, first few only) and how many were merged. */
interface Duplicates {
  count: number;
  rows: number[];
  cols: number[];
}

/** Sorts each row and sums repeated columns in place, compacting; rewrites rowPtr. */
function sortAndMerge(
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
  imag: Float64Array | undefined,
  rows: number,
  mirror: boolean,
): Duplicates {
  const dup: Duplicates = { count: 0, rows: [], cols: [] };
  let w = 0;
  let start = rowPtr[0];
  for (let i = 0; i < rows; i++) {
    const end = rowPtr[i + 1];
    let sorted = true;
    for (let k = start + 1; k < end; k++) {
      if (col[k] <= col[k - 1]) {
        sorted = false;
        break;
      }
    }
    rowPtr[i] = w;
    if (sorted && w === start) {
      w = end;
    } else {
      if (!sorted) sortRow(col, val, imag, start, end);
      for (let k = start; k < end; k++) {
        if (w > rowPtr[i] && col[w - 1] === col[k]) {
          val[w - 1] += val[k];
          if (imag !== undefined) imag[w - 1] += imag[k];
          // A mirrored pair merges twice (once per triangle): count it on the lower side only.
          if (!mirror || col[k] <= i) {
            if (dup.count++ < MAX_WARNINGS_PER_KIND) {
              dup.rows.push(i);
              dup.cols.push(col[k]);
            }
          }
        } else {
          col[w] = col[k];
          val[w] = val[k];
          if (imag !== undefined) imag[w] = imag[k];
          w++;
        }
      }
    }
    start = end;
  }
  rowPtr[rows] = w;
  return dup;
}

/** Finds the file lines of the first duplicates (a rescan in file order: only when there are any). */
function reportDuplicates(st: DataState, dup: Duplicates): void {
  const seen = new Map<string, number>();
  for (let d = 0; d < dup.rows.length; d++) {
    const r = dup.rows[d];
    const c = dup.cols[d];
    seen.set(`${r},${c}`, 0);
  }
  const { ri, ci, count } = st.store;
  let reported = 0;
  for (let k = 0; k < count && reported < MAX_WARNINGS_PER_KIND; k++) {
    const key = `${ri[k]},${ci[k]}`;
    const times = seen.get(key);
    if (times === undefined) continue;
    seen.set(key, times + 1);
    if (times === 0) continue;
    reported++;
    st.warnings.push({
      file: st.file,
      line: lineOfEntry(st, k),
      severity: 'warning',
      message: `duplicate entry (${ri[k] + 1}, ${ci[k] + 1}): summed with the earlier entry at the same position`,
    });
  }
  const total = dup.count;
  if (total > reported) {
    st.warnings.push({
      file: st.file,
      line: st.header.sizeLine,
      severity: 'warning',
      message: `${total} duplicate entries in all were summed (as SciPy does); only the first ${reported} are listed`,
    });
  }
}
