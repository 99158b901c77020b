import { existsSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChunkParser } from '../core/io/chunkParser';
import type { ChunkSummary } from '../core/io/chunkSummary';
import { EntryStore } from '../core/io/entryStore';
import { finishData } from '../core/io/finishData';
import { mergeChunks } from '../core/io/mergeChunks';
import { MmParser } from '../core/io/parser';
import { guarded } from '../core/io/parseMatrixMarket';
import { MatrixMarketError, type MmHeader, type MmMatrix, type MmReadOptions } from '../core/io/types';
import { ANOTHER_FAILED, LINES_FAILED, type ChunkReply, type ChunkTask } from './chunkTask';

/** How a parallel read is cut; tests shrink these to exercise chunk seams on small files. */
export interface ParallelTuning {
  /** Entry bytes (after the size line) above which a file is read by several threads. */
  aboveBytes: number;
  /** Chunks, one thread each; at least 2. */
  chunks: number;
  /** Read size, the single-thread loader's too (a line straddling two blocks is carried). */
  blockBytes: number;
  /** The reader threads' script (default dist/mmChunkWorker.js); tests give one whose thread dies. */
  script?: string;
}

/**
 * Default cut: files with more than 16 MB of entries, one chunk per core (2 to 8), 1 MB reads (each
 * thread holds one block; a line longer than MAX_LINE_BYTES, 1 MB, is refused at any block size).
 */
export const PARALLEL_DEFAULTS: ParallelTuning = {
  aboveBytes: 16 << 20,
  chunks: Math.max(2, Math.min(8, availableParallelism())),
  blockBytes: 1 << 20,
};

/** A reader thread allocates little on its heap (the entries are shared, blocks are outside it). */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** Spare entries in the shared arrays beyond the declared count, for comment and blank lines. */
function slackEntries(declared: number): number {
  return Math.max(64, Math.ceil(declared / 256));
}

/** The main thread's parse lets the event loop run (cancel requests, other work) after this many bytes. */
const YIELD_BYTES = 8 << 20;

/** How often cancellation is polled while the threads run. */
const POLL_MS = 50;

/**
 * Reads a plain (not compressed) coordinate Matrix Market file of known `size` on several threads:
 * this one parses the first chunk while reader threads parse the others, each a byte range split at
 * line boundaries, into shared arrays; the CSR, warnings and errors (with their line numbers) are
 * the single-thread reader's. `head` is the file's first bytes (one block), `fh` the open file.
 * Returns undefined when the file is not one to split (small, array format, size line beyond
 * `head`, more lines than the declared entries leave room for, no reader-thread script): the
 * caller then reads it on one thread. Throws MatrixMarketError only.
 */
export async function readParallel(
  file: OpenFile,
  options: MmReadOptions,
  tuning: ParallelTuning = PARALLEL_DEFAULTS,
): Promise<MmMatrix | undefined> {
  try {
    return await splitRead(file, options, tuning);
  } catch (e) {
    if (e instanceof MatrixMarketError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw new MatrixMarketError({
      file: file.name,
      line: 1,
      severity: 'error',
      message: `cannot read the matrix: ${detail}`,
    });
  }
}

/** A file being read: its path, its name in messages, the handle, its first block and its size in bytes. */
export interface OpenFile {
  path: string;
  name: string;
  fh: FileHandle;
  head: Buffer;
  size: number;
}

async function splitRead(
  file: OpenFile,
  options: MmReadOptions,
  tuning: ParallelTuning,
): Promise<MmMatrix | undefined> {
  const { path, name, fh, head, size } = file;
  const peek = new MmParser(name, options.limits, size);
  const start = guarded(peek, () => peek.readHeader(head));
  if (start === undefined || start.header.format !== 'coordinate') return undefined;
  if (size - start.dataOffset <= tuning.aboveBytes) return undefined;
  const script = tuning.script ?? chunkWorkerScript();
  if (script === undefined) return undefined;
  const { header, dataOffset } = start;
  const declared = header.declaredEntries;
  const capacity = Math.min(2147483647, declared + slackEntries(declared));
  const store = guarded(peek, () =>
    EntryStore.shared(declared, capacity, header.field === 'complex', name, header.sizeLine),
  );
  const chunks = Math.max(2, tuning.chunks);
  const bounds = splitPoints(dataOffset, size, chunks);
  const lineCounts = new SharedArrayBuffer(4 * chunks);
  new Int32Array(lineCounts).fill(-1);
  const task = (index: number): ChunkTask => ({
    role: 'relax-mm-chunk',
    path,
    name,
    header,
    index,
    bounds,
    blockBytes: tuning.blockBytes,
    capacity,
    ri: store.ri.buffer as SharedArrayBuffer,
    ci: store.ci.buffer as SharedArrayBuffer,
    re: store.re.buffer as SharedArrayBuffer,
    im: store.im?.buffer as SharedArrayBuffer | undefined,
    lineCounts,
  });
  const threads = new ReaderThreads(script, chunks, task, lineCounts);
  let first: ChunkSummary | 'overflow';
  let replies: (ChunkReply | undefined)[];
  try {
    first = await parseFirstChunk(fh, head, store, { name, header, dataOffset, bounds, size, tuning }, options);
    if (first === 'overflow') return undefined;
    // An error in chunk 0 comes before any other (mergeChunks throws it, or the count exceeded).
    if (first.failure !== undefined) mergeChunks(name, header, store, [first]);
    replies = await threads.replies(options, name, header);
  } finally {
    threads.stop();
  }
  if (replies.some((r) => r?.kind === 'overflow')) return undefined;
  // A thread that stopped because another failed names that failure, not its own.
  const cause = replies.find((r) => r?.kind === 'broken' && r.message !== ANOTHER_FAILED);
  const why = cause?.kind === 'broken' ? cause.message : ANOTHER_FAILED;
  const summaries = replies.map((r, i): ChunkSummary | undefined =>
    i === 0
      ? first
      : r === undefined || r.kind === 'overflow'
        ? undefined
        : r.kind === 'done'
          ? r.summary
          : brokenChunk(name, header, why),
  );
  const st = mergeChunks(name, header, store, summaries);
  return guarded(peek, () => finishData(st, st.line - 1));
}

/** What the first chunk's parse needs to know of the read. */
interface FirstChunk {
  name: string;
  header: MmHeader;
  dataOffset: number;
  bounds: number[];
  size: number;
  tuning: ParallelTuning;
}

/**
 * Parses chunk 0 on this thread, block by block with asynchronous reads (the event loop keeps
 * running: cancellation and progress are polled per block, as the single-thread loader does).
 */
async function parseFirstChunk(
  fh: FileHandle,
  head: Buffer,
  store: EntryStore,
  c: FirstChunk,
  options: MmReadOptions,
): Promise<ChunkSummary | 'overflow'> {
  const cp = new ChunkParser({
    file: c.name,
    header: c.header,
    offset: 0,
    arrays: store,
    start: c.dataOffset,
    stop: c.bounds[1],
    size: c.size,
    blockBytes: c.tuning.blockBytes,
  });
  const block = Buffer.allocUnsafe(c.tuning.blockBytes);
  let nextYield = c.dataOffset + YIELD_BYTES;
  for (let r = cp.next(); r !== undefined; r = cp.next()) {
    if (options.isCancelled?.()) throw cancelled(c.name, c.header);
    if (r.pos >= nextYield) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      nextYield = r.pos + YIELD_BYTES;
    }
    const bytes =
      r.pos + r.length <= head.length
        ? head.subarray(r.pos, r.pos + r.length)
        : block.subarray(0, readAt(fh, block, r.length, r.pos, c.name));
    const stopped = attempt(cp, () => cp.push(bytes));
    if (stopped !== undefined) return stopped;
    options.onProgress?.(Math.min(1, (r.pos + r.length - c.dataOffset) / (c.size - c.dataOffset)));
  }
  let summary: ChunkSummary | undefined;
  return attempt(cp, () => (summary = cp.finish())) ?? (summary as ChunkSummary);
}

/** Runs one parse step of chunk 0: undefined when it went through, else how the chunk ended. */
function attempt(cp: ChunkParser, step: () => unknown): ChunkSummary | 'overflow' | undefined {
  try {
    step();
    return undefined;
  } catch (e) {
    if (e instanceof MatrixMarketError) return cp.failed(e);
    if (cp.full) return 'overflow';
    throw e;
  }
}

/**
 * Reads synchronously: an asynchronous read per block (a thread-pool round trip and a promise)
 * made this thread's parse about 15 % slower than a reader thread's; parseFirstChunk yields to the
 * event loop every YIELD_BYTES instead.
 */
function readAt(fh: FileHandle, block: Buffer, length: number, pos: number, name: string): number {
  try {
    return readSync(fh.fd, block, 0, length, pos);
  } catch (e) {
    throw new MatrixMarketError({
      file: name,
      line: 1,
      severity: 'error',
      message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

function cancelled(name: string, header: MmHeader): MatrixMarketError {
  return new MatrixMarketError(
    { file: name, line: header.sizeLine, severity: 'error', message: 'reading was cancelled' },
    true,
  );
}

/**
 * Counting a chunk's lines costs about this fraction of parsing it (a compare-and-add per byte
 * against the whole entry loop); each thread but the first counts the chunk before its own.
 */
const COUNT_COST = 1 / 8;

/**
 * Chunk boundaries, [dataOffset, ..., size]: sizes chosen so every thread has the same work, the
 * first parse only, each other one a count of the previous chunk plus its own parse
 * (w[i] + COUNT_COST * w[i - 1] = w[0]).
 */
export function splitPoints(dataOffset: number, size: number, chunks: number): number[] {
  const w = [1];
  for (let i = 1; i < chunks; i++) w.push(1 - COUNT_COST * w[i - 1]);
  const total = w.reduce((a, b) => a + b, 0);
  const bounds = [dataOffset];
  let acc = 0;
  for (let i = 0; i < chunks - 1; i++) {
    acc += w[i];
    bounds.push(dataOffset + Math.round(((size - dataOffset) * acc) / total));
  }
  bounds.push(size);
  return bounds;
}

/** A chunk whose thread failed outside the parser: its message, at the size line. */
function brokenChunk(name: string, header: MmHeader, message: string): ChunkSummary {
  return {
    offset: 0,
    lines: 0,
    entries: 0,
    skippedAt: [],
    skippedRuns: [],
    skippedLines: 0,
    upperCount: 0,
    warnings: [],
    unsorted: 0,
    lastRow: 0,
    lastCol: 0,
    failure: {
      diagnostic: {
        file: name,
        line: header.sizeLine,
        severity: 'error',
        message: `cannot read the matrix: a reader thread failed (${message})`,
      },
      entryLine: false,
    },
  };
}

/**
 * The reader threads of chunks 1 and on, started at once. Once a chunk fails, the threads of later
 * chunks are stopped (their replies stay undefined: the first error is earlier).
 */
class ReaderThreads {
  private readonly workers: (Worker | undefined)[] = [undefined];
  private readonly got: (ChunkReply | undefined)[];
  private open: number;
  private onSettled: (() => void) | undefined;
  private readonly counts: Int32Array;

  constructor(
    script: string,
    private readonly chunks: number,
    task: (index: number) => ChunkTask,
    lineCounts: SharedArrayBuffer,
  ) {
    this.got = new Array<ChunkReply | undefined>(chunks).fill(undefined);
    this.open = chunks - 1;
    this.counts = new Int32Array(lineCounts);
    for (let i = 1; i < chunks; i++) {
      const worker = new Worker(script, { workerData: task(i), resourceLimits: THREAD_LIMITS });
      this.workers.push(worker);
      worker.on('message', (reply: ChunkReply) => this.finish(i, reply));
      worker.on('error', (err: Error) => this.finish(i, { kind: 'broken', message: err.message }));
      worker.on('exit', (code) => this.finish(i, { kind: 'broken', message: `it stopped (exit code ${code})` }));
    }
  }

  /** Every thread's reply (index 0 stays undefined: chunk 0 is this thread's). Polls cancellation. */
  replies(options: MmReadOptions, name: string, header: MmHeader): Promise<(ChunkReply | undefined)[]> {
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        if (!options.isCancelled?.()) return;
        clearInterval(timer);
        this.stop();
        reject(cancelled(name, header));
      }, POLL_MS);
      const settle = (): void => {
        clearInterval(timer);
        resolve(this.got);
      };
      if (this.open === 0) settle();
      else this.onSettled = settle;
    });
  }

  /** Ends the threads of chunks `from` and on. */
  stop(from = 1): void {
    for (let j = from; j < this.chunks; j++) {
      const w = this.workers[j];
      if (w === undefined) continue;
      this.workers[j] = undefined;
      this.open--;
      void w.terminate();
    }
    if (this.open === 0) this.onSettled?.();
  }

  private finish(index: number, reply: ChunkReply): void {
    if (this.workers[index] === undefined) return;
    this.workers[index] = undefined;
    this.got[index] = reply;
    this.open--;
    if (reply.kind === 'broken' || (reply.kind === 'done' && reply.summary.failure !== undefined)) {
      // Threads still waiting for the line count this thread was to make must not wait forever.
      if (Atomics.load(this.counts, index - 1) === -1) {
        Atomics.store(this.counts, index - 1, LINES_FAILED);
        Atomics.notify(this.counts, index - 1);
      }
      this.stop(index + 1);
    }
    if (this.open === 0) this.onSettled?.();
  }
}

/**
 * The reader thread's script: next to this bundle (dist/), or dist/ of the repository when running
 * from source (tests); undefined when neither exists.
 */
function chunkWorkerScript(): string | undefined {
  const candidates = [join(__dirname, 'mmChunkWorker.js'), join(__dirname, '..', '..', 'dist', 'mmChunkWorker.js')];
  return candidates.find((c) => existsSync(c));
}
