import { assembleArray } from './assembleArray';
import { assembleCoordinate } from './assembleCoordinate';
import { parseArrayBlock } from './arrayBlock';
import { parseCoordinateBlock } from './coordinateBlock';
import { MAX_WARNINGS_PER_KIND, type DataState } from './dataState';
import { EntryStore } from './entryStore';
import { parseBanner, parseSizeLine, type MmBanner } from './header';
import { checkLimits } from './limits';
import { latin1 } from './numberScan';
import { warmUpCoordinateLoop } from './warmUp';
import { failAt, type MmDiagnostic, type MatrixLimits, type MmHeader, type MmMatrix } from './types';

/** Longest line kept while waiting for its end; Matrix Market lines are short. */
const MAX_LINE_BYTES = 1 << 20;
/** First capacity when the input size is unknown (gzip): grows by doubling up to the declared count. */
const INITIAL_UNKNOWN_CAPACITY = 1 << 20;
const EMPTY = Buffer.alloc(0);
/** Inputs above this size (or of unknown size) warm the coordinate loop up first: see warmUp.ts. */
const WARM_UP_ABOVE_BYTES = 1 << 22;
/** Bytes handed to one hot-loop call. */
const WINDOW_BYTES = 1 << 20;

/**
 * Incremental Matrix Market parser: feed it the file's bytes in chunks of any size with `push`,
 * then call `finish`. Only a partial line at a chunk edge is ever copied.
 */
export class MmParser {
  private phase: 'banner' | 'comments' | 'data' = 'banner';
  private line = 1;
  private carry: Buffer = EMPTY;
  private banner: MmBanner | undefined;
  private data: DataState | undefined;
  private consumed = 0;
  private dataStart = 0;
  private readonly warnings: MmDiagnostic[] = [];

  /** `totalBytes`, when known, bounds the first allocation by what the input can possibly hold. */
  constructor(
    readonly file: string,
    private readonly limits: Partial<MatrixLimits> | undefined,
    private readonly totalBytes?: number,
  ) {}

  /** Parses every complete line of `chunk`; the caller may reuse `chunk` afterwards. */
  push(chunk: Uint8Array): void {
    const buf = asBuffer(chunk);
    let start = 0;
    if (this.carry.length > 0) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.keepPartial(Buffer.concat([this.carry, buf]));
        return;
      }
      const joined = Buffer.concat([this.carry, buf.subarray(0, nl + 1)]);
      this.carry = EMPTY;
      this.block(joined, 0, joined.length, 0);
      start = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    // Windows of whole lines: the hot loops run as many short calls, which V8 optimises fully.
    while (last >= start) {
      const cut = start + WINDOW_BYTES < last ? buf.lastIndexOf(10, start + WINDOW_BYTES) : last;
      const stop = cut >= start ? cut : last;
      this.block(buf, start, stop + 1, this.consumed + start);
      start = stop + 1;
    }
    if (start < buf.length) this.keepPartial(Buffer.from(buf.subarray(start)));
    this.consumed += buf.length;
  }

  /** Parses the last (unterminated) line, checks the entry count and builds the matrix. */
  finish(): MmMatrix {
    if (this.carry.length > 0) {
      const tail = Buffer.concat([this.carry, Buffer.from([10])]);
      this.carry = EMPTY;
      if (this.data) this.data.unterminated = true;
      this.block(tail, 0, tail.length, this.consumed);
      if (this.data) this.data.unterminated = false;
    }
    const lastLine = Math.max(1, this.line - 1);
    if (this.phase === 'banner') {
      failAt(
        this.file,
        1,
        "the file is empty: expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general'",
      );
    }
    const st = this.data;
    if (st === undefined) {
      const b = this.banner;
      const expected = b?.format === 'array' ? "'rows columns'" : "'rows columns entries'";
      return failAt(this.file, lastLine, `the file ends before the size line: expected ${expected}`);
    }
    const h = st.header;
    if (st.store.count < h.declaredEntries) {
      failAt(
        this.file,
        lastLine,
        `the file ends after ${st.store.count} of the ${h.declaredEntries} entries declared on line ${h.sizeLine} (truncated?)`,
      );
    }
    const built = h.format === 'coordinate' ? assembleCoordinate(st) : assembleArray(st);
    const warnings = [...this.warnings, ...st.warnings];
    if (st.upperCount > MAX_WARNINGS_PER_KIND) {
      warnings.push({
        file: this.file,
        line: h.sizeLine,
        severity: 'warning',
        message: `${st.upperCount} entries in all were above the diagonal and used as their mirrors; only the first ${MAX_WARNINGS_PER_KIND} are listed`,
      });
    }
    return { file: this.file, header: h, csr: built.csr, imag: built.imag, warnings };
  }

  /** Lines read so far (the current line number, 1-based). */
  get currentLine(): number {
    return this.line;
  }

  /** What the banner and size line declared; undefined until the size line is read. */
  get header(): MmHeader | undefined {
    return this.data?.header;
  }

  /** Input offset of the first byte after the size line (0 until it is read). */
  get dataOffset(): number {
    return this.dataStart;
  }

  private keepPartial(partial: Buffer): void {
    if (partial.length > MAX_LINE_BYTES) {
      failAt(
        this.file,
        this.line,
        `line ${this.line} is longer than ${MAX_LINE_BYTES} bytes: expected one entry per line`,
      );
    }
    this.carry = partial;
  }

  /** buf[p, end) holds whole lines; `offset` is the input position of buf[p]. */
  private block(buf: Buffer, p: number, end: number, offset: number): void {
    const base = offset - p;
    while (p < end && this.phase !== 'data') {
      const nl = buf.indexOf(10, p);
      this.headerLine(buf, p, nl, base + nl + 1);
      p = nl + 1;
      this.line++;
    }
    if (p >= end || this.data === undefined) return;
    const st = this.data;
    const entriesBefore = st.store.count;
    const skippedBefore = st.skippedLines;
    st.line = this.line;
    st.store.count =
      st.header.format === 'coordinate' ? parseCoordinateBlock(st, buf, p, end) : parseArrayBlock(st, buf, p, end);
    // Every line of the block was an entry or a skipped (comment/blank) line.
    this.line += st.store.count - entriesBefore + st.skippedLines - skippedBefore;
    st.line = this.line;
  }

  private headerLine(buf: Buffer, start: number, nl: number, nextOffset: number): void {
    if (this.phase === 'banner') {
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // UTF-8 BOM
      this.banner = parseBanner(latin1(buf, start, nl), this.file, this.line);
      this.phase = 'comments';
      return;
    }
    const text = latin1(buf, start, nl);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('%')) return;
    if (this.banner === undefined) return;
    const header = parseSizeLine(text, this.banner, 1, this.file, this.line);
    checkLimits(header, this.limits, this.file);
    this.startData(header, nextOffset);
  }

  private startData(header: MmHeader, offset: number): void {
    const coordinate = header.format === 'coordinate';
    if (coordinate && (this.totalBytes === undefined || this.totalBytes > WARM_UP_ABOVE_BYTES)) warmUpCoordinateLoop();
    const perValue = header.field === 'complex' ? 4 : header.field === 'pattern' ? 0 : 2;
    const minBytes = (coordinate ? 4 : 0) + perValue || 2;
    const initial =
      this.totalBytes === undefined ? INITIAL_UNKNOWN_CAPACITY : Math.floor((this.totalBytes - offset + 1) / minBytes);
    this.data = {
      file: this.file,
      header,
      line: this.line + 1,
      unterminated: false,
      store: new EntryStore(
        header.declaredEntries,
        initial,
        coordinate,
        header.field === 'complex',
        this.file,
        this.line,
      ),
      skippedAt: [],
      skippedRuns: [],
      skippedLines: 0,
      upperCount: 0,
      rowCounts: new Int32Array(coordinate ? header.rows + 1 : 0),
      order: new Int32Array(3),
      warnings: [],
    };
    this.dataStart = offset;
    this.phase = 'data';
  }
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
