import type { EntryStore } from './entryStore';
import type { LineContext } from './lineDiagnosis';
import { failAt, type MmDiagnostic, type MmHeader } from './types';

/** Warnings of one kind kept in full; beyond this only a count is reported. */
export const MAX_WARNINGS_PER_KIND = 20;

/** Mutable state of the data section, shared by the block parsers and the assembly. */
export interface DataState extends LineContext {
  store: EntryStore;
  /**
   * Comment and blank lines of the data section, run-length encoded so a file of blank lines costs
   * no memory per line: run i is `skippedRuns[i]` lines preceded by `skippedAt[i]` entries.
   */
  skippedAt: number[];
  skippedRuns: number[];
  /** All comment and blank lines of the data section. */
  skippedLines: number;
  /** Entries given above the diagonal of a symmetric-type file (stored mirrored). */
  upperCount: number;
  /** Coordinate files: [last row, last column (1-based), 1 once an entry broke strict row-major order]. */
  order: Int32Array;
  warnings: MmDiagnostic[];
}

/** Fresh state for entries that start at file line `line`, stored into `store`. */
export function newDataState(file: string, header: MmHeader, line: number, store: EntryStore): DataState {
  return {
    file,
    header,
    line,
    unterminated: false,
    store,
    skippedAt: [],
    skippedRuns: [],
    skippedLines: 0,
    upperCount: 0,
    order: new Int32Array(3),
    warnings: [],
  };
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

/** Records a comment or blank line met after `entries` entries (cold path). */
export function noteSkipped(st: DataState, entries: number): void {
  st.skippedLines++;
  const last = st.skippedAt.length - 1;
  if (last >= 0 && st.skippedAt[last] === entries) st.skippedRuns[last]++;
  else {
    st.skippedAt.push(entries);
    st.skippedRuns.push(1);
  }
}

/** 1-based file line of entry `k` (0-based, in file order), from the recorded skipped lines. */
export function lineOfEntry(st: DataState, k: number): number {
  let before = 0;
  for (let i = 0; i < st.skippedAt.length && st.skippedAt[i] <= k; i++) before += st.skippedRuns[i];
  return st.header.sizeLine + 1 + k + before;
}
