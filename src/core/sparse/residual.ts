import type { CsrMatrix } from './csr';

/** r = b - A x; returns ||r||_2. */
export function residual(a: CsrMatrix, x: Float64Array, b: Float64Array, r: Float64Array): number {
  const { rowPtr, colIdx, values } = a;
  let rr = 0;
  for (let i = 0; i < a.rows; i++) {
    let s = b[i];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s -= values[k] * x[colIdx[k]];
    r[i] = s;
    rr += s * s;
  }
  return Math.sqrt(rr);
}
