import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runChildOk } from '../helpers/childProcess';

/** Debian's interpreter: petsc4py is installed for it, not for a python3 earlier on PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const PETSC_DIR = '/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real';
export const REPO = resolve(__dirname, '../..');
export const PETSC_SOLVE = resolve(REPO, 'python/petsc_solve.py');

/** Environment for petsc4py: its alternatives link may be missing, so PETSC_DIR is set explicitly. */
export function petscEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PETSC_DIR, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' };
}

/**
 * Throws with the install command when petsc4py cannot be imported: these tests must fail, not
 * skip, on a machine without PETSc (CI installs it from scripts/debian-packages.txt).
 */
export function requirePetsc4py(): void {
  const probe = spawnSync(DEBIAN_PYTHON, ['-c', 'import petsc4py; petsc4py.init([]); from petsc4py import PETSc'], {
    env: petscEnv(),
    encoding: 'utf8',
  });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `petsc4py is not usable with ${DEBIAN_PYTHON} (PETSC_DIR=${PETSC_DIR}): ` +
        `${probe.error?.message ?? probe.stderr.trim()}\n` +
        'Install it with: apt-get install -y python3-petsc4py python3-mpi4py openmpi-bin ' +
        '(listed in scripts/debian-packages.txt, installed by scripts/install-system-deps.sh)',
    );
  }
}

export interface PetscCount {
  iterations: number;
  reason: string;
  converged: boolean;
  ranks: number;
  rows: number;
}

/**
 * Solves A x = ones in real PETSc with the given options on `ranks` MPI processes; `blasCore` forces
 * OpenBLAS's kernel (OPENBLAS_CORETYPE, forwarded to every rank), which sets the order of PETSc's dot products.
 */
export async function petscSolve(matrix: string, options: string[], ranks = 1, blasCore?: string): Promise<PetscCount> {
  const args = [PETSC_SOLVE, resolve(REPO, matrix), ...options];
  const env = blasCore === undefined ? petscEnv() : { ...petscEnv(), OPENBLAS_CORETYPE: blasCore };
  const forward = blasCore === undefined ? [] : ['-x', 'OPENBLAS_CORETYPE'];
  const out =
    ranks === 1
      ? await runChildOk(DEBIAN_PYTHON, args, { env })
      : await runChildOk(
          'mpiexec',
          ['--allow-run-as-root', '--oversubscribe', ...forward, '-n', String(ranks), DEBIAN_PYTHON, ...args],
          { env },
        );
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as PetscCount;
}

/** OpenBLAS kernels every x86-64 machine runs (generic SSE2, AVX2): with the native one, PETSc's own rounding spread. */
export const BLAS_CORES = ['Prescott', 'Haswell'] as const;

/**
 * PETSc's counts for one solve under the native and the BLAS_CORES kernels: on an ill-conditioned matrix
 * the count is a function of the dot products' order (bcsstk03, 2 ranks, CG + local SSOR at omega 1:
 * 100 Haswell, 101 Prescott, 103 SkylakeX), so a count from Relax is checked against this range.
 */
export async function petscCountsAcrossBlas(matrix: string, options: string[], ranks = 1): Promise<PetscCount[]> {
  const runs: PetscCount[] = [];
  for (const core of [undefined, ...BLAS_CORES]) runs.push(await petscSolve(matrix, options, ranks, core));
  return runs;
}

/** Many solves of A x = ones on one process start (each KSP under its own options prefix). */
export async function petscSolveBatch(matrix: string, optionLists: string[][]): Promise<PetscCount[]> {
  const out = await runChildOk(DEBIAN_PYTHON, [PETSC_SOLVE, resolve(REPO, matrix), '--batch'], {
    env: petscEnv(),
    input: JSON.stringify(optionLists),
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as PetscCount[];
}
