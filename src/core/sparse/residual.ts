import type { CsrMatrix } from './csr';

/** r = b - A x; returns ||r||_2. */
export function residual(a: CsrMatrix, x: Float64Array, b: Float64Array, r: Float64Array): number {
  const { rowPtr, colIdx, values } = a;
  const n = a.rows;
  let rr = 0;
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = b[i];
    for (; k < end; k++) s -= values[k] * x[colIdx[k]];
    r[i] = s;
    rr += s * s;
  }
  return Math.sqrt(rr);
}
