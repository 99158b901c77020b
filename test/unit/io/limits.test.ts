import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompressedCap } from '../../../src/core/io/limits';
import { gzipBomb } from '../../helpers/gzipBomb';
import { MatrixMarketError, parseMatrixMarket, type MatrixLimits } from '../../../src/core/io/matrixMarket';
import { loadMatrix } from '../../../src/node/loadMatrix';

const BANNER = '%%MatrixMarket matrix coordinate real general\n';

function message(text: string, limits?: Partial<MatrixLimits>): string {
  try {
    parseMatrixMarket(Buffer.from(text), 'big.mtx', { limits });
  } catch (e) {
    if (e instanceof MatrixMarketError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('size limits (checked from the size line, before allocation)', () => {
  it('names the row limit and its setting', () => {
    expect(message(BANNER + '3000 10 1\n1 1 1\n', { maxRows: 2000 })).toBe(
      'big.mtx:2: the matrix has 3000 rows, above the limit of 2000 (setting relax.maxMatrixRows, flag --max-rows)',
    );
    expect(message(BANNER + '10 3000 1\n1 1 1\n', { maxRows: 2000 })).toBe(
      'big.mtx:2: the matrix has 3000 columns, above the limit of 2000 (setting relax.maxMatrixRows, flag --max-rows)',
    );
  });

  it('names the stored-entry limit and its setting', () => {
    expect(message(BANNER + '% c\n10 10 500\n1 1 1\n', { maxStoredEntries: 100 })).toBe(
      'big.mtx:3: the file lists 500 entries, above the limit of 100 stored entries (setting relax.maxStoredEntries, flag --max-entries)',
    );
  });

  it('names the memory limit and its setting, from the estimate of a matrix far too large to allocate', () => {
    // Estimate: 1e9 x (16 B triplet + 12 B CSR) + 1e8 x 8 B row pointers = 28.8e9 B = 27466 MB.
    expect(message(BANNER + '100000000 100000000 1000000000\n1 1 1\n', { maxMemoryMB: 512 })).toBe(
      'big.mtx:2: reading this matrix needs about 27466 MB, above the limit of 512 MB (setting relax.maxMatrixMemoryMB, flag --max-memory-mb)',
    );
  });

  it('accepts a matrix exactly at the limits', () => {
    expect(message(BANNER + '2 2 1\n1 1 1\n', { maxRows: 2, maxStoredEntries: 1 })).toBe('accepted');
  });

  it('refuses dimensions beyond Int32 indices even without limits', () => {
    expect(message(BANNER + '3000000000 3 1\n1 1 1\n')).toBe(
      'big.mtx:2: the matrix is 3000000000 x 3; at most 2147483646 rows and columns are supported',
    );
  });

  it('does not allocate for a huge declared count that the bytes cannot hold', () => {
    // 1.5e9 declared entries would need 24 GB; the 6-byte remainder bounds the allocation instead.
    expect(message(BANNER + '100000 100000 1500000000\n1 1 1\n')).toBe(
      'big.mtx:3: the file ends after 1 of the 1500000000 entries declared on line 2 (truncated?)',
    );
  });

  it('applies the limits when streaming a file', async () => {
    await expect(loadMatrix('samples/gr_30_30.mtx', { limits: { maxRows: 100 } })).rejects.toThrow(
      'samples/gr_30_30.mtx:2: the matrix has 900 rows, above the limit of 100 (setting relax.maxMatrixRows, flag --max-rows)',
    );
  });
});

describe('decompressed-bytes cap (gzip bombs)', () => {
  it('stops a .gz file at the memory limit when that is the smaller cap, naming setting and flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-bomb-'));
    const file = join(dir, 'bomb.mtx.gz');
    writeFileSync(file, gzipBomb(64));
    await expect(loadMatrix(file, { limits: { maxMemoryMB: 1 }, name: 'bomb.mtx.gz' })).rejects.toThrow(
      /^bomb\.mtx\.gz:\d+: the gzip data expands past 1 MB, the memory limit \(setting relax\.maxMatrixMemoryMB, flag --max-memory-mb\)$/,
    );
  });

  it('caps the text a header can need at 16 MB plus 256 bytes an entry', () => {
    const h = {
      format: 'coordinate',
      field: 'real',
      symmetry: 'general',
      rows: 3,
      cols: 3,
      declaredEntries: 3,
      bannerLine: 1,
      sizeLine: 2,
    } as const;
    expect(decompressedCap(undefined, 0, undefined)).toBe(16777216);
    expect(decompressedCap(h, 52, undefined)).toBe(52 + 16777216 + 3 * 256);
    expect(decompressedCap(h, 52, { maxMemoryMB: 4 })).toBe(4194304);
  });
});
