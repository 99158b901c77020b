import seedrandom from 'seedrandom';
import { rename, writeFile } from 'node:fs/promises';
import { solvableMatrix, vectorFromMatrix, type MatrixLimits, type MmMatrix } from '../core/io/matrixMarket';
import { loadMatrix } from '../node/loadMatrix';
import { spmv, type CsrMatrix } from '../core/sparse/csr';
import { UsageError } from './args';
import { progressLine } from './progress';

/** Reads a Matrix Market file within `limits` (the --max-* flags), showing read progress on a terminal. */
export async function readMatrix(path: string, limits: MatrixLimits): Promise<MmMatrix> {
  const progress = progressLine();
  try {
    return await loadMatrix(path, { limits, onProgress: (f) => progress.update(`reading ${path}: ${(100 * f).toFixed(0)}%`) });
  } finally {
    progress.clear();
  }
}

/** Reads a Matrix Market file and returns the real square matrix a solver can use. */
export async function loadSystem(path: string, limits: MatrixLimits): Promise<{ mm: MmMatrix; a: CsrMatrix }> {
  const mm = await readMatrix(path, limits);
  return { mm, a: solvableMatrix(mm) };
}

export const RHS_KINDS = ['ones', 'aones', 'random'] as const;

/** The right-hand side named by --rhs: ones, aones (A times ones: exact solution all ones), random (seeded), or a vector file. */
export async function makeRhs(a: CsrMatrix, rhs: string, seed: string, limits: MatrixLimits): Promise<Float64Array> {
  const n = a.rows;
  if (rhs === 'ones') return new Float64Array(n).fill(1);
  if (rhs === 'aones') {
    const b = new Float64Array(n);
    spmv(a, new Float64Array(n).fill(1), b);
    return b;
  }
  if (rhs === 'random') {
    const rng = seedrandom(seed);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) b[i] = 2 * rng() - 1;
    return b;
  }
  if (!/\.mtx(\.gz)?$/i.test(rhs)) throw new UsageError(`--rhs must be ones, aones, random or a .mtx vector file, got '${rhs}'`);
  const b = vectorFromMatrix(await readMatrix(rhs, limits));
  if (b.length !== n) throw new UsageError(`${rhs}: the right-hand side has ${b.length} entries but the matrix has ${n} rows`);
  return b;
}

/** Writes text to path atomically: a temporary file, then rename, so no half-written file is ever seen. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
