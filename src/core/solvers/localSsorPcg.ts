import type { CsrMatrix } from '../sparse/csr';
import { localSymmetricSweep, localSystem } from './localSweeps';
import { PETSC_DIVERGENCE_FACTOR } from './localSor';
import { pcg } from './pcg';
import type { PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';

/**
 * CG preconditioned by PETSc's processor-local symmetric SOR on `ranks` MPI processes (default row split):
 * what `-ksp_type cg -pc_type sor -pc_sor_local_symmetric` runs. Iterations = the first k with
 * ||b - A x_k|| <= tol ||b|| (recursive residual). With ranks = 1 it is SSOR-CG in PETSc's sweep form.
 */
export function localSsorPcg(
  a: CsrMatrix | PreparedMatrix,
  b: Float64Array,
  omega: number,
  ranks: number,
  options: SolveOptions = {},
): SolveResult {
  const { matrix: m, blocks, scaled } = localSystem(a, b, omega, ranks, options);
  const t = new Float64Array(m.rows);
  return pcg(m, b, (r, z) => localSymmetricSweep(m, blocks, scaled, omega, r, z, t), {
    divergenceFactor: PETSC_DIVERGENCE_FACTOR,
    ...options,
  });
}
