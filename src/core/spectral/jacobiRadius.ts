import seedrandom from 'seedrandom';
import type { CsrMatrix } from '../sparse/csr';
import { diagonalIndex } from '../sparse/csr';
import { isSymmetric } from '../sparse/symmetry';
import { SolverInputError } from '../solvers/errors';
import { scaledLanczos } from './lanczos';
import { tridiagonalEigenvalue } from './tridiagonal';

export interface JacobiRadiusOptions {
  /**
   * Stop when the estimate changed by at most tol * (1 - rho) over the last 5 steps (tol * rho once
   * rho >= 1): relative to 1 - rho because Young's omega depends on sqrt(1 - rho^2). Default 1e-3.
   */
  tol?: number;
  /** Step cap (one matrix-vector product each). Default 300. */
  maxIterations?: number;
  /** Starting vector (warm start, e.g. the previous matrix's result); default a seeded random vector. */
  start?: Float64Array;
  /** Skip the symmetry test when the caller already knows (e.g. from the Matrix Market header). */
  symmetric?: boolean;
}

export interface JacobiRadiusEstimate {
  /** Estimated spectral radius of the Jacobi iteration matrix I - D^{-1} A. */
  rho: number;
  /** Steps taken (matrix-vector products). */
  iterations: number;
  /** Work in sweeps (one pass over the stored entries): the products plus the symmetry test if run. */
  sweeps: number;
  /** Whether the stopping test was met before the cap. */
  converged: boolean;
  /**
   * `lanczos` (symmetric A, positive diagonal): rho = max(|1 - lambda_min|, |lambda_max - 1|) of
   * D^{-1/2} A D^{-1/2}, converging from below. `power`: power iteration on I - D^{-1} A, less accurate.
   */
  method: 'lanczos' | 'power';
  /** Lanczos only: extreme Ritz values of D^{-1/2} A D^{-1/2} (inside its spectrum, so lambdaMin >= the true one). */
  lambdaMin?: number;
  lambdaMax?: number;
  /** Last Lanczos vector (or power iterate), usable as `start` for a similar matrix. */
  vector: Float64Array;
}

/**
 * Estimates rho(I - D^{-1} A). Accuracy: the stopping test bounds the change of the estimate, not its
 * error; Lanczos extreme eigenvalues converge fast but stay an underestimate until converged.
 * Throws SolverInputError if a diagonal entry is zero or missing.
 */
export function estimateJacobiRadius(a: CsrMatrix, options: JacobiRadiusOptions = {}): JacobiRadiusEstimate {
  const n = a.rows;
  const diag = diagonalValues(a);
  let sweeps = 0;
  let symmetric = options.symmetric;
  if (symmetric === undefined) {
    symmetric = isSymmetric(a);
    sweeps += 1;
  }
  const positive = diag.every((d) => d > 0);
  const start = options.start && options.start.length === n ? Float64Array.from(options.start) : randomVector(n);
  const tol = options.tol ?? 1e-3;
  const cap = options.maxIterations ?? 300;
  const r = symmetric && positive ? lanczos(a, diag, start, tol, cap) : power(a, diag, start, tol, cap);
  return { ...r, sweeps: sweeps + r.iterations };
}

type Core = Omit<JacobiRadiusEstimate, 'sweeps'>;

function lanczos(a: CsrMatrix, diag: Float64Array, v: Float64Array, tol: number, cap: number): Core {
  const n = a.rows;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = 1 / Math.sqrt(diag[i]);
  normalize(v);
  // Three vectors in turn: the recurrence needs only the current and the previous one.
  const ring = [v, new Float64Array(n), new Float64Array(n)];
  const work = {
    alpha: new Float64Array(cap),
    beta: new Float64Array(cap + 1),
    w: new Float64Array(n),
    tmp: new Float64Array(n),
  };
  const history: number[] = [];
  let rho = 0;
  let converged = false;
  let lambdaMin = Number.NaN;
  let lambdaMax = Number.NaN;
  const m = scaledLanczos(
    a,
    s,
    cap,
    (j) => ring[j % 3],
    work,
    (k, invariant) => {
      lambdaMin = tridiagonalEigenvalue(work.alpha, work.beta, k, 0);
      lambdaMax = tridiagonalEigenvalue(work.alpha, work.beta, k, k - 1);
      rho = Math.max(Math.abs(1 - lambdaMin), Math.abs(lambdaMax - 1));
      history.push(rho);
      // An invariant subspace found (beta ~ 0): the Ritz values are exact eigenvalues.
      converged = invariant || stable(history, tol);
      return converged;
    },
  );
  return {
    rho,
    iterations: m,
    converged,
    method: 'lanczos',
    lambdaMin,
    lambdaMax,
    vector: ring[Math.max(m - 1, 0) % 3],
  };
}

function power(a: CsrMatrix, diag: Float64Array, x: Float64Array, tol: number, cap: number): Core {
  const n = a.rows;
  const y = new Float64Array(n);
  normalize(x);
  // Complex dominant pairs make single-step ratios oscillate: average the log growth over a window.
  const logs: number[] = [];
  const history: number[] = [];
  const window = 10;
  let rho = 0;
  let converged = false;
  let k = 0;
  while (k < cap) {
    k++;
    const { rowPtr, colIdx, values } = a;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) t += values[p] * x[colIdx[p]];
      const yi = x[i] - t / diag[i];
      y[i] = yi;
      norm += yi * yi;
    }
    norm = Math.sqrt(norm);
    if (norm === 0 || !Number.isFinite(norm)) {
      rho = norm === 0 ? 0 : Infinity;
      converged = norm === 0;
      break;
    }
    logs.push(Math.log(norm));
    for (let i = 0; i < n; i++) x[i] = y[i] / norm;
    const recent = logs.slice(-window);
    rho = Math.exp(recent.reduce((s, l) => s + l, 0) / recent.length);
    if (logs.length >= window) {
      history.push(rho);
      if (stable(history, tol)) {
        converged = true;
        break;
      }
    }
  }
  return { rho, iterations: k, converged, method: 'power', vector: x };
}

/** The last STABLE_STEPS estimates agree with the current one to tol relative to the distance from 1. */
function stable(history: number[], tol: number): boolean {
  const m = history.length;
  if (m <= STABLE_STEPS) return false;
  const last = history[m - 1];
  const scale = last < 1 ? 1 - last : last;
  for (let i = m - 1 - STABLE_STEPS; i < m - 1; i++) if (Math.abs(history[i] - last) > tol * scale) return false;
  return true;
}

const STABLE_STEPS = 5;

function diagonalValues(a: CsrMatrix): Float64Array {
  const idx = diagonalIndex(a);
  const d = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    const v = idx[i] < 0 ? 0 : a.values[idx[i]];
    if (v === 0 || !Number.isFinite(v)) {
      throw new SolverInputError(`row ${i + 1} has diagonal entry ${v}: the Jacobi iteration matrix is undefined`);
    }
    d[i] = v;
  }
  return d;
}

function randomVector(n: number): Float64Array {
  const rng = seedrandom('relax-jacobi-radius');
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rng() - 0.5;
  return v;
}

function normalize(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  s = Math.sqrt(s);
  if (s === 0) {
    v.fill(1 / Math.sqrt(v.length));
    return;
  }
  for (let i = 0; i < v.length; i++) v[i] /= s;
}
