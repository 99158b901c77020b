// Test-only helpers: matrix loading and an independent reference run through python3 + SciPy.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csrFromTriplets, type CsrMatrix } from '../../../src/core/sparse/csr';

export const root = resolve(__dirname, '../../..');
export const samplePath = (name: string): string => resolve(root, 'samples', name);
export const fixturePath = (name: string): string => resolve(root, 'test/fixtures', name);

/** Minimal coordinate real/integer reader (general or symmetric) so solver tests do not depend on the io module. */
export function loadMtx(path: string): CsrMatrix {
  const lines = readFileSync(path, 'latin1').split('\n');
  const symmetric = /symmetric/i.test(lines[0]);
  let i = 0;
  while (lines[i].startsWith('%')) i++;
  const [rows, cols, count] = lines[i++].trim().split(/\s+/).map(Number);
  const ri = new Int32Array(2 * count);
  const ci = new Int32Array(2 * count);
  const v = new Float64Array(2 * count);
  let m = 0;
  for (; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('%')) continue;
    const [r, c, x] = t.split(/\s+/);
    ri[m] = Number(r) - 1;
    ci[m] = Number(c) - 1;
    v[m] = Number(x);
    m++;
    if (symmetric && r !== c) {
      ri[m] = Number(c) - 1;
      ci[m] = Number(r) - 1;
      v[m] = Number(x);
      m++;
    }
  }
  return csrFromTriplets(rows, cols, ri, ci, v, m);
}

/**
 * Interpreter for the SciPy reference: Debian's, whose python3-scipy .ci/run installs, unless
 * RELAX_PYTHON names another (a python3 earlier on PATH may lack SciPy on a fresh machine).
 */
export const referencePython = process.env.RELAX_PYTHON ?? '/usr/bin/python3';

/** Environment for python3 children: one BLAS thread, since many test workers run at once. */
export const pythonEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

export interface ReferenceRun {
  iterations: number;
  converged: boolean;
  relativeResidual: number;
}

/** Runs test/fixtures/scripts/sor_reference.py (SciPy, real triangular solves) with b = ones, x0 = 0; asynchronous so references run in parallel. */
export async function referenceRunAsync(
  path: string,
  method: 'sor' | 'ssor-cg' | 'cg',
  omega: number,
  tol = 1e-8,
  maxIter = 10000,
): Promise<ReferenceRun> {
  const { stdout } = await promisify(execFile)(
    referencePython,
    [
      resolve(root, 'test/fixtures/scripts/sor_reference.py'),
      path,
      method,
      String(omega),
      String(tol),
      String(maxIter),
    ],
    { encoding: 'utf8', env: pythonEnv },
  );
  return JSON.parse(stdout) as ReferenceRun;
}

export const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

/** 1-D Laplacian tridiag(-1, 2, -1) of size n (SPD, consistently ordered). */
export function laplacian1d(n: number, diag = 2): CsrMatrix {
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) (ri.push(i), ci.push(i - 1), v.push(-1));
    (ri.push(i), ci.push(i), v.push(diag));
    if (i < n - 1) (ri.push(i), ci.push(i + 1), v.push(-1));
  }
  return csrFromTriplets(n, n, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
}

/** 9-point Laplacian (8 on the diagonal, -1 to all eight neighbours): SPD but not consistently ordered. */
export function ninePoint(m: number): CsrMatrix {
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < m; j++)
    for (let i = 0; i < m; i++)
      for (let dj = -1; dj <= 1; dj++)
        for (let di = -1; di <= 1; di++) {
          const x = i + di;
          const y = j + dj;
          if (x < 0 || y < 0 || x >= m || y >= m) continue;
          (ri.push(j * m + i), ci.push(y * m + x), v.push(di === 0 && dj === 0 ? 8 : -1));
        }
  return csrFromTriplets(m * m, m * m, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
}
