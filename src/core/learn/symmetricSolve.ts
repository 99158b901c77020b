/**
 * Minimum-norm solution of G x = c for a small symmetric positive semidefinite G (k x k, row-major,
 * only the `size` x `size` leading block of the buffers is used), via a cyclic Jacobi eigen-decomposition
 * and a pseudo-inverse that drops eigenvalues below `relTol` times the largest. For k <= ~10 this is
 * exact enough and needs no library; `work` must hold at least 2 k^2 + k numbers.
 */
export function minNormSolve(
  g: Float64Array,
  c: Float64Array,
  size: number,
  x: Float64Array,
  work: Float64Array,
  relTol = 1e-14,
): void {
  const k = size;
  const a = work.subarray(0, k * k);
  const v = work.subarray(k * k, 2 * k * k);
  const tmp = work.subarray(2 * k * k, 2 * k * k + k);
  for (let i = 0; i < k * k; i++) a[i] = g[i];
  v.fill(0);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < k; p++) {
      diag += a[p * k + p] * a[p * k + p];
      for (let q = p + 1; q < k; q++) off += a[p * k + q] * a[p * k + q];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (apq === 0) continue;
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p];
          const arq = a[r * k + q];
          a[r * k + p] = cs * arp - sn * arq;
          a[r * k + q] = sn * arp + cs * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r];
          const aqr = a[q * k + r];
          a[p * k + r] = cs * apr - sn * aqr;
          a[q * k + r] = sn * apr + cs * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = cs * vrp - sn * vrq;
          v[r * k + q] = sn * vrp + cs * vrq;
        }
      }
    }
  }
  let maxEig = 0;
  for (let i = 0; i < k; i++) maxEig = Math.max(maxEig, Math.abs(a[i * k + i]));
  const cut = relTol * maxEig;
  // x = V diag(1/lambda) V^T c over the kept eigenpairs.
  for (let j = 0; j < k; j++) {
    const lambda = a[j * k + j];
    if (!(Math.abs(lambda) > cut) || maxEig === 0) {
      tmp[j] = 0;
      continue;
    }
    let s = 0;
    for (let r = 0; r < k; r++) s += v[r * k + j] * c[r];
    tmp[j] = s / lambda;
  }
  for (let r = 0; r < k; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += v[r * k + j] * tmp[j];
    x[r] = s;
  }
}

/**
 * Solves G x = c by Cholesky for a small symmetric matrix (leading `size` x `size` block, row-major)
 * when it is comfortably positive definite; returns false, leaving x unspecified, when a pivot falls
 * below `relPivot` times the largest diagonal entry (then use {@link minNormSolve}). `work` needs
 * size^2 numbers.
 */
export function choleskySolve(
  g: Float64Array,
  c: Float64Array,
  size: number,
  x: Float64Array,
  work: Float64Array,
  relPivot = 1e-10,
): boolean {
  const k = size;
  const l = work;
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, g[i * k + i]);
  if (!(maxDiag > 0)) return false;
  const floor = relPivot * maxDiag;
  for (let j = 0; j < k; j++) {
    let d = g[j * k + j];
    for (let p = 0; p < j; p++) d -= l[j * k + p] * l[j * k + p];
    if (!(d > floor)) return false;
    const ljj = Math.sqrt(d);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = g[i * k + j];
      for (let p = 0; p < j; p++) s -= l[i * k + p] * l[j * k + p];
      l[i * k + j] = s / ljj;
    }
  }
  for (let i = 0; i < k; i++) {
    let s = c[i];
    for (let p = 0; p < i; p++) s -= l[i * k + p] * x[p];
    x[i] = s / l[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let p = i + 1; p < k; p++) s -= l[p * k + i] * x[p];
    x[i] = s / l[i * k + i];
  }
  return true;
}
