import { gunzipSync } from 'node:zlib';
import { knobOf } from '../core/io/limits';
import { gzipError, isGzip, parseMatrixMarket } from '../core/io/parseMatrixMarket';
import { MatrixMarketError, type MatrixLimits, type MmMatrix } from '../core/io/types';
import { DEFAULT_LIMITS } from '../core/defaults';

/**
 * Parses a Matrix Market file already in memory, gzip-compressed or not, with the loader's limits;
 * decompression stops at the memory limit. For small inputs (tests, fixtures): files on disk go
 * through loadMatrix, which streams.
 */
export function parseMatrixMarketBytes(
  data: Uint8Array,
  file: string,
  limits: MatrixLimits = DEFAULT_LIMITS,
): MmMatrix {
  return parseMatrixMarket(isGzip(data) ? gunzip(data, file, limits) : data, file, { limits });
}

function gunzip(data: Uint8Array, file: string, limits: MatrixLimits): Uint8Array {
  try {
    return gunzipSync(data, { maxOutputLength: limits.maxMemoryMB * 1048576 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new MatrixMarketError({
        file,
        line: 1,
        severity: 'error',
        message: `the gzip data expands past ${limits.maxMemoryMB} MB, the memory limit ${knobOf('maxMemoryMB')}`,
      });
    }
    throw gzipError(file, 1, e);
  }
}
