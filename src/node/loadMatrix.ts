import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DEFAULT_LIMITS } from '../core/defaults';
import { checkDecompressed } from '../core/io/limits';
import { guarded, gzipError, isGzip } from '../core/io/parseMatrixMarket';
import { MmParser } from '../core/io/parser';
import { MatrixMarketError, type MatrixLimits, type MmMatrix, type MmReadOptions } from '../core/io/types';
import { PARALLEL_DEFAULTS, readParallel, type ParallelTuning } from './parallelRead';

export interface LoadOptions extends MmReadOptions {
  /** Limits not given are the defaults (src/core/defaults.ts): no read is ever unlimited. */
  limits?: Partial<MatrixLimits>;
  /** Name of the file in messages (default: the path). */
  name?: string;
  /** When and how a large plain file is read on several threads (tests force it on small files). */
  parallel?: Partial<ParallelTuning>;
}

/**
 * The one matrix loader of the CLI, the server and learning runs: reads a Matrix Market file (`.mtx`,
 * or gzip-compressed, recognised by its first bytes) in chunks, sequentially (pipes work too; a
 * large plain coordinate file is parsed by several threads instead, see readParallel),
 * refusing it from its size line when it is beyond `limits` and stopping decompression past
 * `decompressedCap`; reports progress and polls cancellation once per chunk.
 * Throws MatrixMarketError only.
 */
export async function loadMatrix(path: string, given: LoadOptions = {}): Promise<MmMatrix> {
  const name = given.name ?? path;
  const options: MmReadOptions = { ...given, limits: { ...DEFAULT_LIMITS, ...given.limits } };
  const tuning: ParallelTuning = { ...PARALLEL_DEFAULTS, ...given.parallel };
  let fh: FileHandle;
  let size: number;
  try {
    fh = await open(path, 'r');
    size = (await fh.stat()).size;
  } catch (e) {
    throw fileError(name, 'cannot open the file', e);
  }
  try {
    // Size 0 may be a pipe or a special file: then the input size is unknown, not zero.
    const known = size > 0 ? size : undefined;
    const block = tuning.blockBytes;
    const first = Buffer.allocUnsafe(known === undefined ? block : Math.min(block, known));
    const n = await readInto(fh, first, name);
    const head = first.subarray(0, n);
    if (isGzip(head)) return await readGzip(name, fh, Buffer.from(head), known, options);
    if (known !== undefined && known > tuning.aboveBytes) {
      const m = await readParallel({ path, name, fh, head, size: known }, options, tuning);
      if (m !== undefined) return m;
    }
    return await readPlain(name, fh, first, n, known, options);
  } finally {
    await fh.close();
  }
}

async function readInto(fh: FileHandle, buf: Buffer, path: string): Promise<number> {
  try {
    return (await fh.read(buf, 0, buf.length, null)).bytesRead;
  } catch (e) {
    throw fileError(path, 'cannot read the file', e);
  }
}

async function readPlain(
  path: string,
  fh: FileHandle,
  chunk: Buffer,
  firstBytes: number,
  size: number | undefined,
  options: MmReadOptions,
): Promise<MmMatrix> {
  const parser = new MmParser(path, options.limits, size);
  let n = firstBytes;
  let done = 0;
  while (n > 0) {
    checkCancelled(parser, options);
    const bytes = chunk.subarray(0, n);
    guarded(parser, () => parser.push(bytes));
    done += n;
    options.onProgress?.(size === undefined ? 0 : Math.min(1, done / size));
    n = await readInto(fh, chunk, path);
  }
  return guarded(parser, () => parser.finish());
}

async function readGzip(
  path: string,
  fh: FileHandle,
  first: Buffer,
  size: number | undefined,
  options: MmReadOptions,
): Promise<MmMatrix> {
  const parser = new MmParser(path, options.limits);
  let compressedRead = 0;
  async function* compressed(): AsyncGenerator<Buffer> {
    compressedRead += first.length;
    yield first;
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      const n = await readInto(fh, buf, path);
      if (n === 0) return;
      compressedRead += n;
      yield buf.subarray(0, n);
    }
  }
  const source = Readable.from(compressed());
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  try {
    let expanded = 0;
    for await (const chunk of gunzip) {
      checkCancelled(parser, options);
      const bytes = chunk as Buffer;
      expanded += bytes.length;
      // Checked before the chunk is parsed, so a bomb costs one chunk of work past the cap.
      checkDecompressed(expanded, parser.header, parser.dataOffset, options.limits, path, parser.currentLine);
      guarded(parser, () => parser.push(bytes));
      options.onProgress?.(size === undefined ? 0 : Math.min(1, compressedRead / size));
    }
  } catch (e) {
    if (e instanceof MatrixMarketError) throw e;
    throw gzipError(path, parser.currentLine, e);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return guarded(parser, () => parser.finish());
}

function checkCancelled(parser: MmParser, options: MmReadOptions): void {
  if (options.isCancelled?.()) {
    throw new MatrixMarketError(
      { file: parser.file, line: parser.currentLine, severity: 'error', message: 'reading was cancelled' },
      true,
    );
  }
}

function fileError(path: string, what: string, e: unknown): MatrixMarketError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : e instanceof Error
            ? e.message
            : String(e);
  return new MatrixMarketError({ file: path, line: 1, severity: 'error', message: `${what}: ${reason}` });
}
