import { choleskySolve, minNormSolve } from './symmetricSolve';

/** Result of a bounded least-squares solve. */
export interface BoundedLsqResult {
  x: Float64Array;
  /** Active-set passes used (each solves one reduced system). */
  passes: number;
}

/**
 * Minimises 1/2 x^T G x - c^T x subject to lb <= x <= ub, for a small symmetric positive semidefinite
 * G (k x k, row-major): the normal equations of min ||F x - y||^2 with G = F^T F, c = F^T y. Primal
 * active-set method: solve for the free variables with the bound ones fixed, walk towards that point
 * until a bound blocks, release the bound variable whose multiplier has the wrong sign; finite for a
 * convex problem. Singular free blocks are solved in the minimum-norm sense, so with no active bounds
 * the answer is the minimum-norm least-squares solution (MATLAB's lsqminnorm). `x0` warm-starts it;
 * `out` (length k) receives the solution instead of a new array.
 */
export function boundedLeastSquaresNormal(
  g: Float64Array,
  c: Float64Array,
  lb: Float64Array,
  ub: Float64Array,
  x0?: Float64Array,
  out?: Float64Array,
): BoundedLsqResult {
  const k = c.length;
  for (let i = 0; i < k; i++) {
    if (!(lb[i] <= ub[i]))
      throw new Error(`bounded least squares: lower bound ${lb[i]} above upper bound ${ub[i]} at ${i}`);
  }
  const x = out ?? new Float64Array(k);
  const { state, freeIdx, gf, rhs, z, work } = scratchFor(k);
  for (let i = 0; i < k; i++) {
    const v = x0 ? x0[i] : 0;
    x[i] = Math.min(ub[i], Math.max(lb[i], v));
    state[i] = lb[i] === ub[i] ? -1 : x[i] <= lb[i] ? -1 : x[i] >= ub[i] ? 1 : 0;
  }
  const scale = Math.max(1e-300, maxAbs(g), maxAbs(c));
  const tol = 1e-12 * scale * Math.max(1, maxAbs(x) + 1);
  let passes = 0;
  for (; passes < 20 * k + 20; passes++) {
    let nf = 0;
    for (let i = 0; i < k; i++) if (state[i] === 0) freeIdx[nf++] = i;
    if (nf > 0) {
      for (let a = 0; a < nf; a++) {
        const i = freeIdx[a];
        let s = c[i];
        for (let j = 0; j < k; j++) if (state[j] !== 0) s -= g[i * k + j] * x[j];
        rhs[a] = s;
        for (let b = 0; b < nf; b++) gf[a * nf + b] = g[i * k + freeIdx[b]];
      }
      if (!choleskySolve(gf, rhs, nf, z, work)) minNormSolve(gf, rhs, nf, z, work);
      // Largest step in [0, 1] from x_F toward z that stays feasible.
      let step = 1;
      let blocking = -1;
      for (let a = 0; a < nf; a++) {
        const i = freeIdx[a];
        const d = z[a] - x[i];
        if (d > 0 && x[i] + d > ub[i]) {
          const s = (ub[i] - x[i]) / d;
          if (s < step) {
            step = s;
            blocking = i;
          }
        } else if (d < 0 && x[i] + d < lb[i]) {
          const s = (lb[i] - x[i]) / d;
          if (s < step) {
            step = s;
            blocking = i;
          }
        }
      }
      for (let a = 0; a < nf; a++) {
        const i = freeIdx[a];
        x[i] = Math.min(ub[i], Math.max(lb[i], x[i] + step * (z[a] - x[i])));
      }
      if (blocking >= 0) {
        for (let a = 0; a < nf; a++) {
          const i = freeIdx[a];
          if (x[i] <= lb[i]) {
            x[i] = lb[i];
            state[i] = -1;
          } else if (x[i] >= ub[i]) {
            x[i] = ub[i];
            state[i] = 1;
          }
        }
        state[blocking] = x[blocking] <= lb[blocking] ? -1 : 1;
        continue;
      }
    }
    // Free block optimal: check the multipliers of the bound variables (gradient G x - c).
    let worst = -1;
    let worstViolation = tol;
    for (let i = 0; i < k; i++) {
      if (state[i] === 0 || lb[i] === ub[i]) continue;
      let grad = -c[i];
      for (let j = 0; j < k; j++) grad += g[i * k + j] * x[j];
      const violation = state[i] < 0 ? -grad : grad; // at lower needs grad >= 0, at upper grad <= 0
      if (violation > worstViolation) {
        worstViolation = violation;
        worst = i;
      }
    }
    if (worst < 0) break;
    state[worst] = 0;
  }
  return { x, passes };
}

/** min ||F x - y||_2 subject to lb <= x <= ub, F dense row-major (rows x k). */
export function boundedLeastSquares(
  f: Float64Array,
  rows: number,
  y: Float64Array,
  lb: Float64Array,
  ub: Float64Array,
): BoundedLsqResult {
  const k = lb.length;
  if (f.length !== rows * k || y.length !== rows) throw new Error('bounded least squares: dimension mismatch');
  const g = new Float64Array(k * k);
  const c = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      const fi = f[r * k + i];
      c[i] += fi * y[r];
      for (let j = 0; j < k; j++) g[i * k + j] += fi * f[r * k + j];
    }
  }
  return boundedLeastSquaresNormal(g, c, lb, ub);
}

interface Scratch {
  k: number;
  /** 0 free, -1 at the lower bound, +1 at the upper bound */
  state: Int8Array;
  freeIdx: Int32Array;
  gf: Float64Array;
  rhs: Float64Array;
  z: Float64Array;
  work: Float64Array;
}

// Solves recur every learner round with the same size; JavaScript is single-threaded, so one
// module-level workspace per size is safe and keeps rounds allocation-free.
let scratch: Scratch | undefined;

function scratchFor(k: number): Scratch {
  if (!scratch || scratch.k !== k) {
    scratch = {
      k,
      state: new Int8Array(k),
      freeIdx: new Int32Array(k),
      gf: new Float64Array(k * k),
      rhs: new Float64Array(k),
      z: new Float64Array(k),
      work: new Float64Array(2 * k * k + k),
    };
  }
  return scratch;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
