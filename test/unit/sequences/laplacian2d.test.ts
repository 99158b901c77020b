import { describe, expect, it } from 'vitest';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import type { CsrMatrix } from '../../../src/core/sparse/csr';

function dense(a: CsrMatrix): number[][] {
  const out = Array.from({ length: a.rows }, () => new Array<number>(a.cols).fill(0));
  for (let i = 0; i < a.rows; i++)
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) out[i][a.colIdx[k]] = a.values[k];
  return out;
}

describe('laplacian2d', () => {
  it('m = 3 equals delsq(numgrid("S", 5)) written out by hand', () => {
    // Unknowns numbered down the columns of the 3 x 3 interior grid:
    // 1 4 7 / 2 5 8 / 3 6 9 (1-based), neighbours up/down are +-1, left/right +-3.
    const expected = [
      [4, -1, 0, -1, 0, 0, 0, 0, 0],
      [-1, 4, -1, 0, -1, 0, 0, 0, 0],
      [0, -1, 4, 0, 0, -1, 0, 0, 0],
      [-1, 0, 0, 4, -1, 0, -1, 0, 0],
      [0, -1, 0, -1, 4, -1, 0, -1, 0],
      [0, 0, -1, 0, -1, 4, 0, 0, -1],
      [0, 0, 0, -1, 0, 0, 4, -1, 0],
      [0, 0, 0, 0, -1, 0, -1, 4, -1],
      [0, 0, 0, 0, 0, -1, 0, -1, 4],
    ];
    expect(dense(laplacian2d(3))).toEqual(expected);
  });

  it('stores exactly the nonzeros, columns sorted', () => {
    const a = laplacian2d(10);
    expect(a.rows).toBe(100);
    expect(a.rowPtr[100]).toBe(460);
    for (let i = 0; i < a.rows; i++) {
      for (let k = a.rowPtr[i] + 1; k < a.rowPtr[i + 1]; k++) expect(a.colIdx[k]).toBeGreaterThan(a.colIdx[k - 1]);
    }
  });

  it('m = 1 is the 1 x 1 matrix [4]', () => {
    expect(dense(laplacian2d(1))).toEqual([[4]]);
  });
});
