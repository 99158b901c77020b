import { expect, test } from 'vitest';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { residual } from '../../../src/core/sparse/residual';
import { findEntry, isSymmetric } from '../../../src/core/sparse/symmetry';
import { laplacian1d } from './fixtures';

const m = (n: number, t: [number, number, number][]) =>
  csrFromTriplets(
    n,
    n,
    Int32Array.from(t.map((e) => e[0])),
    Int32Array.from(t.map((e) => e[1])),
    Float64Array.from(t.map((e) => e[2])),
  );

test('isSymmetric: values, missing mirrors on either side, tolerance, non-square', () => {
  expect(isSymmetric(laplacian1d(6))).toBe(true);
  expect(
    isSymmetric(
      m(2, [
        [0, 0, 1],
        [0, 1, 2],
        [1, 0, 2.5],
        [1, 1, 1],
      ]),
    ),
  ).toBe(false);
  expect(
    isSymmetric(
      m(2, [
        [0, 0, 1],
        [0, 1, 2],
        [1, 0, 2 + 1e-12],
        [1, 1, 1],
      ]),
      1e-9,
    ),
  ).toBe(true);
  expect(
    isSymmetric(
      m(2, [
        [0, 0, 1],
        [0, 1, 2],
        [1, 1, 1],
      ]),
    ),
  ).toBe(false);
  expect(
    isSymmetric(
      m(2, [
        [0, 0, 1],
        [1, 0, 2],
        [1, 1, 1],
      ]),
    ),
  ).toBe(false);
  expect(isSymmetric(csrFromTriplets(2, 3, Int32Array.of(0), Int32Array.of(0), Float64Array.of(1)))).toBe(false);
});

test('findEntry locates stored entries and reports absent ones', () => {
  const a = laplacian1d(5);
  expect(a.values[findEntry(a, 2, 3)]).toBe(-1);
  expect(a.values[findEntry(a, 4, 4)]).toBe(2);
  expect(findEntry(a, 0, 4)).toBe(-1);
});

test('residual computes b - A x and its norm', () => {
  const a = laplacian1d(3);
  const r = new Float64Array(3);
  // A [1, 1, 1] = [1, 0, 1]
  const norm = residual(a, Float64Array.of(1, 1, 1), Float64Array.of(1, 1, 1), r);
  expect(Array.from(r)).toEqual([0, 1, 0]);
  expect(norm).toBe(1);
});
