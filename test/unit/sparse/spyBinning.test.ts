import { describe, expect, it } from 'vitest';
import { binSparsityPattern, spyGrid, spyGridSize } from '../../../src/core/sparse/spyBinning';

/** CSR pattern from (row, col) pairs, rows sorted, for tests only. */
function pattern(rows: number, cols: number, entries: [number, number][]) {
  const sorted = entries.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rowPtr = new Int32Array(rows + 1);
  for (const [i] of sorted) rowPtr[i + 1]++;
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
  return { rows, cols, rowPtr, colIdx: Int32Array.from(sorted.map((e) => e[1])) };
}

describe('spyGridSize', () => {
  it('keeps small matrices at one pixel per entry', () => {
    expect(spyGridSize(30, 20, 512)).toEqual({ width: 20, height: 30 });
  });
  it('fits the long side and keeps the aspect ratio', () => {
    expect(spyGridSize(1_000_000, 250_000, 400)).toEqual({ width: 100, height: 400 });
  });
  it('never returns a zero side for a very thin matrix', () => {
    expect(spyGridSize(1_000_000, 1, 100)).toEqual({ width: 1, height: 100 });
  });
  it('returns an empty grid for an empty matrix', () => {
    expect(spyGridSize(0, 5, 100)).toEqual({ width: 0, height: 0 });
  });
});

describe('binSparsityPattern', () => {
  it('is the identity when there is one pixel per entry', () => {
    const p = pattern(3, 3, [
      [0, 0],
      [0, 2],
      [1, 1],
      [2, 0],
      [2, 2],
    ]);
    expect(Array.from(binSparsityPattern(p, 3, 3))).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('sums 2x2 blocks of a 4x4 pattern into a 2x2 grid', () => {
    // Full 4x4 except the bottom-right 2x2 block has only its diagonal.
    const entries: [number, number][] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (!(i >= 2 && j >= 2 && i !== j)) entries.push([i, j]);
    const counts = binSparsityPattern(pattern(4, 4, entries), 2, 2);
    expect(Array.from(counts)).toEqual([4, 4, 4, 2]);
  });

  it('maps the last row and column to the last pixel for sizes that do not divide', () => {
    const p = pattern(7, 7, [
      [6, 6],
      [0, 0],
      [3, 3],
    ]);
    const counts = binSparsityPattern(p, 3, 3);
    // Row i -> floor(i * 3 / 7): 0 -> 0, 3 -> 1, 6 -> 2.
    expect(Array.from(counts)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('counts every stored entry exactly once (total preserved) on a rectangular pattern', () => {
    const entries: [number, number][] = [];
    for (let i = 0; i < 1001; i++) for (let j = 0; j < 37; j += 1 + (i % 5)) entries.push([i, j]);
    const counts = binSparsityPattern(pattern(1001, 37, entries), 13, 97);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(entries.length);
  });

  it('handles empty rows and an all-empty pattern', () => {
    const p = pattern(4, 4, []);
    expect(Array.from(binSparsityPattern(p, 2, 2))).toEqual([0, 0, 0, 0]);
  });

  it('skips out-of-range column indices instead of writing outside the grid', () => {
    const p = { rows: 2, cols: 2, rowPtr: [0, 2, 3], colIdx: [0, 5, -1] };
    expect(Array.from(binSparsityPattern(p, 2, 2))).toEqual([1, 0, 0, 0]);
  });

  it('rejects a rowPtr of the wrong length and non-integer sizes with a clear message', () => {
    expect(() => binSparsityPattern({ rows: 3, cols: 3, rowPtr: [0, 1], colIdx: [0] }, 3, 3)).toThrow(
      /expected rows \+ 1 = 4/,
    );
    expect(() => binSparsityPattern(pattern(2, 2, []), 1.5, 2)).toThrow(/non-negative integers/);
  });
});

describe('spyGrid', () => {
  it('reports the maximum count and plain-array counts', () => {
    const p = pattern(4, 4, [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [3, 3],
    ]);
    const g = spyGrid(p, 2);
    expect(g).toEqual({ rows: 4, cols: 4, width: 2, height: 2, counts: [4, 0, 0, 1], maxCount: 4 });
  });
});

describe('binSparsityPattern properties', () => {
  it('matches a per-entry reference on random patterns and grid sizes', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 300 }),
        (rows, cols, width, height, raw) => {
          const seen = new Set<string>();
          const entries: [number, number][] = [];
          for (const [a, b] of raw) {
            const e: [number, number] = [a % rows, b % cols];
            if (!seen.has(e.join())) (entries.push(e), seen.add(e.join()));
          }
          const counts = binSparsityPattern(pattern(rows, cols, entries), width, height);
          // Reference: integer arithmetic per entry, no precomputed scale.
          const expected = new Array<number>(width * height).fill(0);
          for (const [i, j] of entries)
            expected[Math.floor((i * height) / rows) * width + Math.floor((j * width) / cols)]++;
          expect(Array.from(counts)).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 20240501 },
    );
  });
});
