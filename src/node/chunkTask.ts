import type { ChunkSummary } from '../core/io/chunkSummary';
import type { EntryArrays } from '../core/io/entryStore';
import type { MmHeader } from '../core/io/types';

/** What a reader thread of a parallel read is given (its workerData). Offsets are bytes into the file. */
export interface ChunkTask {
  role: 'relax-mm-chunk';
  path: string;
  /** The file's name in messages. */
  name: string;
  header: MmHeader;
  /** This thread's chunk (1 or more: the main thread parses chunk 0): the lines whose first byte lies in [bounds[index], bounds[index + 1]). */
  index: number;
  /** Chunk boundaries: bounds[0] is the first entry byte, the last is the file size. */
  bounds: number[];
  /** Read size; blocks are aligned to it as the single-thread loader's are, so every line is cut alike. */
  blockBytes: number;
  /** Entries the shared arrays hold. */
  capacity: number;
  ri: SharedArrayBuffer;
  ci: SharedArrayBuffer;
  re: SharedArrayBuffer;
  im: SharedArrayBuffer | undefined;
  /** Int32 per chunk: its line count once known (the next chunk's thread counts it), -1 before, LINES_FAILED when it could not. */
  lineCounts: SharedArrayBuffer;
}

/** A line count that never came: the thread failed first. */
export const LINES_FAILED = -2;

/** The `broken` message of a thread that stopped because another could not count its lines. */
export const ANOTHER_FAILED = 'another reader thread failed';

/** A reader thread's one reply. */
export type ChunkReply =
  | { kind: 'done'; summary: ChunkSummary }
  /** The lines outnumber the shared arrays (comments, blank lines or a bad count): read on one thread. */
  | { kind: 'overflow' }
  /** Not a Matrix Market error: an I/O failure or a bug; `message` says what. */
  | { kind: 'broken'; message: string };

/** True for the workerData of a reader thread. */
export function isChunkTask(v: unknown): v is ChunkTask {
  return v !== null && typeof v === 'object' && (v as ChunkTask).role === 'relax-mm-chunk';
}

/** The shared entry arrays of a task, whole. */
export function sharedArrays(task: ChunkTask): EntryArrays {
  return {
    ri: new Int32Array(task.ri),
    ci: new Int32Array(task.ci),
    re: new Float64Array(task.re),
    im: task.im === undefined ? undefined : new Float64Array(task.im),
  };
}
