import { parseArrayBlock } from './arrayBlock';
import { parseCoordinateBlock } from './coordinateBlock';
import { newDataState, type DataState } from './dataState';
import { EntryStore } from './entryStore';
import { finishData } from './finishData';
import { parseBanner, parseSizeLine, type MmBanner } from './header';
import { checkLimits } from './limits';
import { latin1 } from './numberScan';
import { warmUpCoordinateLoop } from './warmUp';
import { failAt, type MatrixLimits, type MmHeader, type MmMatrix } from './types';

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
  /** Set when the last failure was a line too long to keep (raised before the line is parsed). */
  private longLine = false;

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

  /**
   * A parser for one chunk of a parallel read: its lines start at file line `firstLine` in the data
   * section of a file with `header`, and its entries go into `store` (views of the shared arrays).
   * Feed it with `push` and end it with `endRange`.
   */
  static forRange(file: string, header: MmHeader, firstLine: number, store: EntryStore): MmParser {
    const parser = new MmParser(file, undefined);
    parser.phase = 'data';
    parser.line = firstLine;
    parser.data = newDataState(file, header, firstLine, store);
    return parser;
  }

  /**
   * Reads the banner, comments and size line from the input's first bytes and stops before the
   * entries, allocating nothing for them: the header and the input offset of the first entry byte,
   * or undefined when the size line does not end inside `chunk`. Throws what `push` would throw for
   * those lines. The parser is used up afterwards.
   */
  readHeader(chunk: Uint8Array): { header: MmHeader; dataOffset: number } | undefined {
    const buf = asBuffer(chunk);
    let p = 0;
    for (;;) {
      const nl = buf.indexOf(10, p);
      if (nl < 0) return undefined;
      const header = this.headerLine(buf, p, nl);
      p = nl + 1;
      this.line++;
      if (header !== undefined) return { header, dataOffset: p };
    }
  }

  /** Parses the last (unterminated) line, checks the entry count and builds the matrix. */
  finish(): MmMatrix {
    this.flushTail();
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
    return finishData(st, lastLine);
  }

  /** Ends a chunk parser (`forRange`): parses an unterminated last line and returns the chunk's state. */
  endRange(): DataState {
    this.flushTail();
    return this.state;
  }

  /** The data section's state so far (after the size line only). */
  get state(): DataState {
    if (this.data === undefined) throw new Error('internal: the parser has not reached the entries');
    return this.data;
  }

  /** True when the parser failed on a line too long to keep, before that line was parsed. */
  get failedOnLongLine(): boolean {
    return this.longLine;
  }

  private flushTail(): void {
    if (this.carry.length === 0) return;
    const tail = Buffer.concat([this.carry, Buffer.from([10])]);
    this.carry = EMPTY;
    if (this.data) this.data.unterminated = true;
    this.block(tail, 0, tail.length, this.consumed);
    if (this.data) this.data.unterminated = false;
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
      this.longLine = true;
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
      const header = this.headerLine(buf, p, nl);
      p = nl + 1;
      this.line++;
      if (header !== undefined) this.startData(header, base + p);
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

  /** Reads one banner or comment line, or the size line: then returns the (limit-checked) header. */
  private headerLine(buf: Buffer, start: number, nl: number): MmHeader | undefined {
    if (this.phase === 'banner') {
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // UTF-8 BOM
      this.banner = parseBanner(latin1(buf, start, nl), this.file, this.line);
      this.phase = 'comments';
      return undefined;
    }
    const text = latin1(buf, start, nl);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('%')) return undefined;
    if (this.banner === undefined) return undefined;
    const header = parseSizeLine(text, this.banner, 1, this.file, this.line);
    checkLimits(header, this.limits, this.file);
    return header;
  }

  private startData(header: MmHeader, offset: number): void {
    const coordinate = header.format === 'coordinate';
    if (coordinate && (this.totalBytes === undefined || this.totalBytes > WARM_UP_ABOVE_BYTES)) warmUpCoordinateLoop();
    const perValue = header.field === 'complex' ? 4 : header.field === 'pattern' ? 0 : 2;
    const minBytes = (coordinate ? 4 : 0) + perValue || 2;
    const initial =
      this.totalBytes === undefined ? INITIAL_UNKNOWN_CAPACITY : Math.floor((this.totalBytes - offset + 1) / minBytes);
    const store = new EntryStore(
      header.declaredEntries,
      initial,
      coordinate,
      header.field === 'complex',
      this.file,
      header.sizeLine,
    );
    this.data = newDataState(this.file, header, header.sizeLine + 1, store);
    this.dataStart = offset;
    this.phase = 'data';
  }
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
