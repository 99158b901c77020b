/** One event from {@link LineSplitter.push}: a complete line, or a line that exceeded the limit. */
export type LineEvent = { kind: 'line'; text: string } | { kind: 'overlong'; bytes: number };

/**
 * Splits a byte stream into newline-terminated UTF-8 lines holding at most `maxBytes` of a
 * partial line: once a line grows past the limit its bytes are dropped as they arrive (one
 * 'overlong' event), and the splitter resynchronises at the next newline. Memory stays bounded
 * by the limit plus one chunk, whatever the client sends.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Bytes of the current overlong line seen so far; -1 when not inside one. */
  private skipped = -1;

  constructor(private readonly maxBytes: number) {}

  /** Feeds one chunk; returns the events it completes, in order. */
  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (this.skipped >= 0) {
        this.skipped += piece.length;
      } else if (this.partBytes + piece.length > this.maxBytes) {
        this.skipped = this.partBytes + piece.length;
        this.parts = [];
        this.partBytes = 0;
        events.push({ kind: 'overlong', bytes: this.skipped });
      } else if (piece.length > 0) {
        // Copied: the chunk's memory may be reused by the stream.
        this.parts.push(Buffer.from(piece));
        this.partBytes += piece.length;
      }
      if (nl < 0) break;
      if (this.skipped >= 0) {
        this.skipped = -1;
      } else {
        let text = Buffer.concat(this.parts, this.partBytes).toString('utf8');
        if (text.endsWith('\r')) text = text.slice(0, -1);
        events.push({ kind: 'line', text });
      }
      this.parts = [];
      this.partBytes = 0;
      start = nl + 1;
    }
    return events;
  }

  /** At end of input: the last line when it lacked its newline, else null. */
  finish(): string | null {
    if (this.skipped >= 0 || this.partBytes === 0) return null;
    const text = Buffer.concat(this.parts, this.partBytes).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    return text;
  }

  /** Bytes of an unfinished line held (0 when between lines). */
  pendingBytes(): number {
    return this.partBytes;
  }
}
