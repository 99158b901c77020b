import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { estimateJacobiRadius, youngOmega } from '../../../src/core/spectral';
import { describeYoungOmega } from '../../../src/core/spectral/youngOmega';
import { goldenSectionOmega } from '../../../src/core/tune/goldenSection';
import { tuneOmega } from '../../../src/core/tune/tune';
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
    const exact = (JSON.parse(readFileSync(fixturePath('references.json'), 'utf8')) as { jacobiRho: Record<string, number> }).jacobiRho['samples/gr_30_30.mtx'];
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
      ri.push(i), ci.push(i), v.push(2);
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

describe('golden section', () => {
  test('finds the minimum of a step-like unimodal function', () => {
    const r = goldenSectionOmega((w) => Math.ceil(1000 * Math.abs(w - 1.37)), 1, 1.99, { tolerance: 1e-4, maxEvaluations: 60 });
    expect(Math.abs(r.omega - 1.37)).toBeLessThan(2e-3);
    expect(r.points.length).toBeGreaterThan(5);
    expect(new Set(r.points.map((p) => p.omega)).size).toBe(r.points.length);
  });
  test('respects the evaluation cap', () => {
    expect(goldenSectionOmega((w) => w, 0.5, 1.5, { maxEvaluations: 7, tolerance: 0 }).points.length).toBe(7);
  });
});

describe('tuneOmega', () => {
  const a = loadMtx(samplePath('gr_30_30.mtx'));
  const b = ones(a.rows);
  test('SOR on gr_30_30 beats the published omega = 1.8 count and reports the curve and baselines', () => {
    const seen: number[] = [];
    const t = tuneOmega(a, b, { onProgress: (p) => seen.push(p.evaluations) });
    expect(t.method).toBe('sor');
    expect(t.converged).toBe(true);
    expect(t.iterations).toBeLessThanOrEqual(97);
    expect(t.omega).toBeGreaterThan(1.7);
    expect(t.baselines.omega1.iterations).toBe(1185);
    expect(t.baselines.young?.converged).toBe(true);
    expect(t.curve.length).toBe(t.evaluations);
    expect(t.curve.some((p) => p.omega === t.baselines.young?.omega)).toBe(true);
    expect(t.curve.some((p) => p.omega === t.omega && p.iterations === t.iterations)).toBe(true);
    for (let i = 1; i < t.curve.length; i++) expect(t.curve[i].omega).toBeGreaterThan(t.curve[i - 1].omega);
    expect(Math.min(...t.curve.map((p) => p.iterations))).toBe(t.iterations);
    expect(seen.length).toBeGreaterThan(12);
  });
  test('SSOR-CG tuning finds at most the omega = 1.5 count', () => {
    const t = tuneOmega(a, b, { method: 'ssor-cg', skipYoung: true });
    expect(t.iterations).toBeLessThanOrEqual(20);
    expect(t.baselines.omega1.iterations).toBe(28);
  });
  test('unconverged points never win', () => {
    const t = tuneOmega(a, b, { solve: { maxIterations: 150 }, skipYoung: true });
    expect(t.converged).toBe(true);
    expect(t.baselines.omega1.converged).toBe(false);
    expect(t.baselines.omega1.iterations).toBe(150);
  });
  test('cancellation stops the search early', () => {
    let calls = 0;
    const t = tuneOmega(a, b, { isCancelled: () => ++calls > 40 });
    expect(t.cancelled).toBe(true);
    expect(t.evaluations).toBeLessThan(12);
  });
  test('baselines outside the range are reported but not part of the curve', () => {
    const t = tuneOmega(a, b, { range: [1.2, 1.5], gridPoints: 4, maxRefinements: 3 });
    expect(t.baselines.omega1.iterations).toBe(1185);
    expect(t.curve.every((p) => p.omega >= 1.2 && p.omega <= 1.5)).toBe(true);
    expect(t.evaluations).toBe(t.curve.length + 2);
    expect(t.omega).toBe(1.5);
  });
  test('range must lie inside (0, 2)', () => {
    expect(() => tuneOmega(a, b, { range: [1, 2] })).toThrow(/inside \(0, 2\)/);
  });
});
