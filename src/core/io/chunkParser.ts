import type { ChunkSummary } from './chunkSummary';
import { EntryStore, type EntryArrays } from './entryStore';
import { MmParser } from './parser';
import type { MatrixMarketError, MmHeader } from './types';
import { warmUpCoordinateLoop } from './warmUp';

/** Where a chunk of a parallel read lies and where its entries go. */
export interface ChunkPlace {
  file: string;
  header: MmHeader;
  /** Data lines before the chunk: its entries start there in the shared arrays. */
  offset: number;
  /** Views of the shared arrays from `offset` on. */
  arrays: EntryArrays;
  /** First byte of the chunk's first line, and the chunk's end: its last line holds byte stop - 1. */
  start: number;
  stop: number;
  size: number;
  /** Reads are aligned to this, as the single-thread loader's are, so every line is cut alike. */
  blockBytes: number;
}

/**
 * Parses one chunk of a parallel read, fed by a caller that reads what `next` asks (synchronously
 * on a reader thread, asynchronously on the main thread): the lines whose first byte lies in
 * [start, stop), in blocks aligned to `blockBytes` from the file's start, so a line too long to
 * keep is refused where the single-thread loader refuses it.
 */
export class ChunkParser {
  private readonly parser: MmParser;
  private readonly store: EntryStore;
  private readonly firstLine: number;
  private pos: number;
  private done: boolean;

  constructor(private readonly place: ChunkPlace) {
    const { file, header, offset } = place;
    this.store = EntryStore.over(header.declaredEntries, place.arrays, file, header.sizeLine);
    this.firstLine = header.sizeLine + 1 + offset;
    this.parser = MmParser.forRange(file, header, this.firstLine, this.store);
    this.pos = place.start;
    this.done = place.start >= place.stop;
    if (!this.done) warmUpCoordinateLoop();
  }

  /** The next bytes to read, [pos, pos + length), or undefined when the chunk is complete. */
  next(): { pos: number; length: number } | undefined {
    if (this.done || this.pos >= this.place.size) return undefined;
    const b = this.place.blockBytes;
    const blockEnd = Math.min(this.place.size, (Math.floor(this.pos / b) + 1) * b);
    return { pos: this.pos, length: blockEnd - this.pos };
  }

  /** Parses the bytes `next` asked for (fewer if the file ended). */
  push(bytes: Buffer): void {
    if (bytes.length === 0) {
      this.done = true;
      return;
    }
    const { stop } = this.place;
    if (this.pos + bytes.length >= stop) {
      const nl = bytes.indexOf(10, Math.max(0, stop - 1 - this.pos));
      if (nl >= 0) {
        this.parser.push(bytes.subarray(0, nl + 1));
        this.done = true;
        return;
      }
    }
    this.parser.push(bytes);
    this.pos += bytes.length;
  }

  /** Ends the chunk (parsing an unterminated last line of the file) and reports it. */
  finish(): ChunkSummary {
    const st = this.parser.endRange();
    return this.summary(st.line - this.firstLine, st.store.count);
  }

  /** The report of a chunk stopped by `e`, thrown by `push` or `finish`. */
  failed(e: MatrixMarketError): ChunkSummary {
    const line = e.diagnostic.line;
    const s = this.summary(line - this.firstLine, Math.max(0, line - this.firstLine - this.parser.state.skippedLines));
    s.failure = { diagnostic: e.diagnostic, entryLine: !this.parser.failedOnLongLine };
    return s;
  }

  /** True when the shared arrays filled up (more lines than the declared entries leave room for). */
  get full(): boolean {
    return this.store.count === this.store.capacity;
  }

  private summary(lines: number, entries: number): ChunkSummary {
    const st = this.parser.state;
    return {
      offset: this.place.offset,
      lines,
      entries,
      skippedAt: st.skippedAt,
      skippedRuns: st.skippedRuns,
      skippedLines: st.skippedLines,
      upperCount: st.upperCount,
      warnings: st.warnings,
      unsorted: st.order[2],
      lastRow: st.order[0],
      lastCol: st.order[1],
    };
  }
}

/** Views of `arrays` for the entries from `offset` on. */
export function arraysFrom(arrays: EntryArrays, offset: number): EntryArrays {
  return {
    ri: arrays.ri.subarray(offset),
    ci: arrays.ci.subarray(offset),
    re: arrays.re.subarray(offset),
    im: arrays.im?.subarray(offset),
  };
}
