import { expect, test } from 'vitest';
import seedrandom from 'seedrandom';
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

test('isSymmetric agrees with a dense comparison on 400 random sparse matrices (explicit zeros, lone mirrors, tolerance)', () => {
  const rng = seedrandom('symmetry-cursor');
  for (let trial = 0; trial < 400; trial++) {
    const n = 1 + Math.floor(rng() * 9);
    const dense = new Float64Array(n * n);
    const stored = new Uint8Array(n * n);
    for (let e = 0; e < n * n * 0.4; e++) {
      const i = Math.floor(rng() * n);
      const j = Math.floor(rng() * n);
      const v = rng() < 0.15 ? 0 : Math.round(rng() * 4) - 2;
      dense[i * n + j] = v;
      stored[i * n + j] = 1;
      // Mostly mirrored, sometimes perturbed or left alone, so both answers are common.
      const r = rng();
      if (r < 0.7) ((dense[j * n + i] = v), (stored[j * n + i] = 1));
      else if (r < 0.8) ((dense[j * n + i] = v * (1 + 1e-13)), (stored[j * n + i] = 1));
    }
    const t: [number, number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (stored[i * n + j]) t.push([i, j, dense[i * n + j]]);
    for (const tol of [0, 1e-9]) {
      let want = true;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const v = dense[i * n + j];
          const w = dense[j * n + i];
          if (Math.abs(v - w) > tol * Math.max(Math.abs(v), Math.abs(w))) want = false;
        }
      expect(isSymmetric(m(n, t), tol), `trial ${trial}, tol ${tol}: ${JSON.stringify(t)}`).toBe(want);
    }
  }
});
