import type { MmMatrix } from '../../../src/core/io/matrixMarket';

/** The parsed matrix as the same key -> [re, im] map the reference reader builds. */
export function csrEntries(m: MmMatrix): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  const { rowPtr, colIdx, values } = m.csr;
  for (let i = 0; i < m.csr.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      out.set(`${i},${colIdx[k]}`, [values[k], m.imag ? m.imag[k] : 0]);
    }
  }
  return out;
}

/** Columns strictly increasing within each row, row pointers consistent. */
export function isWellFormedCsr(m: MmMatrix): boolean {
  const { rows, cols, rowPtr, colIdx, values } = m.csr;
  if (rowPtr.length !== rows + 1 || rowPtr[0] !== 0) return false;
  if (colIdx.length !== rowPtr[rows] || values.length !== rowPtr[rows]) return false;
  for (let i = 0; i < rows; i++) {
    if (rowPtr[i + 1] < rowPtr[i]) return false;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (colIdx[k] < 0 || colIdx[k] >= cols) return false;
      if (k > rowPtr[i] && colIdx[k] <= colIdx[k - 1]) return false;
    }
  }
  return true;
}
