import { isAbsolute, resolve } from 'node:path';
import { solvableMatrix } from '../io/matrixMarket';
import { cg } from '../solvers/cg';
import type { CsrMatrix } from '../sparse/csr';
import { diagonalShiftSequence } from './diagonalShift';
import { filesSequence } from './files';
import { heat2dSequence } from './heat2d';
import { laplacian2d } from './laplacian2d';
import { permuteSymmetrically, stencilOperator } from './operators';
import type { Sequence } from './sequence';
import type { SequenceSource } from './source';
import type { DiagonalShiftSpec, SequenceSpec } from './spec';

/**
 * Builds the lazy sequence a spec describes, reading matrix files through `source` (MatrixMarketError
 * on bad input); heat2d steps that nobody reports a solution for are solved with CG to 1e-12.
 */
export async function sequenceFromSpec(spec: SequenceSpec, source: SequenceSource): Promise<Sequence> {
  switch (spec.kind) {
    case 'diagonal-shift':
      return diagonalShiftSequence(spec, await baseMatrix(spec, source));
    case 'heat2d':
      return heat2dSequence(spec, (A, b, x0) => cg(A, b, { x0, tol: 1e-12, maxIterations: 20 * A.rows + 100 }).x);
    case 'files':
      return filesSequence(spec, source);
  }
}

async function baseMatrix(spec: DiagonalShiftSpec, source: SequenceSource): Promise<CsrMatrix> {
  const a = await unpermutedMatrix(spec, source);
  return spec.matrix.permute !== undefined ? permuteSymmetrically(a, spec.matrix.permute) : a;
}

async function unpermutedMatrix(spec: DiagonalShiftSpec, source: SequenceSource): Promise<CsrMatrix> {
  const m = spec.matrix;
  if ('laplacian2d' in m) return laplacian2d(m.laplacian2d);
  if ('operator' in m) return stencilOperator(m);
  const file = isAbsolute(m.file) ? m.file : resolve(spec.baseDir, m.file);
  return solvableMatrix(await source.readMatrix(file, m.file));
}
