import { describe, expect, it } from 'vitest';
import { JacobiSpectrum } from '../../../src/core/spectral/jacobiSpectrum';
import { countBelow, tridiagonalEigenvalue } from '../../../src/core/spectral/tridiagonal';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { exactJacobiRadius, shiftedLaplacian } from '../learn/laplacian';
import { ninePoint } from '../solvers/fixtures';

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
    // The target accuracy: 2e-3 of 1 - rho (what Young's formula is sensitive to).
    expect(Math.abs(cold!.rho - exactJacobiRadius(10, -0.15))).toBeLessThan(2e-3 * (1 - exactJacobiRadius(10, -0.15)));
    expect(cold!.converged).toBe(true);
    for (const c of [0.3, -0.1, 0.05]) {
      const warm = est.estimate(shiftedLaplacian(10, c))!;
      expect(Math.abs(warm.rho - exactJacobiRadius(10, c))).toBeLessThan(1e-3 * (1 - exactJacobiRadius(10, c)));
      // Cold: 15 sweeps (each extreme to its own accuracy; 42 when both waited for the tighter one); warm: 4-7.
      expect(warm.sweeps).toBeLessThan(cold!.sweeps / 2);
    }
  });

  it('resumes its warm start from JSON', () => {
    const est = new JacobiSpectrum();
    est.estimate(shiftedLaplacian(8, 0));
    const again = new JacobiSpectrum(undefined, undefined, JSON.parse(JSON.stringify(est.toJSON())));
    const a = shiftedLaplacian(8, 0.2);
    expect(again.estimate(a)).toEqual(est.estimate(a));
  });

  it("settles rho by the extreme that sets it: a 9-point operator's slow lambda_max does not hold up lambda_min", () => {
    // 9-point stencil (8 on the diagonal, -1 to all eight neighbours) on an m x m grid, like gr_30_30:
    // A = 9 I - (I + T) (x) (I + T), so the scaled eigenvalues are (9 - (1 + 2 cos a)(1 + 2 cos b)) / 8,
    // a, b = k pi / (m + 1); rho = 1 - lambda_min, while lambda_max ~ 1.5 converges far more slowly.
    const m = 30;
    const a = ninePoint(m);
    const c1 = 1 + 2 * Math.cos(Math.PI / (m + 1));
    const lambdaMin = (9 - c1 * c1) / 8;
    const est = new JacobiSpectrum().estimate(a)!;
    expect(est.converged).toBe(true);
    expect(Math.abs(est.lambdaMin - lambdaMin)).toBeLessThan(2e-3 * lambdaMin);
    expect(Math.abs(est.rho - (1 - lambdaMin))).toBeLessThan(2e-3 * lambdaMin);
    // Fewer than the 60-step cap: the slow end was not waited for.
    expect(est.sweeps).toBeLessThan(40);
  });

  /**
   * Kronecker sum T1 (x) I + I (x) T2 with a unit diagonal: T1 = tridiag(-1/4, 1/2, -1/4) of order m
   * (eigenvalues (1 - cos(k pi / (m + 1))) / 2), T2 of order 3 with 1/2 on the diagonal and `c` off it
   * (eigenvalues 1/2 - c twice, 1/2 + 2c). SPD, and Jacobi diverges (lambda_max > 2) for c > 1/4.
   */
  function stiffDivergent(m: number, c: number) {
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    const at = (i: number, j: number) => 3 * i + j;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < 3; j++) {
        (rows.push(at(i, j)), cols.push(at(i, j)), vals.push(1));
        if (i > 0) (rows.push(at(i, j)), cols.push(at(i - 1, j)), vals.push(-0.25));
        if (i < m - 1) (rows.push(at(i, j)), cols.push(at(i + 1, j)), vals.push(-0.25));
        for (let k = 0; k < 3; k++) if (k !== j) (rows.push(at(i, j)), cols.push(at(i, k)), vals.push(c));
      }
    const a = csrFromTriplets(3 * m, 3 * m, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(vals));
    const t1 = (k: number) => (1 - Math.cos((k * Math.PI) / (m + 1))) / 2;
    return { a, lambdaMin: t1(1) + 0.5 - c, lambdaMax: t1(m) + 0.5 + 2 * c };
  }

  it('settles lambda_min too where Jacobi diverges (lambda_max > 2): the SPD rate of SOR depends on it', () => {
    // lambda_min 1.95e-3 against lambda_max 2.5: rho (set by lambda_max) settles early; lambda_min needs ~110
    // steps (before it had to converge the estimate stopped at 50 steps with lambda_min 4.8e-3).
    const { a, lambdaMin, lambdaMax } = stiffDivergent(50, 0.499);
    const est = new JacobiSpectrum().estimate(a)!;
    expect(est.converged).toBe(true);
    expect(est.lambdaMax).toBeGreaterThan(2);
    expect(Math.abs(est.lambdaMax - lambdaMax)).toBeLessThan(2e-3 * (lambdaMax - 2));
    expect(Math.abs(est.lambdaMin - lambdaMin)).toBeLessThan(2e-3 * lambdaMin);
    expect(est.sweeps).toBeGreaterThan(60);
  });

  it('keeps a converged warm start per size: alternating matrices stay cheap, and it resumes from JSON', () => {
    const big = stiffDivergent(50, 0.499);
    const small = shiftedLaplacian(10, 0.1);
    const est = new JacobiSpectrum();
    const coldBig = est.estimate(big.a)!;
    const coldSmall = est.estimate(small)!;
    const restored = new JacobiSpectrum(undefined, undefined, JSON.parse(JSON.stringify(est.toJSON())));
    const warmBig = est.estimate(big.a)!;
    expect(warmBig.converged).toBe(true);
    expect(Math.abs(warmBig.lambdaMin - big.lambdaMin)).toBeLessThan(2e-3 * big.lambdaMin);
    expect(warmBig.sweeps).toBeLessThan(coldBig.sweeps / 5);
    expect(restored.estimate(big.a)).toEqual(warmBig);
    const warmSmall = est.estimate(small)!;
    // Both pay the 2-sweep symmetry check of a changed pattern; the Lanczos steps are fewer warm.
    expect(warmSmall.sweeps).toBeLessThan(coldSmall.sweeps - 2);
    expect(restored.estimate(small)).toEqual(warmSmall);
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
