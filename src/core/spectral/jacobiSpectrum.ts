import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import { isSymmetric } from '../sparse/symmetry';
import { scaledLanczos } from './lanczos';
import { extremeEigenvector, tridiagonalEigenvalue } from './tridiagonal';

/** Estimate of the Jacobi iteration's spectral radius from the extreme eigenvalues of D^{-1/2} A D^{-1/2}. */
export interface JacobiEstimate {
  /** rho(I - D^{-1} A) = max(1 - lambda_min, lambda_max - 1); finite, may exceed 1 (Jacobi divergent). */
  rho: number;
  lambdaMin: number;
  lambdaMax: number;
  /** Matrix work in sweep-equivalents: one per Lanczos step (a product with A and O(n) vector work), one for reading the diagonal. */
  sweeps: number;
  /** Whether both extreme eigenvalues met the accuracy target within the step cap. */
  converged: boolean;
}

/** Saved warm-start vectors of a {@link JacobiSpectrum}. */
export interface JacobiSpectrumState {
  /** Base64 of the little-endian Float64 warm-start vector, or empty when none. */
  warm: string;
  /** Warm-start vectors of other sizes, most recent first (absent in states saved before them). */
  others?: string[];
  /** Present when `warm` came from an estimate that did not converge (it is then not kept across sizes). */
  unconverged?: true;
}

const CHECK_AT = [2, 3, 4, 6, 8, 11, 15, 20, 26, 33, 41, 50, 60, 75, 95, 120, 150];
/**
 * Step cap while Jacobi diverges (lambda_max > 2) and lambda_min is unsettled: an SPD matrix's SOR rate is
 * set by lambda_min, which converges slowly on a stiff matrix (bcsstk03, n = 112: exact at 120 steps).
 */
const DIVERGENT_STEPS = 150;
/** Warm-start vectors kept for matrices of other sizes (a `files` sequence alternates between a few). */
const KEPT_SIZES = 4;

/**
 * Lanczos on the symmetrically scaled matrix D^{-1/2} A D^{-1/2} (A symmetric with a positive diagonal)
 * for its extreme eigenvalues, warm-started from the previous call's Ritz vectors: along a sequence of
 * nearby matrices a few products suffice. The target accuracy is relative to the distance of the
 * spectrum from the Jacobi stability limit, which is what Young's formula is sensitive to.
 */
export class JacobiSpectrum {
  private warm: Float64Array | undefined;
  /** Warm vectors of other sizes, most recent first. */
  private others: Float64Array[] = [];
  /**
   * Only a converged estimate's vector is kept across sizes: 1138_bus (lambda_min 4e-6) restarted from its
   * own unconverged vectors converges after a few visits, and Young's prior then plays 1.99 where its
   * SSOR-CG optimum is 1.0 (files-mixed-ssor-cg 1.18 -> 1.26 x best-fixed; 1.175 with this rule).
   */
  private warmConverged = true;
  private pattern: Int32Array | undefined;
  private patternRows: Int32Array | undefined;
  private diagPos: Int32Array = new Int32Array(0);
  // Workspace reused while the size stays the same (estimates recur along a sequence).
  private buffers:
    | { n: number; kMax: number; v: Float64Array; w: Float64Array; tmp: Float64Array; scaleInv: Float64Array }
    | undefined;
  private readonly relTol: number;
  private readonly maxSteps: number;

  constructor(relTol = 2e-3, maxSteps = 60, state?: JacobiSpectrumState) {
    this.relTol = relTol;
    this.maxSteps = maxSteps;
    if (state && state.warm) this.warm = decodeFloat64(state.warm);
    if (state && state.others) this.others = state.others.map(decodeFloat64);
    if (state && state.unconverged) this.warmConverged = false;
  }

  /** Makes the warm vector of size n current (if one is kept), keeping the current one among the others. */
  private selectWarm(n: number): void {
    if (this.warm && this.warm.length === n) return;
    const i = this.others.findIndex((x) => x.length === n);
    const found = i >= 0 ? this.others.splice(i, 1)[0] : undefined;
    if (this.warm && this.warmConverged) this.others.unshift(this.warm);
    this.others.length = Math.min(this.others.length, KEPT_SIZES);
    this.warm = found;
    this.warmConverged = true; // only converged vectors are kept among the others
  }

  /** Estimates rho for `a`, or undefined when `a` is not symmetric with a positive diagonal. */
  estimate(a: CsrMatrix): JacobiEstimate | undefined {
    const n = a.rows;
    if (n === 0 || a.cols !== n) return undefined;
    const entries = a.rowPtr[n];
    const room = Math.floor(4e7 / n);
    const kMax = Math.max(2, Math.min(this.maxSteps, n, room));
    // Steps beyond kMax are only for lambda_min of a Jacobi-divergent matrix (the basis is kept for them too).
    const kLong = Math.max(kMax, Math.min(Math.max(this.maxSteps, DIVERGENT_STEPS), n, room));
    if (!this.buffers || this.buffers.n !== n || this.buffers.kMax !== kMax) {
      this.buffers = {
        n,
        kMax,
        v: new Float64Array((kMax + 1) * n),
        w: new Float64Array(n),
        tmp: new Float64Array(n),
        scaleInv: new Float64Array(n),
      };
    }
    const buffers = this.buffers;
    const { w, tmp, scaleInv } = buffers;
    // Along a sequence the sparsity pattern is usually shared: find the diagonal's positions once
    // per pattern (one pass over the entries), then only read n values.
    let sweeps = 0;
    if (this.pattern !== a.colIdx || this.patternRows !== a.rowPtr || this.diagPos.length !== n) {
      // Lanczos needs a symmetric matrix; checked once per pattern (values are assumed to keep it).
      if (!isSymmetric(a, 1e-12)) return undefined;
      this.diagPos = diagonalIndex(a);
      this.pattern = a.colIdx;
      this.patternRows = a.rowPtr;
      sweeps += 2;
    } else {
      sweeps += n / Math.max(entries, 1);
    }
    for (let i = 0; i < n; i++) {
      const p = this.diagPos[i];
      const d = p >= 0 ? a.values[p] : 0;
      if (!(d > 0)) return undefined;
      scaleInv[i] = 1 / Math.sqrt(d);
    }
    this.selectWarm(n);
    const alpha = new Float64Array(kLong + 1);
    const beta = new Float64Array(kLong + 2);
    // Start vector: the previous Ritz vectors' sum (rich in both extremes), else a fixed mixed-sign vector.
    const start = buffers.v.subarray(0, n);
    if (this.warm && this.warm.length === n) start.set(this.warm);
    else for (let i = 0; i < n; i++) start[i] = 1 + 0.5 * Math.sin(1.7 * i + 0.3);
    normalise(start);

    let lambdaMin = 0;
    let lambdaMax = 0;
    let converged = false;
    const y = new Float64Array(kLong);
    const yMax = new Float64Array(kLong);
    const work = new Float64Array(kLong);
    let check = 0;
    const k = scaledLanczos(
      a,
      scaleInv,
      kLong,
      (j) => this.basisVector(buffers, j, kLong),
      { alpha, beta, w, tmp },
      (k, invariant) => {
        // One product with A plus O(n) vector work, like one SOR iteration's sweep plus residual: 1 sweep.
        sweeps += 1;
        // Past kMax only while the last check found Jacobi divergent with lambda_min unsettled.
        const exhausted = invariant || k === kLong || (k >= kMax && !(lambdaMax > 2));
        if (!exhausted && k !== CHECK_AT[check]) return false;
        if (k === CHECK_AT[check]) check++;
        lambdaMin = tridiagonalEigenvalue(alpha, beta, k, 0);
        lambdaMax = tridiagonalEigenvalue(alpha, beta, k, k - 1);
        // Each extreme relative to its own distance from the Jacobi stability limit (0 and 2): that
        // distance is what Young's formula, and an SPD estimate from lambda_min, are sensitive to.
        const okMin =
          this.ritzError(alpha, beta, k, lambdaMin, true, y, work) <= this.relTol * Math.max(1e-4, Math.abs(lambdaMin));
        const okMax =
          this.ritzError(alpha, beta, k, lambdaMax, false, yMax, work) <=
          this.relTol * Math.max(1e-4, Math.abs(2 - lambdaMax));
        const done =
          (okMin && okMax) ||
          this.otherSideClear(okMin, okMax, lambdaMin, lambdaMax, beta[k] * y[k - 1], beta[k] * yMax[k - 1]);
        if (!done && !exhausted) return false;
        converged = done || invariant;
        return true;
      },
    );
    // Warm start for next time: the sum of both extreme Ritz vectors.
    const ritz = new Float64Array(n);
    for (let j = 0; j < k; j++) {
      const c = y[j] + yMax[j];
      if (c === 0) continue;
      const vj = buffers.v.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) ritz[i] += c * vj[i];
    }
    sweeps += (k * n) / Math.max(entries, 1);
    if (normalise(ritz) > 0) this.warm = ritz;
    this.warmConverged = converged;
    const rho = Math.max(1 - lambdaMin, lambdaMax - 1);
    return { rho, lambdaMin, lambdaMax, sweeps, converged };
  }

  /** Basis vector j; the basis grows to kLong + 1 vectors only when a divergent estimate runs past kMax. */
  private basisVector(b: { n: number; v: Float64Array }, j: number, kLong: number): Float64Array {
    if ((j + 1) * b.n > b.v.length) {
      const grown = new Float64Array((kLong + 1) * b.n);
      grown.set(b.v);
      b.v = grown;
    }
    return b.v.subarray(j * b.n, (j + 1) * b.n);
  }

  /**
   * Whether rho is settled although one extreme is not: the accurate extreme sets rho, and the other,
   * moved outward by its residual (Ritz values approach the spectrum's ends from inside), stays
   * closer to 1 (a 9-point operator's lambda_max converges slowly and never matters for rho).
   */
  private otherSideClear(
    okMin: boolean,
    okMax: boolean,
    lambdaMin: number,
    lambdaMax: number,
    residualMin: number,
    residualMax: number,
  ): boolean {
    if (okMin) return lambdaMax - 1 + Math.abs(residualMax) < 1 - lambdaMin;
    // Jacobi divergent (lambda_max > 2): rho is settled, but an SPD matrix's SOR rate is set by lambda_min,
    // which must converge too (bcsstk03 stopped at 25 steps with lambda_min 1.85e-3, the true one 1.97e-4).
    if (okMax) return lambdaMax < 2 && 1 - lambdaMin + Math.abs(residualMin) < lambdaMax - 1;
    return false;
  }

  /**
   * Error bound of a Ritz value: residual^2 / gap (residual = beta_k |last eigenvector component|),
   * leaving the eigenvector of T in `y`.
   */
  private ritzError(
    alpha: Float64Array,
    beta: Float64Array,
    k: number,
    theta: number,
    smallest: boolean,
    y: Float64Array,
    work: Float64Array,
  ): number {
    extremeEigenvector(alpha, beta, k, theta, smallest, y, work);
    const residual = Math.abs(beta[k] * y[k - 1]);
    if (k < 2) return residual;
    const other = tridiagonalEigenvalue(alpha, beta, k, smallest ? 1 : k - 2);
    const gap = Math.max(Math.abs(other - theta), 1e-300);
    return Math.min(residual, (residual * residual) / gap);
  }

  toJSON(): JacobiSpectrumState {
    const state: JacobiSpectrumState = { warm: this.warm ? encodeFloat64(this.warm) : '' };
    if (this.others.length > 0) state.others = this.others.map(encodeFloat64);
    if (!this.warmConverged) state.unconverged = true;
    return state;
  }
}

function normalise(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  s = Math.sqrt(s);
  if (s > 0) for (let i = 0; i < x.length; i++) x[i] /= s;
  return s;
}

// Base64 through btoa/atob (available in Node and browsers) keeps the doubles exact and compact.
function encodeFloat64(x: Float64Array): string {
  const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  }
  return btoa(binary);
}

function decodeFloat64(s: string): Float64Array {
  const binary = atob(s);
  const out = new Float64Array(binary.length >> 3);
  const bytes = new Uint8Array(out.buffer);
  for (let i = 0; i < bytes.length; i++) bytes[i] = binary.charCodeAt(i);
  return out;
}
