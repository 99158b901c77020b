import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MatrixMarketError, writeMatrixMarket } from '../../../src/core/io/matrixMarket';
import { loadMatrix } from '../../../src/node/loadMatrix';
import { csrEntries } from './csrEntries';
import { referenceRead } from './referenceReader';

const dir = mkdtempSync(join(tmpdir(), 'relax-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readMatrixMarket (streaming from disk)', () => {
  it('reads a .mtx.gz like the plain file', async () => {
    const text = readFileSync('test/fixtures/sherman5.mtx');
    const gz = join(dir, 'sherman5.mtx.gz');
    writeFileSync(gz, gzipSync(text));
    const m = await loadMatrix(gz);
    expect(m.file).toBe(gz);
    expect(csrEntries(m)).toEqual(referenceRead(text.toString('latin1')).entries);
  });

  it('reports monotone progress ending at 1 and stops when cancelled', async () => {
    // A file larger than one 4 MiB chunk, so progress and cancellation are polled more than once.
    const n = 200000;
    const rows = new Int32Array(n + 1);
    for (let i = 0; i <= n; i++) rows[i] = i;
    const big = writeMatrixMarket({
      rows: n,
      cols: n,
      rowPtr: rows,
      colIdx: rows.subarray(0, n),
      values: Float64Array.from({ length: n }, (_v, i) => 1 / (i + 3)),
    });
    const path = join(dir, 'big.mtx');
    writeFileSync(path, big);
    expect(big.length).toBeGreaterThan(1 << 22);
    const seen: number[] = [];
    const m = await loadMatrix(path, { onProgress: (f) => seen.push(f) });
    expect(m.csr.values[n - 1]).toBe(1 / (n + 2));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
    expect(seen[seen.length - 1]).toBe(1);
    let polls = 0;
    const cancelled = loadMatrix(path, { isCancelled: () => ++polls > 1 });
    await expect(cancelled).rejects.toThrow(/big\.mtx:\d+: reading was cancelled$/);
    await cancelled.catch((e: MatrixMarketError) => expect(e.cancelled).toBe(true));
  });

  it('names a missing file and a directory without a stack trace', async () => {
    await expect(loadMatrix(join(dir, 'none.mtx'))).rejects.toThrow(
      `${join(dir, 'none.mtx')}:1: cannot open the file: no such file`,
    );
    await expect(loadMatrix(dir)).rejects.toBeInstanceOf(MatrixMarketError);
  });

  it('reads from a pipe (no size, no seeking), plain and gzip', async () => {
    const fifo = join(dir, 'pipe.mtx');
    execFileSync('mkfifo', [fifo]);
    const text = readFileSync('test/fixtures/sherman5.mtx');
    const gz = join(dir, 'pipe-source.mtx.gz');
    writeFileSync(gz, gzipSync(text));
    const expected = referenceRead(text.toString('latin1')).entries;
    for (const source of ['test/fixtures/sherman5.mtx', gz]) {
      const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo], { stdio: 'ignore' });
      const closed = new Promise((resolve) => writer.on('close', resolve));
      const m = await loadMatrix(fifo);
      expect(csrEntries(m)).toEqual(expected);
      await closed;
    }
  });
});
