// Honest tuning results: refusals before any solve, the search stopping at non-positive curvature,
// and the reason + message a tuning carries when nothing converged.
import { describe, expect, test } from 'vitest';
import { cgFamilyApplicability } from '../../../src/core/solvers/applicability';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { tuneOmega } from '../../../src/core/tune/tune';
import { tuneVerdict, type VerdictInput } from '../../../src/core/tune/verdict';
import { fixturePath, loadMtx, samplePath } from './fixtures';

const ones = (n: number) => new Float64Array(n).fill(1);

describe('cgFamilyApplicability', () => {
  test('orsirr_1 is refused for SSOR-CG: not symmetric, with the measured asymmetry in the reason', () => {
    const fit = cgFamilyApplicability(loadMtx(fixturePath('orsirr_1.mtx')), 'ssor-cg');
    expect(fit.applies).toBe(false);
    if (fit.applies) return;
    expect(fit.cause).toBe('not-symmetric');
    expect(fit.message).toMatch(
      /^SSOR-CG does not apply: A is not symmetric \(max \|aᵢⱼ − aⱼᵢ\| \/ max \|aᵢⱼ\| = 0\.623, tolerance 1e-12\)/,
    );
  });
  test('a symmetric matrix with a negative diagonal entry is refused, naming the first row', () => {
    // [[1, 0.5], [0.5, -3]]: symmetric, a(2,2) = -3.
    const a = csrFromTriplets(
      2,
      2,
      new Int32Array([0, 0, 1, 1]),
      new Int32Array([0, 1, 0, 1]),
      new Float64Array([1, 0.5, 0.5, -3]),
    );
    const fit = cgFamilyApplicability(a, 'cg');
    expect(fit).toEqual({
      applies: false,
      cause: 'non-positive-diagonal',
      message: 'CG does not apply: 1 diagonal entry is not positive (first a(2,2) = -3), so A is not SPD; use SOR',
    });
  });
  test('gr_30_30 (SPD) passes', () => {
    expect(cgFamilyApplicability(loadMtx(samplePath('gr_30_30.mtx')), 'ssor-cg')).toEqual({ applies: true });
  });
});

describe('tuneOmega stops at the first solve that meets non-positive curvature', () => {
  test('poisson1033 (singular, b = ones inconsistent): SSOR-CG runs exactly one solve', () => {
    const a = loadMtx(fixturePath('poisson1033.mtx'));
    const t = tuneOmega(a, ones(a.rows), { method: 'ssor-cg' });
    expect(t.stoppedBy).toBe('not-positive-definite');
    expect(t.evaluations).toBe(1);
    expect(t.converged).toBe(false);
    expect(t.baselines.young).toBeUndefined();
    const v = tuneVerdict({
      method: 'ssor-cg',
      range: [1, 1.99],
      maxIterations: 10000,
      converged: false,
      cancelled: false,
      points: [...t.curve, t.baselines.omega1],
    });
    expect(v.reason).toBe('not-positive-definite');
    expect(v.message).toMatch(
      /^SSOR-CG stopped at ω = [\d.]+ after \d+ iterations on non-positive curvature: A is not positive definite/,
    );
  });
  test('poisson1033 with SOR: every solve stagnates, each point keeps the count it ran, the verdict says stagnated', () => {
    const a = loadMtx(fixturePath('poisson1033.mtx'));
    const t = tuneOmega(a, ones(a.rows), { method: 'sor' });
    expect(t.converged).toBe(false);
    expect(t.curve.length).toBeGreaterThan(0);
    for (const p of t.curve) {
      expect(p.reason).toBe('stagnated');
      expect(p.iterations).toBeLessThan(10000);
    }
    const v = tuneVerdict({
      method: 'sor',
      range: [1, 1.99],
      maxIterations: 10000,
      converged: false,
      cancelled: false,
      points: t.curve,
    });
    expect(v.reason).toBe('stagnated');
    expect(v.message).toMatch(
      /^Every SOR solve stagnated \(best relative residual [\d.e-]+ at ω = [\d.]+\): the system may be singular or inconsistent/,
    );
  });
});

describe('tuneVerdict', () => {
  const base: VerdictInput = {
    method: 'sor',
    range: [1, 1.99],
    maxIterations: 150,
    converged: false,
    cancelled: false,
    points: [],
  };
  const capped = (omega: number, relativeResidual: number) => ({
    omega,
    iterations: 150,
    converged: false,
    reason: 'max-iterations' as const,
    relativeResidual,
  });
  test('converged: no message', () => {
    expect(
      tuneVerdict({
        ...base,
        converged: true,
        points: [{ omega: 1.8, iterations: 97, converged: true, reason: 'converged' }],
      }),
    ).toEqual({ reason: 'converged' });
  });
  test('every solve at the cap: what was tried, the best residual, and what to try, with the other method when it converged', () => {
    const v = tuneVerdict({
      ...base,
      points: [capped(1, 0.2), capped(1.5, 0.01), capped(1.99, 0.5)],
      capHint: 'raise relax.maxIterations',
      alternative: { method: 'ssor-cg', omega: 1.4142, iterations: 17 },
    });
    expect(v).toEqual({
      reason: 'max-iterations',
      message:
        'No ω in [1, 1.99] converged within 150 iterations (best relative residual 0.0100 at ω = 1.5); raise relax.maxIterations; SSOR-CG converged in 17 iterations at ω = 1.414.',
    });
  });
  test('mixed reasons: the most common wins, ties go to the more specific', () => {
    const stag = (omega: number) => ({
      omega,
      iterations: 40,
      converged: false,
      reason: 'stagnated' as const,
      relativeResidual: 0.3,
    });
    expect(tuneVerdict({ ...base, points: [stag(1), stag(1.2), capped(1.9, 0.1)] }).reason).toBe('stagnated');
    expect(tuneVerdict({ ...base, points: [stag(1), capped(1.9, 0.1)] }).reason).toBe('stagnated');
    expect(tuneVerdict({ ...base, points: [stag(1), capped(1.5, 0.1), capped(1.9, 0.1)] }).reason).toBe(
      'max-iterations',
    );
  });
  test('cancelled before anything converged', () => {
    expect(tuneVerdict({ ...base, cancelled: true, points: [capped(1, 0.2)] })).toEqual({
      reason: 'cancelled',
      message: 'Cancelled after 1 solve; nothing converged before that.',
    });
  });
});
