// The one reader of `relax serve`'s records file (JSON lines, append only), for the service's own
// restart and for VS Code following a live run. Lines of any version are upgraded to LearningRecord.
import { open } from 'node:fs/promises';
import { learningRecordFrom, type LearningRecord } from '../core/compare/learningRecord';

/**
 * The complete record lines of `data` (the bytes of the records file from some offset on).
 * A last line without its newline is still being written: it is left out and `consumed` stops
 * before it. Corrupt lines (disk full, a manual edit) are skipped so one bad line does not stop the view.
 */
export function parseRecordLines(data: Buffer): { records: LearningRecord[]; consumed: number } {
  const consumed = data.lastIndexOf(0x0a) + 1;
  const records: LearningRecord[] = [];
  if (consumed === 0) return { records, consumed };
  for (const line of data.subarray(0, consumed).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = recordOfLine(line);
    if (r) records.push(r);
  }
  return { records, consumed };
}

/** One line as a record (a version 1 line keyed `step` upgraded), or undefined when it is not one. */
export function recordOfLine(line: string): LearningRecord | undefined {
  try {
    return learningRecordFrom(JSON.parse(line));
  } catch {
    return undefined;
  }
}

/** Records read from a records file, where to continue, and which file (inode) they came from. */
export interface RecordsTail {
  records: LearningRecord[];
  nextOffset: number;
  ino: number;
  /** The file was replaced (a restarted service trimmed it) or shrank: read from the start. */
  restarted: boolean;
}

/**
 * Reads only the bytes appended to a records file since `offset` (async; the file may be large).
 * A different file than `ino` (replaced by rename) or one shorter than `offset` is read from the start.
 */
export async function readRecordsTail(path: string, offset: number, ino?: number): Promise<RecordsTail> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { records: [], nextOffset: 0, ino: -1, restarted: offset > 0 };
  }
  try {
    const st = await handle.stat();
    const restarted = (ino !== undefined && ino !== st.ino) || st.size < offset;
    const start = restarted ? 0 : offset;
    if (st.size === start) return { records: [], nextOffset: start, ino: st.ino, restarted };
    const buf = Buffer.alloc(st.size - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    const { records, consumed } = parseRecordLines(buf.subarray(0, bytesRead));
    return { records, nextOffset: start + consumed, ino: st.ino, restarted };
  } finally {
    await handle.close();
  }
}
