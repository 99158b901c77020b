import { describe, expect, it } from 'vitest';
import {
  cumulativeSum,
  defaultWindow,
  movingAverage,
  pick,
  strideIndices,
  thinColumns,
} from '../../../webview/data/series';

describe('cumulativeSum', () => {
  it('adds up a prefix at each index', () => {
    expect(Array.from(cumulativeSum([3, 1, 4, 1, 5]))).toEqual([3, 4, 8, 9, 14]);
  });
  it('returns an empty array for empty input', () => {
    expect(cumulativeSum([]).length).toBe(0);
  });
});

describe('movingAverage', () => {
  it('averages the trailing window, and what exists at the start', () => {
    expect(Array.from(movingAverage([2, 4, 6, 8, 10], 3))).toEqual([2, 3, 4, 6, 8]);
  });
  it('is the identity for window 1', () => {
    expect(Array.from(movingAverage([1.5, 1.7, 1.2], 1))).toEqual([1.5, 1.7, 1.2]);
  });
  it('is the running mean when the window exceeds the length', () => {
    expect(Array.from(movingAverage([1, 2, 3], 10))).toEqual([1, 1.5, 2]);
  });
  it('rejects a window below 1', () => {
    expect(() => movingAverage([1], 0)).toThrow(/positive integer/);
  });
  it('stays accurate over a long run (no drift from the running sum)', () => {
    const v = Array.from({ length: 100_000 }, (_, i) => 1 + (i % 7) * 0.1);
    const avg = movingAverage(v, 7);
    // Any 7 consecutive values cover each residue once: mean = 1 + 0.3.
    expect(avg[99_999]).toBeCloseTo(1.3, 12);
  });
});

describe('strideIndices', () => {
  it('keeps everything when short enough', () => {
    expect(strideIndices(4, 10)).toEqual([0, 1, 2, 3]);
  });
  it('keeps first and last and at most maxPoints', () => {
    const idx = strideIndices(100_001, 1000);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(100_000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    expect(idx.length).toBeGreaterThan(990);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
  });
  it('handles empty input', () => {
    expect(strideIndices(0, 10)).toEqual([]);
  });
  it('pick selects by index', () => {
    expect(pick([10, 20, 30, 40], [0, 3])).toEqual([10, 40]);
  });
});

describe('defaultWindow', () => {
  it('is about a twentieth of the run, clamped to [1, 200]', () => {
    expect(defaultWindow(5)).toBe(1);
    expect(defaultWindow(1000)).toBe(50);
    expect(defaultWindow(100_000)).toBe(200);
  });
});

describe('thinColumns', () => {
  it('thins x and every column with the same indices', () => {
    const x = Array.from({ length: 101 }, (_, i) => i);
    const ys = [x.map((v) => v * 2), x.map((v) => (v % 2 ? null : v))];
    const t = thinColumns(x, ys, 11);
    expect(t.x).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(t.ys[0]).toEqual(t.x.map((v) => v * 2));
    expect(t.ys[1]).toEqual(t.x);
  });
  it('copies short columns unchanged', () => {
    expect(thinColumns([1, 2], [[3, 4]], 10)).toEqual({ x: [1, 2], ys: [[3, 4]] });
  });
});
