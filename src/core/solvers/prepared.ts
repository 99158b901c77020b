import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import { isSymmetric } from '../sparse/symmetry';
import { SolverInputError } from './errors';

/**
 * A matrix checked and indexed once for SOR / SSOR: the diagonal position and inverse of every row.
 * Reusing it across a sequence of solves with the same matrix skips the O(nnz) preparation.
 */
export interface PreparedMatrix {
  readonly kind: 'prepared';
  readonly matrix: CsrMatrix;
  /** Position of each row's diagonal entry in colIdx/values. */
  readonly diagIdx: Int32Array;
  readonly invDiag: Float64Array;
  /** Scratch vectors owned by this preparation so repeated solves do not allocate them. */
  readonly work1: Float64Array;
  readonly work2: Float64Array;
  /** Whether the matrix equals its transpose exactly; found on first use (see isSymmetricPrepared). */
  symmetric?: boolean;
}

/**
 * Diagonal positions by sparsity pattern (keyed on colIdx, checked against rowPtr). A pattern's arrays never
 * change once a matrix is built, and sequences that rewrite or shift one matrix's values share them, so
 * their instances locate the diagonal once. The entries are shared: never written.
 */
const diagonals = new WeakMap<Int32Array, { rowPtr: Int32Array; diagIdx: Int32Array }>();

function diagonalOf(a: CsrMatrix): Int32Array {
  const hit = diagonals.get(a.colIdx);
  if (hit !== undefined && hit.rowPtr === a.rowPtr) return hit.diagIdx;
  const diagIdx = diagonalIndex(a);
  diagonals.set(a.colIdx, { rowPtr: a.rowPtr, diagIdx });
  return diagIdx;
}

/** Checks that A is square with a nonzero, finite diagonal and caches what sweeps need. */
export function prepareSor(a: CsrMatrix): PreparedMatrix {
  if (a.rows !== a.cols) {
    throw new SolverInputError(`matrix is ${a.rows} x ${a.cols}: SOR and SSOR need a square matrix`);
  }
  const diagIdx = diagonalOf(a);
  const n = a.rows;
  const values = a.values;
  const invDiag = new Float64Array(n);
  // Locals, not a.values / a.rows in the loop: the matrix objects reaching here have several shapes.
  for (let i = 0; i < n; i++) {
    const k = diagIdx[i];
    if (k < 0) {
      throw new SolverInputError(
        `row ${i + 1} has no stored diagonal entry: SOR and SSOR divide by a(${i + 1},${i + 1})`,
      );
    }
    const d = values[k];
    if (d === 0 || !Number.isFinite(d)) {
      throw new SolverInputError(`row ${i + 1} has diagonal entry ${d}: SOR and SSOR divide by a(${i + 1},${i + 1})`);
    }
    invDiag[i] = 1 / d;
  }
  // Scratch is allocated on first use: the WebAssembly solvers never touch it, and each allocation costs
  // about as much as a small matrix's whole preparation.
  let work1: Float64Array | undefined;
  let work2: Float64Array | undefined;
  return {
    kind: 'prepared',
    matrix: a,
    diagIdx,
    invDiag,
    get work1() {
      return (work1 ??= new Float64Array(n));
    },
    get work2() {
      return (work2 ??= new Float64Array(n));
    },
  };
}

/** Whether the prepared matrix equals its transpose exactly, checked once (O(nnz log row length)) and cached. */
export function isSymmetricPrepared(p: PreparedMatrix): boolean {
  if (p.symmetric === undefined) p.symmetric = p.matrix.symmetric === true || isSymmetric(p.matrix, 0);
  return p.symmetric;
}

/** Accepts either a raw matrix (prepared now) or an existing preparation. */
export function asPrepared(a: CsrMatrix | PreparedMatrix): PreparedMatrix {
  return 'kind' in a && a.kind === 'prepared' ? a : prepareSor(a as CsrMatrix);
}

/** Throws a SolverInputError unless 0 < omega < 2. */
export function checkOmega(omega: number): void {
  if (!(omega > 0 && omega < 2)) {
    throw new SolverInputError(`omega = ${omega} is outside (0, 2): SOR and SSOR diverge or are undefined there`);
  }
}

/** Throws a SolverInputError when b or x0 do not match the matrix size or contain NaN/Inf. */
export function checkVectors(a: CsrMatrix, b: Float64Array, x0?: Float64Array): void {
  if (a.rows !== a.cols)
    throw new SolverInputError(`matrix is ${a.rows} x ${a.cols}: the solvers need a square matrix`);
  if (b.length !== a.rows) {
    throw new SolverInputError(`right-hand side has ${b.length} entries but the matrix has ${a.rows} rows`);
  }
  checkFinite(b, 'right-hand side');
  if (x0 !== undefined) {
    if (x0.length !== a.rows) {
      throw new SolverInputError(`initial guess has ${x0.length} entries but the matrix has ${a.rows} rows`);
    }
    checkFinite(x0, 'initial guess');
  }
}

function checkFinite(v: Float64Array, what: string): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new SolverInputError(`${what} entry ${i + 1} is ${v[i]}`);
  }
}
