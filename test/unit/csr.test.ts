import { describe, expect, it } from 'vitest';
import { csrFromTriplets, diagonalIndex, nnz, spmv } from '../../src/core/sparse/csr';

describe('csrFromTriplets', () => {
  it('sorts columns within rows and sums duplicates', () => {
    const a = csrFromTriplets(
      2,
      3,
      Int32Array.from([1, 0, 0, 1, 0]),
      Int32Array.from([2, 2, 0, 2, 2]),
      Float64Array.from([1, 2, 3, 4, 5]),
    );
    expect(nnz(a)).toBe(3);
    expect(Array.from(a.rowPtr)).toEqual([0, 2, 3]);
    expect(Array.from(a.colIdx)).toEqual([0, 2, 2]);
    expect(Array.from(a.values)).toEqual([3, 7, 5]);
  });

  it('finds the diagonal once and marks missing ones', () => {
    const a = csrFromTriplets(
      3,
      3,
      Int32Array.from([0, 1, 2, 2]),
      Int32Array.from([0, 0, 2, 1]),
      Float64Array.from([1, 1, 1, 1]),
    );
    expect(Array.from(diagonalIndex(a))).toEqual([0, -1, 3]);
  });

  it('multiplies by a vector', () => {
    const a = csrFromTriplets(
      2,
      2,
      Int32Array.from([0, 0, 1]),
      Int32Array.from([0, 1, 1]),
      Float64Array.from([2, -1, 3]),
    );
    const y = new Float64Array(2);
    spmv(a, Float64Array.from([1, 2]), y);
    expect(Array.from(y)).toEqual([0, 6]);
  });
});
