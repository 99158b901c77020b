import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseMatrixMarket, solvableMatrix } from '../io/matrixMarket';
import { cg } from '../solvers/cg';
import type { CsrMatrix } from '../sparse/csr';
import { diagonalShiftSequence } from './diagonalShift';
import { filesSequence } from './files';
import { heat2dSequence } from './heat2d';
import { laplacian2d } from './laplacian2d';
import type { Sequence } from './sequence';
import { parseSpec, SpecError, type DiagonalShiftSpec, type SequenceSpec } from './spec';

/** Reads and validates a `.relax.json` spec; throws SpecError (one-line message naming file and JSON path). */
export function loadSpec(path: string): SequenceSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SpecError(basename(path), [{ path: '', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseSpec(text, path, dirname(resolve(path)));
}

/**
 * Builds the lazy sequence a spec describes. Matrix files are parsed here (MatrixMarketError on bad
 * input); heat2d steps that nobody reports a solution for are solved with CG to 1e-12.
 */
export function sequenceFromSpec(spec: SequenceSpec): Sequence {
  switch (spec.kind) {
    case 'diagonal-shift':
      return diagonalShiftSequence(spec, baseMatrix(spec));
    case 'heat2d':
      return heat2dSequence(spec, (A, b, x0) => cg(A, b, { x0, tol: 1e-12, maxIterations: 20 * A.rows + 100 }).x);
    case 'files':
      return filesSequence(spec);
  }
}

function baseMatrix(spec: DiagonalShiftSpec): CsrMatrix {
  if ('laplacian2d' in spec.matrix) return laplacian2d(spec.matrix.laplacian2d);
  const file = isAbsolute(spec.matrix.file) ? spec.matrix.file : resolve(spec.baseDir, spec.matrix.file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SpecError(spec.file, [{ path: '$.matrix.file', message: `cannot read "${spec.matrix.file}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return solvableMatrix(parseMatrixMarket(bytes, relative(spec.baseDir, file) || file));
}
