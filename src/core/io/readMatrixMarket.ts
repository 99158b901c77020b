import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { guarded, gzipError, isGzip } from './parseMatrixMarket';
import { MmParser } from './parser';
import { MatrixMarketError, type MmMatrix, type MmReadOptions } from './types';

const CHUNK_BYTES = 1 << 22;

/**
 * Reads a Matrix Market file (`.mtx`, or gzip-compressed, recognised by its first bytes) in chunks,
 * sequentially (pipes work too), reporting progress and polling cancellation once per chunk.
 * Throws MatrixMarketError only.
 */
export async function readMatrixMarket(path: string, options: MmReadOptions = {}): Promise<MmMatrix> {
  let fh: FileHandle;
  let size: number;
  try {
    fh = await open(path, 'r');
    size = (await fh.stat()).size;
  } catch (e) {
    throw fileError(path, 'cannot open the file', e);
  }
  try {
    // Size 0 may be a pipe or a special file: then the input size is unknown, not zero.
    const known = size > 0 ? size : undefined;
    const first = Buffer.allocUnsafe(known === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, known));
    const n = await readInto(fh, first, path);
    const head = first.subarray(0, n);
    if (isGzip(head)) return await readGzip(path, fh, Buffer.from(head), known, options);
    return await readPlain(path, fh, first, n, known, options);
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
    for await (const chunk of gunzip) {
      checkCancelled(parser, options);
      guarded(parser, () => parser.push(chunk as Buffer));
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
