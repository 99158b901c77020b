import type { CsrMatrix } from '../sparse/csr';

/** Where a Lanczos run keeps its coefficients and work vectors (reused along a sequence). */
export interface LanczosWork {
  /** Diagonal of T: alpha[j] for step j (length > the step cap). */
  alpha: Float64Array;
  /** Off-diagonal of T: beta[j + 1] is the residual norm after step j, coupling rows j and j + 1 (length > cap + 1). */
  beta: Float64Array;
  /** n numbers each. */
  w: Float64Array;
  tmp: Float64Array;
}

/**
 * The one Lanczos iteration of the Jacobi estimates: the three-term recurrence (no reorthogonalisation)
 * on S A S, S = diag(scale) (D^{-1/2} for the Jacobi matrix), from the unit vector `vector(0)`.
 * `vector(j)` is the storage of basis vector j (all of them kept, or a rolling three). After each step
 * `stop(k, invariant)` says whether to end (`invariant`: beta_k ~ 0, T's eigenvalues are exact); the run
 * ends at `cap` steps regardless. Returns the steps taken k; T is alpha[0..k), beta[1..k).
 */
export function scaledLanczos(
  a: CsrMatrix,
  scale: Float64Array,
  cap: number,
  vector: (j: number) => Float64Array,
  work: LanczosWork,
  stop: (k: number, invariant: boolean) => boolean,
): number {
  const n = a.rows;
  const { rowPtr, colIdx, values } = a;
  const { alpha, beta, w, tmp } = work;
  let k = 0;
  for (let j = 0; j < cap; j++) {
    const vj = vector(j);
    for (let i = 0; i < n; i++) tmp[i] = vj[i] * scale[i];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += values[p] * tmp[colIdx[p]];
      w[i] = s * scale[i];
    }
    let dot = 0;
    for (let i = 0; i < n; i++) dot += w[i] * vj[i];
    alpha[j] = dot;
    let norm = 0;
    const prev = j > 0 ? vector(j - 1) : undefined;
    for (let i = 0; i < n; i++) {
      const x = w[i] - dot * vj[i] - (prev ? beta[j] * prev[i] : 0);
      w[i] = x;
      norm += x * x;
    }
    beta[j + 1] = Math.sqrt(norm);
    k = j + 1;
    if (stop(k, beta[j + 1] <= 1e-12 * Math.abs(alpha[j])) || k === cap) break;
    const next = vector(j + 1);
    const inv = 1 / beta[j + 1];
    for (let i = 0; i < n; i++) next[i] = w[i] * inv;
  }
  return k;
}
