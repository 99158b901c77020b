import type { CsrMatrix } from '../sparse/csr';
import { checkVectors } from './prepared';
import { pcg } from './pcg';
import type { SolveOptions, SolveResult } from './result';

/**
 * Unpreconditioned conjugate gradients for symmetric positive definite A.
 * Iterations = the first k with ||b - A x_k||_2 / ||b||_2 <= tol (recursive residual); 0 if x_0 satisfies it.
 */
export function cg(a: CsrMatrix, b: Float64Array, options: SolveOptions = {}): SolveResult {
  checkVectors(a, b, options.x0);
  return pcg(a, b, undefined, options);
}
