import type { EntryStore } from './entryStore';
import type { LineContext } from './lineDiagnosis';
import { failAt, type MmDiagnostic } from './types';

/** Warnings of one kind kept in full; beyond this only a count is reported. */
export const MAX_WARNINGS_PER_KIND = 20;

/** Mutable state of the data section, shared by the block parsers and the assembly. */
export interface DataState extends LineContext {
  store: EntryStore;
  /** For each comment or blank line in the data section: how many entries preceded it. */
  skippedAt: number[];
  /** Entries given above the diagonal of a symmetric-type file (stored mirrored). */
  upperCount: number;
  /**
   * Coordinate files: entries per row, at index row + 1 (0-based row), so a prefix sum is rowPtr.
   * Complete only while `order[2]` is 0 (entries in strict row-major order).
   */
  rowCounts: Int32Array;
  /** Coordinate files: [last row, last column (1-based), 1 once an entry broke strict row-major order]. */
  order: Int32Array;
  warnings: MmDiagnostic[];
}

/** Records an above-diagonal entry of a symmetric-type file (cold path). */
export function noteUpper(st: DataState, row: number, col: number): void {
  st.upperCount++;
  if (st.upperCount > MAX_WARNINGS_PER_KIND) return;
  st.warnings.push({
    file: st.file,
    line: st.line,
    severity: 'warning',
    message: `entry (${row}, ${col}) is above the diagonal in a ${st.header.symmetry} file; it is used as its mirror (${col}, ${row})`,
  });
}

/** Throws for the first entry line beyond the declared count. */
export function tooManyEntries(st: DataState): never {
  return failAt(
    st.file,
    st.line,
    `more entries than the ${st.header.declaredEntries} declared on line ${st.header.sizeLine}: expected the end of the file`,
  );
}

/** Throws for a diagonal entry that the symmetry forbids (skew) or whose imaginary part must be 0 (hermitian). */
export function badDiagonal(st: DataState, row: number, im: number): never {
  if (st.header.symmetry === 'skew-symmetric') {
    return failAt(
      st.file,
      st.line,
      `entry (${row}, ${row}) is on the diagonal, but a skew-symmetric file stores only entries below it (its diagonal is zero)`,
    );
  }
  return failAt(
    st.file,
    st.line,
    `diagonal entry (${row}, ${row}) has imaginary part ${im}, but a hermitian matrix has a real diagonal`,
  );
}

/** 1-based file line of entry `k` (0-based, in file order), from the recorded skipped lines. */
export function lineOfEntry(st: DataState, k: number): number {
  let lo = 0;
  let hi = st.skippedAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (st.skippedAt[mid] <= k) lo = mid + 1;
    else hi = mid;
  }
  return st.header.sizeLine + 1 + k + lo;
}
