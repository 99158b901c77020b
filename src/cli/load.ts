import { RHS_KINDS, type RhsKind } from '../core/defaults';
import { solvableMatrix, type MatrixLimits, type MmMatrix } from '../core/io/matrixMarket';
import { buildRhs } from '../core/rhs';
import type { CsrMatrix } from '../core/sparse/csr';
import { loadMatrix } from '../node/loadMatrix';
import { loadVector } from '../node/loadVector';
import { UsageError } from './args';
import { progressLine } from './progress';

/** Reads a Matrix Market file within `limits` (the --max-* flags), showing read progress on a terminal. */
export async function readMatrix(path: string, limits: MatrixLimits): Promise<MmMatrix> {
  const progress = progressLine();
  try {
    return await loadMatrix(path, {
      limits,
      onProgress: (f) => progress.update(`reading ${path}: ${(100 * f).toFixed(0)}%`),
    });
  } finally {
    progress.clear();
  }
}

/** Reads a Matrix Market file and returns the real square matrix a solver can use. */
export async function loadSystem(path: string, limits: MatrixLimits): Promise<{ mm: MmMatrix; a: CsrMatrix }> {
  const mm = await readMatrix(path, limits);
  return { mm, a: solvableMatrix(mm) };
}

/**
 * The right-hand side named by --rhs: ones, a-times-ones (alias aones; the exact solution is all ones),
 * random (core's seeded builder, the editor's vector for the same seed), or a vector file.
 */
export async function makeRhs(a: CsrMatrix, rhs: string, seed: number, limits: MatrixLimits): Promise<Float64Array> {
  const kind = rhs === 'aones' ? 'a-times-ones' : rhs;
  if ((RHS_KINDS as readonly string[]).includes(kind)) return buildRhs(a, kind as RhsKind, seed);
  if (!/\.mtx(\.gz)?$/i.test(rhs))
    throw new UsageError(`--rhs must be ${RHS_KINDS.join(', ')} or a .mtx vector file, got '${rhs}'`);
  return loadVector(rhs, a.rows, limits);
}
