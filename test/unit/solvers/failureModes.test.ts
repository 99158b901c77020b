// Numerical failure modes are reported with a reason and a message, never hidden (issue 7).
import { describe, expect, test } from 'vitest';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { residual } from '../../../src/core/sparse/residual';
import { cg } from '../../../src/core/solvers/cg';
import { SolverInputError } from '../../../src/core/solvers/errors';
import { prepareSor } from '../../../src/core/solvers/prepared';
import { sor } from '../../../src/core/solvers/sor';
import { ssorPcg } from '../../../src/core/solvers/ssorPcg';
import { fixturePath, laplacian1d, loadMtx, ones, samplePath } from './fixtures';

describe('singular / inconsistent system (poisson1033, b = ones)', () => {
  const a = loadMtx(fixturePath('poisson1033.mtx'));
  const b = ones(a.rows);
  test('SOR stagnates with a diagnosis, long before the cap', () => {
    for (const omega of [1.0, 1.8]) {
      const r = sor(a, b, omega);
      expect(r.reason).toBe('stagnated');
      expect(r.converged).toBe(false);
      expect(r.iterations).toBeLessThan(2000);
      expect(r.relativeResidual).toBeGreaterThan(0.1);
      expect(r.message).toMatch(/singular or inconsistent/);
    }
  });
  test('CG does not report convergence and says why', () => {
    const r = cg(a, b);
    expect(r.converged).toBe(false);
    expect(['diverged', 'not-positive-definite', 'stagnated']).toContain(r.reason);
    expect(r.iterations).toBeLessThan(10000);
    expect(r.message).toBeTruthy();
  });
});

test('ill-conditioned plat362: nothing converges in 10000 iterations, the reached residual is reported', () => {
  const a = loadMtx(fixturePath('plat362.mtx'));
  for (const r of [sor(a, ones(a.rows), 1.0), ssorPcg(a, ones(a.rows), 1.0)]) {
    expect(r.converged).toBe(false);
    expect(r.reason).toBe('max-iterations');
    expect(r.iterations).toBe(10000);
    expect(r.relativeResidual).toBeGreaterThan(1e-8);
    expect(r.relativeResidual).toBeLessThan(1);
    expect(r.message).toMatch(/not converged after 10000 iterations: relative residual [0-9.e-]+ > tol 1e-8/);
  }
});

test('divergence is stopped early (sherman5, SOR omega = 1)', () => {
  const a = loadMtx(fixturePath('sherman5.mtx'));
  const r = sor(a, ones(a.rows), 1.0);
  expect(r.reason).toBe('diverged');
  expect(r.iterations).toBeLessThan(100);
  expect(r.relativeResidual).toBeGreaterThan(1e8);
});

test('CG on an indefinite matrix reports not-positive-definite', () => {
  // diag(2, 1, -1, 3): p^T A p turns negative once the search direction reaches the third coordinate.
  const a = csrFromTriplets(4, 4, Int32Array.of(0, 1, 2, 3), Int32Array.of(0, 1, 2, 3), Float64Array.of(2, 1, -1, 3));
  const r = cg(a, ones(4));
  expect(r.reason).toBe('not-positive-definite');
  expect(r.converged).toBe(false);
  expect(r.message).toMatch(/not positive definite/);
});

test('SSOR-CG with a negative diagonal reports the preconditioner as not positive definite', () => {
  const a = csrFromTriplets(2, 2, Int32Array.of(0, 1), Int32Array.of(0, 1), Float64Array.of(-1, 2));
  const r = ssorPcg(a, ones(2), 1.0);
  expect(r.reason).toBe('not-positive-definite');
  expect(r.message).toMatch(/preconditioner/);
});

describe('refused inputs', () => {
  const a = laplacian1d(5);
  test.each([0, 2, -0.5, 2.5, Number.NaN])('omega = %s is refused by SOR and SSOR-CG', (omega) => {
    expect(() => sor(a, ones(5), omega)).toThrow(SolverInputError);
    expect(() => ssorPcg(a, ones(5), omega)).toThrow(/outside \(0, 2\)/);
  });
  test('zero diagonal names the row (1-based)', () => {
    const z = csrFromTriplets(3, 3, Int32Array.of(0, 1, 1, 2), Int32Array.of(0, 1, 2, 2), Float64Array.of(1, 0, 1, 1));
    expect(() => sor(z, ones(3), 1)).toThrow(/row 2 has diagonal entry 0/);
  });
  test('missing diagonal names the row', () => {
    const z = csrFromTriplets(3, 3, Int32Array.of(0, 1, 2, 2), Int32Array.of(0, 1, 0, 1), Float64Array.of(1, 1, 1, 1));
    expect(() => ssorPcg(z, ones(3), 1)).toThrow(/row 3 has no stored diagonal entry/);
  });
  test('size mismatch and non-square are refused', () => {
    expect(() => sor(a, ones(4), 1)).toThrow(/4 entries but the matrix has 5 rows/);
    expect(() => cg(a, ones(5), { x0: ones(6) })).toThrow(/initial guess/);
    const rect = csrFromTriplets(2, 3, Int32Array.of(0, 1), Int32Array.of(0, 1), Float64Array.of(1, 1));
    expect(() => sor(rect, ones(2), 1)).toThrow(/square/);
  });
  test('NaN in the right-hand side is refused', () => {
    const b = ones(5);
    b[3] = Number.NaN;
    expect(() => cg(a, b)).toThrow(/entry 4 is NaN/);
  });
});

describe('stopping controls', () => {
  const a = loadMtx(samplePath('gr_30_30.mtx'));
  const b = ones(a.rows);
  test('cancellation is honoured within a few sweeps', () => {
    let calls = 0;
    const r = sor(a, b, 1.0, { isCancelled: () => ++calls >= 3 });
    expect(r.reason).toBe('cancelled');
    expect(r.iterations).toBeLessThanOrEqual(3 * 8);
    expect(r.iterations).toBeGreaterThan(0);
  });
  test('time budget of zero stops at the first check', () => {
    const r = ssorPcg(a, b, 1.0, { timeBudgetSeconds: 0 });
    expect(r.reason).toBe('time-budget');
    expect(r.iterations).toBeLessThanOrEqual(8);
  });
  test('residual history starts at 1 and ends at the reported residual', () => {
    const r = sor(a, b, 1.5, { recordResiduals: true });
    expect(r.residuals?.length).toBe(r.iterations + 1);
    expect(r.residuals?.[0]).toBe(1);
    expect(r.residuals?.[r.iterations]).toBe(r.relativeResidual);
    expect(r.residuals?.[r.iterations - 1]).toBeGreaterThanOrEqual(1e-8);
  });
  test('progress is reported while iterating', () => {
    const seen: number[] = [];
    sor(a, b, 1.8, { onProgress: (k) => seen.push(k) });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[1]).toBeGreaterThan(seen[0]);
  });
});

describe('iterates', () => {
  const a = loadMtx(samplePath('gr_30_30.mtx'));
  const b = ones(a.rows);
  test('returned x has the reported residual (SOR measures against ||r_0|| = ||b||)', () => {
    const r = sor(a, b, 1.5);
    const rv = new Float64Array(a.rows);
    const direct = residual(a, r.x, b, rv) / Math.sqrt(a.rows);
    expect(Math.abs(direct / r.relativeResidual - 1)).toBeLessThan(1e-4);
  });
  test('warm start from a solution needs 0 iterations; from a partial run continues the count', () => {
    const done = ssorPcg(a, b, 1.0);
    expect(ssorPcg(a, b, 1.0, { x0: done.x }).iterations).toBe(0);
    const partial = sor(a, b, 1.5, { maxIterations: 100 });
    const rest = sor(a, b, 1.5, { x0: partial.x, tol: 1e-8 / partial.relativeResidual });
    expect(rest.iterations).toBe(387 - 100);
  });
  test('a prepared matrix gives the same iterates as the raw one and can be reused', () => {
    const p = prepareSor(a);
    const x1 = sor(a, b, 1.3).x;
    const r2 = sor(p, b, 1.3);
    const r3 = sor(p, b, 1.3);
    expect(r2.x).toEqual(x1);
    expect(r3.iterations).toBe(r2.iterations);
  });
  test('b = 0 converges in 0 iterations with x = 0', () => {
    const r = sor(a, new Float64Array(a.rows), 1.2);
    expect(r.iterations).toBe(0);
    expect(r.converged).toBe(true);
  });
});
