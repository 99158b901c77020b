import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzip } from '../core/io/parseMatrixMarket';
import { MmParser } from '../core/io/parser';
import type { MatrixLimits, MmHeader } from '../core/io/types';

/** A header longer than this (comments) is left to the full parse. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The banner and size line of `text` (its first bytes are enough), undefined when the size line does
 * not end within MAX_HEADER_BYTES; throws MatrixMarketError for a bad banner, size line or limit.
 */
export function headerOf(bytes: Uint8Array, file: string, limits: MatrixLimits): MmHeader | undefined {
  return new MmParser(file, limits).readHeader(bytes.subarray(0, MAX_HEADER_BYTES))?.header;
}

/**
 * Reads only the header of a Matrix Market file on disk (plain or gzip), so the editor can offer its
 * actions before the body is parsed. Undefined when the size line is not within the first
 * MAX_HEADER_BYTES; throws MatrixMarketError for a bad header and the file system's error otherwise.
 */
export async function peekHeader(path: string, limits: MatrixLimits): Promise<MmHeader | undefined> {
  const magic = Buffer.alloc(2);
  const fh = await open(path, 'r');
  try {
    await fh.read(magic, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const source: Readable = isGzip(magic) ? raw.pipe(createGunzip()) : raw;
  let seen = Buffer.alloc(0);
  try {
    for await (const chunk of source) {
      seen = Buffer.concat([seen, chunk as Buffer]);
      const header = headerOf(seen, path, limits);
      if (header !== undefined || seen.length >= MAX_HEADER_BYTES) return header;
    }
    return headerOf(Buffer.concat([seen, Buffer.from('\n')]), path, limits);
  } finally {
    raw.destroy();
    source.destroy();
  }
}
