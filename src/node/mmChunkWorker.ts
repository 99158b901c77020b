// Entry of a reader thread of a parallel Matrix Market read (bundled as dist/mmChunkWorker.js):
// counts the lines of the previous byte range, waits for the counts of all ranges before its own
// (its first line number and its place in the shared arrays), then parses its lines into them.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { arraysFrom, ChunkParser } from '../core/io/chunkParser';
import { countNewlines } from '../core/io/countNewlines';
import { MatrixMarketError } from '../core/io/types';
import { ANOTHER_FAILED, isChunkTask, LINES_FAILED, sharedArrays, type ChunkReply, type ChunkTask } from './chunkTask';

const CHANGED = 'the file changed while it was read: read it again';

/** How long one wait for another thread's count lasts before it is re-checked (the parent may end us). */
const WAIT_MS = 1000;

function run(task: ChunkTask): ChunkReply {
  const counts = new Int32Array(task.lineCounts);
  const fd = openSync(task.path, 'r');
  try {
    const block = Buffer.allocUnsafeSlow(task.blockBytes);
    // Counting the previous chunk while its own thread parses it costs this thread a fraction of a
    // parse; the chunk sizes make up for it (parallelRead's splitPoints).
    let lines = LINES_FAILED;
    try {
      lines = countLines(fd, task, task.index - 1, block);
    } finally {
      Atomics.store(counts, task.index - 1, lines);
      Atomics.notify(counts, task.index - 1);
    }
    let offset = 0;
    for (let j = 0; j < task.index; j++) {
      const n = awaitCount(counts, j);
      if (n === LINES_FAILED) return { kind: 'broken', message: ANOTHER_FAILED };
      offset += n;
    }
    if (offset > task.capacity) return { kind: 'overflow' };
    return parse(fd, task, block, offset, counts);
  } finally {
    closeSync(fd);
  }
}

/** Lines whose first byte lies in chunk `chunk`: the newlines in [start - 1, end - 1). */
function countLines(fd: number, task: ChunkTask, chunk: number, block: Buffer): number {
  const from = task.bounds[chunk] - 1;
  const to = task.bounds[chunk + 1] - 1;
  let n = 0;
  for (let pos = from; pos < to;) {
    const got = readSync(fd, block, 0, Math.min(block.length, to - pos), pos);
    if (got === 0) break;
    n += countNewlines(block, 0, got);
    pos += got;
  }
  return Math.min(n, 2147483646);
}

function awaitCount(counts: Int32Array, j: number): number {
  for (;;) {
    const n = Atomics.load(counts, j);
    if (n !== -1) return n;
    Atomics.wait(counts, j, -1, WAIT_MS);
  }
}

/** First byte at or after `from` that starts a line (follows a newline), or the file size. */
function lineStartFrom(fd: number, from: number, size: number, block: Buffer): number {
  for (let pos = from - 1; pos < size;) {
    const got = readSync(fd, block, 0, Math.min(block.length, size - pos), pos);
    if (got === 0) break;
    const nl = block.subarray(0, got).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += got;
  }
  return size;
}

function parse(fd: number, task: ChunkTask, block: Buffer, offset: number, counts: Int32Array): ChunkReply {
  const { header, bounds, index, blockBytes } = task;
  const size = bounds[bounds.length - 1];
  const cp = new ChunkParser({
    file: task.name,
    header,
    offset,
    arrays: arraysFrom(sharedArrays(task), offset),
    start: lineStartFrom(fd, bounds[index], size, block),
    stop: bounds[index + 1],
    size,
    blockBytes,
  });
  try {
    for (let r = cp.next(); r !== undefined; r = cp.next()) {
      cp.push(block.subarray(0, readSync(fd, block, 0, r.length, r.pos)));
    }
    const summary = cp.finish();
    const counted = index + 2 < bounds.length ? awaitCount(counts, index) : summary.lines;
    if (counted !== LINES_FAILED && counted !== summary.lines) throw new Error(CHANGED);
    return { kind: 'done', summary };
  } catch (e) {
    if (e instanceof MatrixMarketError) return { kind: 'done', summary: cp.failed(e) };
    if (cp.full) return { kind: 'overflow' };
    throw e;
  }
}

if (parentPort !== null && isChunkTask(workerData)) {
  let reply: ChunkReply;
  try {
    reply = run(workerData);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const detail = e instanceof Error ? e.message : String(e);
    reply = { kind: 'broken', message: code !== undefined ? `cannot read the file: ${detail}` : detail };
  }
  parentPort.postMessage(reply);
}
