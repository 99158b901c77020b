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

/** Solves A x = ones in real PETSc with the given options on `ranks` MPI processes. */
export async function petscSolve(matrix: string, options: string[], ranks = 1): Promise<PetscCount> {
  const args = [PETSC_SOLVE, resolve(REPO, matrix), ...options];
  const out =
    ranks === 1
      ? await runChildOk(DEBIAN_PYTHON, args, { env: petscEnv() })
      : await runChildOk(
          'mpiexec',
          ['--allow-run-as-root', '--oversubscribe', '-n', String(ranks), DEBIAN_PYTHON, ...args],
          { env: petscEnv() },
        );
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as PetscCount;
}

/** Many solves of A x = ones on one process start (each KSP under its own options prefix). */
export async function petscSolveBatch(matrix: string, optionLists: string[][]): Promise<PetscCount[]> {
  const out = await runChildOk(DEBIAN_PYTHON, [PETSC_SOLVE, resolve(REPO, matrix), '--batch'], {
    env: petscEnv(),
    input: JSON.stringify(optionLists),
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as PetscCount[];
}
