import type { CsrMatrix } from '../sparse/csr';
import { failAt, type MmMatrix } from './types';

/** The real square CSR a solver can use; refuses complex, pattern and non-square matrices by name. */
export function solvableMatrix(m: MmMatrix): CsrMatrix {
  const h = m.header;
  if (h.field === 'complex') {
    failAt(
      m.file,
      h.bannerLine,
      `the matrix is complex (${h.symmetry}); SOR, SSOR-CG and CG here solve real systems only`,
    );
  }
  if (h.field === 'pattern') {
    failAt(m.file, h.bannerLine, 'a pattern matrix has no values: it can be inspected but not solved');
  }
  if (h.rows !== h.cols) {
    failAt(m.file, h.sizeLine, `the matrix is ${h.rows} x ${h.cols}; solving needs a square matrix`);
  }
  return m.csr;
}

/** The values of an n x 1 (or 1 x n) matrix as a dense vector, e.g. a right-hand side file. */
export function vectorFromMatrix(m: MmMatrix): Float64Array {
  const h = m.header;
  if (h.field === 'complex') failAt(m.file, h.bannerLine, 'a complex vector cannot be used as a real right-hand side');
  if (h.cols !== 1 && h.rows !== 1) {
    failAt(m.file, h.sizeLine, `expected a vector (n x 1), found a ${h.rows} x ${h.cols} matrix`);
  }
  const n = Math.max(h.rows, h.cols);
  const out = new Float64Array(n);
  const { rowPtr, colIdx, values } = m.csr;
  for (let i = 0; i < h.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) out[h.cols === 1 ? i : colIdx[k]] = values[k];
  }
  return out;
}
