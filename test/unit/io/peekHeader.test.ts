// The header-only read behind the early lenses: plain and gzip files, bad headers, limits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/core/defaults';
import { MatrixMarketError } from '../../../src/core/io/types';
import { peekHeader } from '../../../src/node/peekHeader';

const dir = mkdtempSync(path.join(tmpdir(), 'relax-peek-'));
const root = path.resolve(__dirname, '..', '..', '..');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, data: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
}

describe('peekHeader', () => {
  it('reads the size line of orsirr_1 (1030 x 1030, 6858 entries), plain and gzip', async () => {
    const text = readFileSync(path.join(root, 'test/fixtures/orsirr_1.mtx'));
    for (const p of [file('o.mtx', text), file('o.mtx.gz', gzipSync(text))]) {
      const h = await peekHeader(p, DEFAULT_LIMITS);
      expect([h?.rows, h?.cols, h?.declaredEntries, h?.symmetry, h?.sizeLine]).toEqual([
        1030,
        1030,
        6858,
        'general',
        2,
      ]);
    }
  });

  it('throws the reader error for a bad banner, and for a size line beyond the limits', async () => {
    await expect(peekHeader(file('b.mtx', '1 1 1.5\n'), DEFAULT_LIMITS)).rejects.toThrow(MatrixMarketError);
    const big = file('big.mtx', '%%MatrixMarket matrix coordinate real general\n10 10 100\n');
    await expect(peekHeader(big, { ...DEFAULT_LIMITS, maxRows: 5 })).rejects.toThrow(MatrixMarketError);
  });

  it('reads a header that ends the file without a line break, and says nothing when there is no size line', async () => {
    const h = await peekHeader(file('e.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 0'), DEFAULT_LIMITS);
    expect([h?.rows, h?.declaredEntries]).toEqual([3, 0]);
    expect(
      await peekHeader(file('n.mtx', '%%MatrixMarket matrix coordinate real general\n% only\n'), DEFAULT_LIMITS),
    ).toBe(undefined);
  });
});
