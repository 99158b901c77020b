import { fileURLToPath } from 'node:url';
import { buildRhs } from '../core/rhs';
import type { CsrMatrix } from '../core/sparse/csr';
import { loadVector } from '../node/loadVector';
import type { MatrixLimits, RhsSpec } from '../protocol';

/** The right-hand side a run's settings name: built by core (the CLI's too), or a vector file read within `limits`. */
export async function resolveRhs(
  a: CsrMatrix,
  spec: RhsSpec,
  seed: number,
  limits: MatrixLimits,
): Promise<Float64Array> {
  if (spec.kind !== 'file') return buildRhs(a, spec.kind, seed);
  const uri = spec.uri ?? '';
  return loadVector(uri.startsWith('file:') ? fileURLToPath(uri) : uri, a.rows, limits);
}
