import { failAt } from './types';
import { lineOfEntry, type DataState } from './dataState';
import type { Assembled } from './assembleCoordinate';

/**
 * Dense CSR (every position stored, zeros included) from array-format values, which are
 * column-major; symmetric types list the lower triangle column by column (strictly lower if skew).
 */
export function assembleArray(st: DataState): Assembled {
  const { rows, cols, symmetry } = st.header;
  const { re, im } = st.store;
  const total = rows * cols;
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(total);
  for (let i = 0; i < rows; i++) {
    rowPtr[i + 1] = (i + 1) * cols;
    for (let j = 0; j < cols; j++) colIdx[i * cols + j] = j;
  }
  const values = new Float64Array(total);
  const imag = im === undefined ? undefined : new Float64Array(total);
  if (symmetry === 'general') {
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) {
        values[i * cols + j] = re[j * rows + i];
        if (imag !== undefined && im !== undefined) imag[i * cols + j] = im[j * rows + i];
      }
    }
    return { csr: { rows, cols, rowPtr, colIdx, values }, imag };
  }
  const sign = symmetry === 'skew-symmetric' ? -1 : 1;
  const imSign = symmetry === 'symmetric' ? 1 : -1;
  const first = symmetry === 'skew-symmetric' ? 1 : 0;
  let k = 0;
  for (let j = 0; j < cols; j++) {
    for (let i = j + first; i < rows; i++) {
      values[i * cols + j] = re[k];
      values[j * cols + i] = i === j ? re[k] : sign * re[k];
      if (imag !== undefined && im !== undefined) {
        if (i === j && symmetry === 'hermitian' && im[k] !== 0) {
          failAt(
            st.file,
            lineOfEntry(st, k),
            `diagonal entry (${i + 1}, ${i + 1}) has imaginary part ${im[k]}, but a hermitian matrix has a real diagonal`,
          );
        }
        imag[i * cols + j] = im[k];
        if (i !== j) imag[j * cols + i] = imSign * im[k];
      }
      k++;
    }
  }
  return { csr: { rows, cols, rowPtr, colIdx, values }, imag };
}
