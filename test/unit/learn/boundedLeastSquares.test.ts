import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedLeastSquares, boundedLeastSquaresNormal } from '../../../src/core/learn/boundedLeastSquares';

// Reference values from scipy.optimize.lsq_linear(method='bvls') and numpy.linalg.lstsq / pinv.
const F = Float64Array.from([1, 2, 0, 0, 1, 1, 1, 0, 1, 2, 1, 1, 1, 1, 3]);
const Y = Float64Array.from([1, -2, 3, 0.5, 2]);
const wide = (k: number, v: number): Float64Array => new Float64Array(k).fill(v);

function expectClose(actual: Float64Array, expected: number[], digits = 10): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}

describe('boundedLeastSquares', () => {
  it('equals the unconstrained least-squares solution when no bound is active', () => {
    const { x } = boundedLeastSquares(F, 5, Y, wide(3, -10), wide(3, 10));
    expectClose(x, [1.3074534161490687, -0.79192546583851, 0.3012422360248446]);
  });

  it('matches scipy bvls with two active bounds', () => {
    const { x } = boundedLeastSquares(F, 5, Y, Float64Array.from([-0.5, -0.5, 0]), Float64Array.from([0.5, 0.5, 0.4]));
    expectClose(x, [0.5, -0.28571428571428564, 0.4]);
  });

  it('matches scipy bvls with a lower and an upper bound active', () => {
    const { x } = boundedLeastSquares(F, 5, Y, Float64Array.from([0, -0.5, -10]), Float64Array.from([1, 0, 10]));
    expectClose(x, [1, -0.5, 0.33333333333333337]);
  });

  it('gives the minimum-norm solution of a rank-deficient problem', () => {
    const G = Float64Array.from([1, 1, 0, 1, 1, 1, 2, 2, 1, 0, 0, 1]);
    const { x } = boundedLeastSquares(G, 4, Float64Array.from([1, 2, 3, 1]), wide(3, -10), wide(3, 10));
    expectClose(x, [0.5, 0.5, 1]);
  });

  it('handles an all-zero problem and equal bounds', () => {
    const zero = boundedLeastSquaresNormal(new Float64Array(4), new Float64Array(2), wide(2, -1), wide(2, 1));
    expectClose(zero.x, [0, 0]);
    const pinned = boundedLeastSquares(F, 5, Y, Float64Array.from([0.2, -10, -10]), Float64Array.from([0.2, 10, 10]));
    expect(pinned.x[0]).toBe(0.2);
  });

  it('satisfies the KKT conditions on random problems', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 72, maxLength: 72 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 2, noNaN: true })), {
          minLength: 6,
          maxLength: 6,
        }),
        (k, rows, fv, yv, widths) => {
          // Entries far below the others make G numerically rank deficient, where the pseudo-inverse
          // (by design) treats them as zero; keep the property to well-scaled problems.
          const f = Float64Array.from(fv.slice(0, rows * k).map((v) => (Math.abs(v) < 1e-3 ? 0 : v)));
          const y = Float64Array.from(yv.slice(0, rows));
          const lb = Float64Array.from(widths.slice(0, k).map((w) => -w));
          const ub = Float64Array.from(widths.slice(0, k));
          const { x } = boundedLeastSquares(f, rows, y, lb, ub);
          // gradient of 1/2 ||F x - y||^2 is F^T (F x - y)
          const r = new Float64Array(rows);
          for (let i = 0; i < rows; i++) {
            let s = -y[i];
            for (let j = 0; j < k; j++) s += f[i * k + j] * x[j];
            r[i] = s;
          }
          for (let j = 0; j < k; j++) {
            expect(x[j]).toBeGreaterThanOrEqual(lb[j]);
            expect(x[j]).toBeLessThanOrEqual(ub[j]);
            let grad = 0;
            for (let i = 0; i < rows; i++) grad += f[i * k + j] * r[i];
            const tol = 1e-9 * (1 + rows * 27);
            if (x[j] > lb[j] + 1e-12 && x[j] < ub[j] - 1e-12) expect(Math.abs(grad)).toBeLessThan(tol);
            else if (x[j] <= lb[j] + 1e-12 && lb[j] < ub[j]) expect(grad).toBeGreaterThan(-tol);
            else if (lb[j] < ub[j]) expect(grad).toBeLessThan(tol);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
