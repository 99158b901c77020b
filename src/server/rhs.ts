import seedrandom from 'seedrandom';
import { fileURLToPath } from 'node:url';
import { vectorFromMatrix } from '../core/io/matrixMarket';
import { loadMatrix } from '../node/loadMatrix';
import { spmv, type CsrMatrix } from '../core/sparse/csr';
import type { MatrixLimits, RhsSpec } from '../protocol';

/**
 * Builds the right-hand side b for A: ones, A·ones, uniform in [-1, 1) from `seed` (same seed, same
 * vector), or the first column of a vector Matrix Market file whose length must be A's row count.
 */
export async function buildRhs(a: CsrMatrix, spec: RhsSpec, seed: number, limits: MatrixLimits): Promise<Float64Array> {
  const n = a.rows;
  switch (spec.kind) {
    case 'ones':
      return new Float64Array(n).fill(1);
    case 'a-times-ones': {
      const b = new Float64Array(n);
      spmv(a, new Float64Array(a.cols).fill(1), b);
      return b;
    }
    case 'random': {
      const prng = seedrandom(`relax-rhs:${seed}`);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) b[i] = 2 * prng.double() - 1;
      return b;
    }
    case 'file':
      return readVector(spec.uri ?? '', n, limits);
  }
}

async function readVector(uri: string, n: number, limits: MatrixLimits): Promise<Float64Array> {
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const b = vectorFromMatrix(await loadMatrix(file, { limits }));
  if (b.length !== n) throw new Error(`${file}: the right-hand side has ${b.length} entries but the matrix has ${n} rows`);
  return b;
}
