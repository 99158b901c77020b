import type { CsrMatrix } from '../core/sparse/csr';

/**
 * Copies a CSR matrix into SharedArrayBuffer-backed arrays, once per file version, so solver
 * workers receive it by reference instead of a per-job copy.
 */
export function shareCsr(a: CsrMatrix): CsrMatrix {
  if (a.values.buffer instanceof SharedArrayBuffer) return a;
  const rowPtr = new Int32Array(new SharedArrayBuffer(a.rowPtr.byteLength));
  const colIdx = new Int32Array(new SharedArrayBuffer(a.colIdx.byteLength));
  const values = new Float64Array(new SharedArrayBuffer(a.values.byteLength));
  rowPtr.set(a.rowPtr);
  colIdx.set(a.colIdx);
  values.set(a.values);
  return { rows: a.rows, cols: a.cols, rowPtr, colIdx, values };
}
