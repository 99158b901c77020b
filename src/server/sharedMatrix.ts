import type { CsrMatrix } from '../core/sparse/csr';

/**
 * Copies a CSR matrix into SharedArrayBuffer-backed arrays, once per file version, so solver
 * workers receive it by reference instead of a per-job copy. Arrays already shared (a parallel
 * read's column and value arrays) are kept as they are.
 */
export function shareCsr(a: CsrMatrix): CsrMatrix {
  if (isShared(a.rowPtr) && isShared(a.colIdx) && isShared(a.values)) return a;
  return { rows: a.rows, cols: a.cols, rowPtr: shared(a.rowPtr), colIdx: shared(a.colIdx), values: shared(a.values) };
}

function isShared(x: Int32Array | Float64Array): boolean {
  return x.buffer instanceof SharedArrayBuffer;
}

function shared<T extends Int32Array | Float64Array>(x: T): T {
  if (isShared(x)) return x;
  const copy = (
    x instanceof Int32Array
      ? new Int32Array(new SharedArrayBuffer(x.byteLength))
      : new Float64Array(new SharedArrayBuffer(x.byteLength))
  ) as T;
  copy.set(x);
  return copy;
}
