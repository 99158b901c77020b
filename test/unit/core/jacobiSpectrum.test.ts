import { describe, expect, it } from 'vitest';
import { JacobiSpectrum } from '../../../src/core/spectral/jacobiSpectrum';
import { countBelow, tridiagonalEigenvalue } from '../../../src/core/spectral/tridiagonal';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { exactJacobiRadius, shiftedLaplacian } from '../learn/laplacian';

describe('tridiagonal eigenvalues', () => {
  it('match the closed form of the [-1 2 -1] matrix', () => {
    const k = 7;
    const a = new Float64Array(k).fill(2);
    const b = new Float64Array(k + 1).fill(-1);
    for (let i = 0; i < k; i++) {
      expect(tridiagonalEigenvalue(a, b, k, i)).toBeCloseTo(2 - 2 * Math.cos(((i + 1) * Math.PI) / (k + 1)), 12);
    }
    expect(countBelow(a, b, k, 1.9)).toBe(3);
    expect(countBelow(a, b, k, 2.1)).toBe(4);
  });
});

describe('JacobiSpectrum', () => {
  it('finds the Jacobi radius of shifted Laplacians, cheaply when warm-started', () => {
    const est = new JacobiSpectrum();
    const cold = est.estimate(shiftedLaplacian(10, -0.15));
    expect(cold).toBeDefined();
    expect(cold!.rho).toBeCloseTo(exactJacobiRadius(10, -0.15), 9);
    expect(cold!.converged).toBe(true);
    for (const c of [0.3, -0.1, 0.05]) {
      const warm = est.estimate(shiftedLaplacian(10, c))!;
      expect(Math.abs(warm.rho - exactJacobiRadius(10, c))).toBeLessThan(1e-3 * (1 - exactJacobiRadius(10, c)));
      expect(warm.sweeps).toBeLessThan(cold!.sweeps / 4);
    }
  });

  it('resumes its warm start from JSON', () => {
    const est = new JacobiSpectrum();
    est.estimate(shiftedLaplacian(8, 0));
    const again = new JacobiSpectrum(undefined, undefined, JSON.parse(JSON.stringify(est.toJSON())));
    const a = shiftedLaplacian(8, 0.2);
    expect(again.estimate(a)).toEqual(est.estimate(a));
  });

  it('declines matrices without a positive diagonal', () => {
    const a = csrFromTriplets(
      2,
      2,
      Int32Array.from([0, 1, 1]),
      Int32Array.from([1, 0, 1]),
      Float64Array.from([1, 1, 2]),
    );
    expect(new JacobiSpectrum().estimate(a)).toBeUndefined();
  });
});
