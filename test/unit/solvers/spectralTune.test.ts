import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { estimateJacobiRadius, youngOmega } from '../../../src/core/spectral';
import { describeYoungOmega } from '../../../src/core/spectral/youngOmega';
import { sor } from '../../../src/core/solvers/sor';
import { fixturePath, laplacian1d, loadMtx, ones, samplePath } from './fixtures';

describe('Jacobi spectral radius', () => {
  test('1-D Laplacian: rho = cos(pi / (n + 1)) to the stated accuracy', () => {
    const n = 100;
    const exact = Math.cos(Math.PI / (n + 1));
    const e = estimateJacobiRadius(laplacian1d(n));
    expect(e.method).toBe('lanczos');
    expect(e.converged).toBe(true);
    expect(Math.abs(e.rho - exact)).toBeLessThan(5e-3 * (1 - exact));
    expect(e.sweeps).toBe(e.iterations + 1);
  });
  test('gr_30_30 agrees with dense eigenvalues from numpy', () => {
    const path = samplePath('gr_30_30.mtx');
    // Dense eigenvalues from numpy, checked in by test/fixtures/scripts/make_references.py.
    const exact = (
      JSON.parse(readFileSync(fixturePath('references.json'), 'utf8')) as { jacobiRho: Record<string, number> }
    ).jacobiRho['samples/gr_30_30.mtx'];
    expect(exact).toBeGreaterThan(0.9);
    const e = estimateJacobiRadius(loadMtx(path), { symmetric: true });
    expect(e.sweeps).toBe(e.iterations);
    expect(Math.abs(e.rho - exact)).toBeLessThan(5e-3 * (1 - exact));
  });
  test('nonsymmetric tridiag(-0.5, 2, -1.5): power iteration finds sqrt(0.75) cos(pi/(n+1))', () => {
    const n = 30;
    const ri: number[] = [];
    const ci: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) (ri.push(i), ci.push(i - 1), v.push(-0.5));
      (ri.push(i), ci.push(i), v.push(2));
      if (i < n - 1) (ri.push(i), ci.push(i + 1), v.push(-1.5));
    }
    const a = csrFromTriplets(n, n, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
    const e = estimateJacobiRadius(a, { maxIterations: 2000 });
    expect(e.method).toBe('power');
    expect(Math.abs(e.rho - Math.sqrt(0.75) * Math.cos(Math.PI / (n + 1)))).toBeLessThan(1e-2);
  });
  test('a zero diagonal is refused with the row', () => {
    const a = csrFromTriplets(2, 2, Int32Array.of(0, 1), Int32Array.of(1, 1), Float64Array.of(1, 1));
    expect(() => estimateJacobiRadius(a)).toThrow(/row 1 has diagonal entry 0/);
  });
  test('warm start from the previous vector needs fewer steps', () => {
    const a = laplacian1d(100);
    const cold = estimateJacobiRadius(a);
    const warm = estimateJacobiRadius(laplacian1d(100, 2.0001), { start: cold.vector });
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });
});

describe("Young's omega", () => {
  test('formula values', () => {
    expect(youngOmega(0)).toBe(1);
    expect(youngOmega(0.6)).toBeCloseTo(1 + 1 / 9, 14);
    expect(youngOmega(Number.NaN)).toBe(1);
  });
  test('rho >= 1 is clamped with a note', () => {
    expect(youngOmega(1.3)).toBe(1.99);
    const info = describeYoungOmega(1.3);
    expect(info.fromFormula).toBe(false);
    expect(info.note).toMatch(/does not apply/);
    expect(describeYoungOmega(0.9).note).toMatch(/consistently ordered/);
  });
  test('on a consistently ordered matrix it beats nearby omegas', () => {
    const n = 60;
    const a = laplacian1d(n);
    const w = youngOmega(Math.cos(Math.PI / (n + 1)));
    const at = (omega: number) => sor(a, ones(n), omega).iterations;
    expect(at(w)).toBeLessThan(at(w - 0.05));
    expect(at(w)).toBeLessThan(at(Math.min(1.99, w + 0.03)));
  });
});
