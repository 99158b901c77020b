import type { CsrMatrix } from '../sparse/csr';

export type MmFormat = 'coordinate' | 'array';
export type MmField = 'real' | 'integer' | 'pattern' | 'complex';
export type MmSymmetry = 'general' | 'symmetric' | 'skew-symmetric' | 'hermitian';

/** What the banner and size line declare. Lines are 1-based. */
export interface MmHeader {
  format: MmFormat;
  field: MmField;
  symmetry: MmSymmetry;
  rows: number;
  cols: number;
  /** Entries the file must list: the size line's count (coordinate) or the stored dense count (array). */
  declaredEntries: number;
  bannerLine: number;
  sizeLine: number;
}

export interface MmDiagnostic {
  file: string;
  /** 1-based line number. */
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** A parsed matrix: symmetric storage already expanded to both triangles. */
export interface MmMatrix {
  file: string;
  header: MmHeader;
  csr: CsrMatrix;
  /** Imaginary parts aligned with `csr.values` (complex field only). */
  imag?: Float64Array;
  warnings: MmDiagnostic[];
}

/**
 * Limits checked from the size line, before anything proportional to the matrix is allocated; the
 * same three apply at every entry point (settings relax.maxMatrixRows / maxStoredEntries /
 * maxMatrixMemoryMB, CLI flags --max-rows / --max-entries / --max-memory-mb).
 */
export interface MatrixLimits {
  /** Largest allowed row or column count. */
  maxRows: number;
  /** Largest allowed number of entries listed in the file. */
  maxStoredEntries: number;
  /** Largest estimated memory for reading one matrix, in MB (2^20 bytes); also caps decompressed bytes. */
  maxMemoryMB: number;
}

export interface MmReadOptions {
  limits?: Partial<MatrixLimits>;
  /** Fraction of the input consumed, in [0, 1]; called once per chunk. */
  onProgress?: (fraction: number) => void;
  /** Polled once per chunk; returning true stops the read with a MatrixMarketError. */
  isCancelled?: () => boolean;
}

/** Every reader failure: `.message` is `file:line: what was wrong and what was expected`. */
export class MatrixMarketError extends Error {
  readonly diagnostic: MmDiagnostic;
  /** True when the read stopped because `isCancelled` asked it to. */
  readonly cancelled: boolean;

  constructor(diagnostic: MmDiagnostic, cancelled = false) {
    super(`${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`);
    this.name = 'MatrixMarketError';
    this.diagnostic = diagnostic;
    this.cancelled = cancelled;
  }
}

/** Builds an error diagnostic and throws it. */
export function failAt(file: string, line: number, message: string): never {
  throw new MatrixMarketError({ file, line, severity: 'error', message });
}
