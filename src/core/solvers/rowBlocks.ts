import { SolverInputError } from './errors';

/** Most ranks a processor-local simulation accepts (each rank owns at least one row as well). */
export const MAX_RANKS = 4096;

/**
 * PETSc's default row split (PetscSplitOwnership with PETSC_DECIDE) of n rows over `ranks` processes:
 * rank r owns floor(n / ranks) rows, plus one when r < n mod ranks. Returns ranks + 1 offsets (0 first, n last).
 */
export function petscRowBlocks(n: number, ranks: number): Int32Array {
  if (!Number.isInteger(ranks) || ranks < 1 || ranks > MAX_RANKS) {
    throw new SolverInputError(`ranks = ${ranks}: the number of MPI ranks must be an integer from 1 to ${MAX_RANKS}`);
  }
  if (ranks > n)
    throw new SolverInputError(
      `ranks = ${ranks} is more than the matrix's ${n} rows: every rank must own at least one row`,
    );
  const starts = new Int32Array(ranks + 1);
  const base = Math.floor(n / ranks);
  const extra = n % ranks;
  for (let r = 0; r < ranks; r++) starts[r + 1] = starts[r] + base + (r < extra ? 1 : 0);
  return starts;
}
