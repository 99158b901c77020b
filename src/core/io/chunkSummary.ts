import type { MmDiagnostic } from './types';

/**
 * What a reader thread reports for its chunk of a parallel read (the entries themselves are in the
 * shared arrays, at `offset`). Lines and entries are counted within the chunk; line numbers in the
 * diagnostics are already the file's.
 */
export interface ChunkSummary {
  /** Data lines before the chunk, and so where its entries start in the shared arrays. */
  offset: number;
  /** Lines whose first byte lies in the chunk's byte range. */
  lines: number;
  /** Entries parsed (before the failure, if the chunk failed). */
  entries: number;
  /** Comment and blank lines, run-length encoded by entries before them in the chunk (see DataState). */
  skippedAt: number[];
  skippedRuns: number[];
  skippedLines: number;
  /** Above-diagonal entries of a symmetric-type file, and the first warnings about them. */
  upperCount: number;
  warnings: MmDiagnostic[];
  /** 1 when the chunk's entries are not in strict row-major order. */
  unsorted: number;
  /** Last entry's (row, column), 1-based; (0, 0) when the chunk has none. */
  lastRow: number;
  lastCol: number;
  /** Set when the chunk stopped at an error. */
  failure?: ChunkFailure;
}

/** The error that stopped a chunk. */
export interface ChunkFailure {
  diagnostic: MmDiagnostic;
  /**
   * True when the failing line is one the single-thread reader counts against the declared entries
   * before it reads it (an entry line); false for a line refused unread (too long) or a thread failure.
   */
  entryLine: boolean;
}
