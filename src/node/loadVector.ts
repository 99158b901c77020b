import { vectorFromMatrix } from '../core/io/solvableMatrix';
import { MatrixMarketError, type MatrixLimits } from '../core/io/types';
import { loadMatrix } from './loadMatrix';

/** Reads a right-hand side from a vector Matrix Market file (first column) whose length must be `n`. */
export async function loadVector(path: string, n: number, limits: MatrixLimits): Promise<Float64Array> {
  const b = vectorFromMatrix(await loadMatrix(path, { limits }));
  if (b.length !== n) {
    throw new MatrixMarketError({
      file: path,
      line: 1,
      severity: 'error',
      message: `the right-hand side has ${b.length} entries but the matrix has ${n} rows`,
    });
  }
  return b;
}
