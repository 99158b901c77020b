import { checkExportSettings, formatNumber, type ExportSettings } from './exportSettings';

/*
 * SciPy has no SOR solver and no SSOR preconditioner, so the snippet writes both with
 * spsolve_triangular. It follows Relax's definitions exactly (same sweep, same stopping rule), so
 * running it on the tuned matrix reproduces Relax's count; tests run it with the machine's SciPy.
 */

const COMMON = `import sys
import numpy as np
import scipy.io
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve_triangular

A = sp.csr_matrix(scipy.io.mmread(sys.argv[1] if len(sys.argv) > 1 else MATRIX), dtype=float)
b = np.ones(A.shape[0])
D = A.diagonal()
L = sp.tril(A, k=-1, format="csr")
`;

function sorBody(s: ExportSettings): string {
  return `# SOR: x_{k+1} = x_k + (D/omega + L)^{-1} (b - A x_k), stop when ||r_k|| < tol ||r_0||.
lower = (sp.diags(D / OMEGA) + L).tocsr()
x = np.zeros_like(b)
r = b - A @ x
r0 = np.linalg.norm(r)
iterations, converged = 0, r0 == 0
while not converged and iterations < MAX_IT:
    x += spsolve_triangular(lower, r, lower=True)
    r = b - A @ x
    iterations += 1
    converged = np.linalg.norm(r) < TOL * r0
print(f"SOR omega={OMEGA}: {iterations} sweeps, converged={converged}")
`.replace(/MAX_IT/g, String(s.maxIterations));
}

function ssorCgBody(s: ExportSettings): string {
  return `# SSOR-CG: M = (D + omega L) D^{-1} (D + omega L)^T / (omega (2 - omega)), CG stops when
# ||b - A x_k|| <= tol ||b|| (SciPy's rtol test with atol = 0 is exactly that).
from scipy.sparse.linalg import LinearOperator, cg
lower = (sp.diags(D) + OMEGA * L).tocsr()
upper = lower.T.tocsr()
scale = OMEGA * (2.0 - OMEGA)

def apply_ssor(r):
    y = spsolve_triangular(lower, r, lower=True)
    return scale * spsolve_triangular(upper, D * y, lower=False)

M = LinearOperator(A.shape, matvec=apply_ssor)
count = [0]
x, info = cg(A, b, rtol=TOL, atol=0.0, maxiter=${s.maxIterations}, M=M,
             callback=lambda xk: count.__setitem__(0, count[0] + 1))
print(f"SSOR-CG omega={OMEGA}: {count[0]} iterations, converged={info == 0}")
`;
}

/** A runnable Python (NumPy + SciPy) script that solves with the exported omega by Relax's definition. */
export function scipySnippet(s: ExportSettings): string {
  checkExportSettings(s);
  const source = s.source ?? 'matrix.mtx';
  const head =
    `# Relax: ${s.method} omega = ${formatNumber(s.omega)}, tolerance ${formatNumber(s.tolerance)}, ` +
    `cap ${s.maxIterations}` +
    (s.measured
      ? `; Relax measured ${s.measured.iterations} iterations${s.measured.converged ? '' : ' (not converged)'}`
      : '') +
    `\n# Usage: python3 this.py [MATRIX.mtx]   (right-hand side b = ones, x_0 = 0)\n`;
  const constants = `MATRIX = ${JSON.stringify(source)}\nOMEGA = ${formatNumber(s.omega)}\nTOL = ${formatNumber(s.tolerance)}\n`;
  const body = s.method === 'sor' ? sorBody(s) : ssorCgBody(s);
  return head + constants + COMMON + body;
}
