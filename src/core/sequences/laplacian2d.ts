import type { CsrMatrix } from '../sparse/csr';

/**
 * The 5-point Laplacian on an m x m interior grid with zero boundary, unscaled: 4 on the diagonal,
 * -1 for each grid neighbour, n = m^2. Unknown k = j * m + i (i fastest), which is MATLAB's
 * `delsq(numgrid('S', m + 2))` ordering; columns within each row come out sorted.
 */
export function laplacian2d(m: number): CsrMatrix {
  if (!Number.isInteger(m) || m < 1)
    throw new RangeError(`laplacian2d: grid size must be a positive integer, got ${m}`);
  const n = m * m;
  const rowPtr = new Int32Array(n + 1);
  const count = 5 * n - 4 * m;
  const colIdx = new Int32Array(count);
  const values = new Float64Array(count);
  let w = 0;
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < m; i++) {
      const k = j * m + i;
      rowPtr[k] = w;
      if (j > 0) {
        colIdx[w] = k - m;
        values[w++] = -1;
      }
      if (i > 0) {
        colIdx[w] = k - 1;
        values[w++] = -1;
      }
      colIdx[w] = k;
      values[w++] = 4;
      if (i < m - 1) {
        colIdx[w] = k + 1;
        values[w++] = -1;
      }
      if (j < m - 1) {
        colIdx[w] = k + m;
        values[w++] = -1;
      }
    }
  }
  rowPtr[n] = w;
  return { rows: n, cols: n, rowPtr, colIdx, values };
}
