import type { CsrMatrix } from '../sparse/csr';
import { residual } from '../sparse/residual';
import { localForwardSweep, localSystem } from './localSweeps';
import { finishSolve as finish, IterationMonitor } from './monitor';
import type { PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';

/** PETSc 3.18's default -ksp_divtol (KSPGetTolerances): a residual this many times the initial one stops with DIVERGED_DTOL. */
export const PETSC_DIVERGENCE_FACTOR = 1e4;

/**
 * PETSc's processor-local SOR on `ranks` MPI processes with its default row split, as KSPRICHARDSON with
 * PCSOR -pc_sor_local_forward runs it: x_{k+1} = x_k + M^{-1} (b - A x_k), M block-diagonal over the ranks'
 * row blocks (one local forward sweep each). Iterations = the first k with ||r_k|| <= tol ||r_0||; divergence at
 * PETSc's 1e4 x ||r_0||. With ranks = 1 this is SOR itself.
 */
export function localSor(
  a: CsrMatrix | PreparedMatrix,
  b: Float64Array,
  omega: number,
  ranks: number,
  options: SolveOptions = {},
): SolveResult {
  const start = performance.now();
  const { matrix: m, blocks, scaled } = localSystem(a, b, omega, ranks, options);
  const n = m.rows;
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const r = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  const monitor = new IterationMonitor({ divergenceFactor: PETSC_DIVERGENCE_FACTOR, ...options }, start);
  const r0 = residual(m, x, b, r);
  if (r0 === 0) return finish(monitor, x, 0, 'converged', 0);
  for (let k = 0; ; k++) {
    const rel = k === 0 ? 1 : residual(m, x, b, r) / r0;
    const reason = monitor.observe(k, rel, rel <= monitor.tol);
    if (reason !== undefined) return finish(monitor, x, k, reason, rel);
    localForwardSweep(m, blocks, scaled, r, y, t);
    for (let i = 0; i < n; i++) x[i] += y[i];
  }
}
