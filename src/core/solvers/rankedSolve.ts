import type { CsrMatrix } from '../sparse/csr';
import { cgFamilyApplicability } from './applicability';
import { localSor } from './localSor';
import { localSsorPcg } from './localSsorPcg';
import type { PreparedMatrix } from './prepared';
import type { SolveOptions, SolveResult } from './result';
import { sor } from './sor';
import { ssorPcg } from './ssorPcg';

/** The omega methods as run on `ranks` MPI ranks: 1 = Relax's sequential solvers, more = PETSc's processor-local forms. */
export type OmegaMethod = 'sor' | 'ssor-cg';

/**
 * One SOR or SSOR-CG solve as PETSc runs it on `ranks` processes: the sequential method for 1 rank (whose
 * counts PETSc reproduces), processor-local forward SOR or CG with local symmetric SOR beyond.
 */
export function rankedSolve(
  a: CsrMatrix | PreparedMatrix,
  b: Float64Array,
  method: OmegaMethod,
  omega: number,
  ranks: number,
  options: SolveOptions = {},
): SolveResult {
  if (ranks === 1) return method === 'sor' ? sor(a, b, omega, options) : ssorPcg(a, b, omega, options);
  return method === 'sor' ? localSor(a, b, omega, ranks, options) : localSsorPcg(a, b, omega, ranks, options);
}

/** CG with local symmetric SOR at omega = 1 on the same ranks, when SSOR-CG applies to A and it converged. */
export interface LocalFallback {
  method: 'ssor-cg';
  omega: number;
  iterations: number;
}

/**
 * What to offer when processor-local SOR fails on `ranks` ranks (often where SOR converges on one process):
 * one SSOR-CG solve at omega = 1 on the same ranks; undefined when it does not apply or does not converge.
 */
export function localCgFallback(
  a: CsrMatrix,
  b: Float64Array,
  ranks: number,
  options: SolveOptions,
): LocalFallback | undefined {
  if (!cgFamilyApplicability(a, 'ssor-cg').applies) return undefined;
  const r = rankedSolve(a, b, 'ssor-cg', 1, ranks, options);
  return r.converged ? { method: 'ssor-cg', omega: 1, iterations: r.iterations } : undefined;
}
