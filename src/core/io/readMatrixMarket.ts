import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { guarded, gzipError } from './parseMatrixMarket';
import { MmParser } from './parser';
import { MatrixMarketError, type MmMatrix, type MmReadOptions } from './types';

const CHUNK_BYTES = 1 << 22;

/**
 * Reads a Matrix Market file (`.mtx`, or gzip-compressed, detected by its magic number) in chunks,
 * reporting progress and polling cancellation once per chunk. Throws MatrixMarketError only.
 */
export async function readMatrixMarket(path: string, options: MmReadOptions = {}): Promise<MmMatrix> {
  let size: number;
  let gzip: boolean;
  try {
    size = (await stat(path)).size;
    gzip = await startsWithGzipMagic(path);
  } catch (e) {
    throw openError(path, e);
  }
  if (gzip) return readGzip(path, size, options);
  return readPlain(path, size, options);
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function readPlain(path: string, size: number, options: MmReadOptions): Promise<MmMatrix> {
  const parser = new MmParser(path, options.limits, size);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw openError(path, e);
  }
  try {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size)));
    let done = 0;
    for (;;) {
      checkCancelled(parser, options);
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      guarded(parser, () => parser.push(chunk.subarray(0, bytesRead)));
      done += bytesRead;
      options.onProgress?.(size > 0 ? Math.min(1, done / size) : 1);
    }
    return guarded(parser, () => parser.finish());
  } finally {
    await fh.close();
  }
}

async function readGzip(path: string, size: number, options: MmReadOptions): Promise<MmMatrix> {
  const parser = new MmParser(path, options.limits);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      checkCancelled(parser, options);
      guarded(parser, () => parser.push(chunk as Buffer));
      options.onProgress?.(size > 0 ? Math.min(1, raw.bytesRead / size) : 1);
    }
  } catch (e) {
    if (e instanceof MatrixMarketError) throw e;
    throw gzipError(path, parser.currentLine, e);
  } finally {
    raw.destroy();
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

function openError(path: string, e: unknown): MatrixMarketError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(e);
  return new MatrixMarketError({ file: path, line: 1, severity: 'error', message: `cannot open the file: ${reason}` });
}
