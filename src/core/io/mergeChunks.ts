import type { ChunkSummary } from './chunkSummary';
import { lineOfEntry, MAX_WARNINGS_PER_KIND, newDataState, tooManyEntries, type DataState } from './dataState';
import type { EntryStore } from './entryStore';
import { MatrixMarketError, type MmHeader } from './types';

/**
 * Joins the chunks of a parallel read, in file order, into the state one parser would have after
 * the whole file: entries moved together where skipped lines left gaps, skipped lines, warnings and
 * the row-major flag combined. Throws the error the single-thread reader meets first: a chunk's own
 * error, or the declared count exceeded (which only the whole file can tell). `chunks` may end early
 * (undefined) after a failed chunk.
 */
export function mergeChunks(
  file: string,
  header: MmHeader,
  store: EntryStore,
  chunks: readonly (ChunkSummary | undefined)[],
): DataState {
  const st = newDataState(file, header, header.sizeLine + 1, store);
  const declared = header.declaredEntries;
  let entries = 0;
  let lines = 0;
  let prevRow = 0;
  let prevCol = 0;
  let unsorted = 0;
  for (const c of chunks) {
    if (c === undefined) throw new Error('internal: a chunk of the parallel read is missing');
    appendSkipped(st, c, entries);
    const excess = entries + c.entries - declared;
    if (excess > 0 || (excess === 0 && c.failure?.entryLine === true)) {
      st.line = lineOfEntry(st, declared);
      tooManyEntries(st);
    }
    if (c.failure !== undefined) throw new MatrixMarketError(c.failure.diagnostic);
    if (c.entries > 0) {
      if (entries < c.offset) moveEntries(store, c.offset, entries, c.entries);
      const row = store.ri[entries] + 1;
      const col = store.ci[entries] + 1;
      unsorted |= c.unsorted | (row < prevRow || (row === prevRow && col <= prevCol) ? 1 : 0);
      prevRow = c.lastRow;
      prevCol = c.lastCol;
    }
    for (const w of c.warnings) if (st.warnings.length < MAX_WARNINGS_PER_KIND) st.warnings.push(w);
    st.upperCount += c.upperCount;
    entries += c.entries;
    lines += c.lines;
  }
  store.count = entries;
  st.line = header.sizeLine + 1 + lines;
  st.order[0] = prevRow;
  st.order[1] = prevCol;
  st.order[2] = unsorted;
  return st;
}

/** Adds a chunk's skipped-line runs, rebased to the entries before it; a run at the seam joins. */
function appendSkipped(st: DataState, c: ChunkSummary, entriesBefore: number): void {
  for (let i = 0; i < c.skippedAt.length; i++) {
    const at = c.skippedAt[i] + entriesBefore;
    const last = st.skippedAt.length - 1;
    if (last >= 0 && st.skippedAt[last] === at) st.skippedRuns[last] += c.skippedRuns[i];
    else {
      st.skippedAt.push(at);
      st.skippedRuns.push(c.skippedRuns[i]);
    }
  }
  st.skippedLines += c.skippedLines;
}

/** Moves `n` entries from index `from` down to `to` (a chunk after skipped lines). */
function moveEntries(store: EntryStore, from: number, to: number, n: number): void {
  store.ri.copyWithin(to, from, from + n);
  store.ci.copyWithin(to, from, from + n);
  store.re.copyWithin(to, from, from + n);
  store.im?.copyWithin(to, from, from + n);
}
