import { MmParser } from './parser';
import { MatrixMarketError, type MmMatrix, type MmReadOptions } from './types';

/** True when the bytes start with the gzip magic number. */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/**
 * Parses a whole Matrix Market text held in memory. `file` names it in messages. Compressed input is
 * the node loader's job (src/node/loadMatrix.ts): here it is refused. Throws MatrixMarketError only.
 */
export function parseMatrixMarket(data: Uint8Array, file: string, options: MmReadOptions = {}): MmMatrix {
  if (isGzip(data)) {
    throw new MatrixMarketError({
      file,
      line: 1,
      severity: 'error',
      message: 'the data is gzip-compressed: expected Matrix Market text (read .gz files from disk)',
    });
  }
  const parser = new MmParser(file, options.limits, data.length);
  return guarded(parser, () => {
    parser.push(data);
    return parser.finish();
  });
}

/** The error for compressed input that zlib rejects, at the line the parser had reached. */
export function gzipError(file: string, line: number, cause: unknown): MatrixMarketError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new MatrixMarketError({
    file,
    line,
    severity: 'error',
    message: `the gzip data is truncated or corrupt (${detail}): expected a complete .gz file`,
  });
}

/** Runs a parse step, turning any stray exception (e.g. an allocation failure) into a MatrixMarketError. */
export function guarded<T>(parser: MmParser, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof MatrixMarketError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw new MatrixMarketError({
      file: parser.file,
      line: parser.currentLine,
      severity: 'error',
      message: `cannot read the matrix: ${detail}`,
    });
  }
}
