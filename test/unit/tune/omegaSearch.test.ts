// The search's give-up rule, driven by a synthetic count function so the expected path is known exactly.
import { describe, expect, test } from 'vitest';
import { OmegaSearch } from '../../../src/core/tune/omegaSearch';
import type { TunePoint, PointReason } from '../../../src/core/tune/point';

type Outcome = { iterations: number; reason: PointReason };

/** Runs the search to its end against `f`, honouring each candidate's cap as a real solve would. */
function drive(search: OmegaSearch, f: (omega: number) => Outcome): void {
  for (let round = 0; round < 100; round++) {
    const batch = search.propose();
    if (batch.length === 0) return;
    search.accept(
      batch.map(({ omega, cap }): TunePoint => {
        const o = f(omega);
        const converged = o.reason === 'converged' && o.iterations <= cap;
        const abandoned = o.reason === 'converged' && !converged;
        const iterations = converged ? o.iterations : Math.min(o.iterations, cap);
        return {
          omega,
          iterations,
          converged,
          reason: abandoned ? 'max-iterations' : o.reason,
          abandoned,
          estimated: false,
          relativeResidual: converged ? 1e-9 : 1,
          work: iterations,
        };
      }),
    );
  }
  throw new Error('search did not end in 100 rounds');
}

const options = { lo: 1, hi: 1.9, start: 1.5, maxIterations: 10_000 };

describe('OmegaSearch when nothing near the prior converges', () => {
  test('divergence at the prior and both wide neighbours sends one full-cap try to the low end, and the search goes on from there', () => {
    // Converges only for omega <= 1.2, fewest iterations (1000) at 1.08: like SSOR-CG on a strongly anisotropic operator.
    const f = (w: number): Outcome =>
      w > 1.2
        ? { iterations: 3, reason: 'diverged' }
        : { iterations: Math.round(1000 + 40_000 * (w - 1.08) ** 2), reason: 'converged' };
    const search = new OmegaSearch(options);
    drive(search, f);
    expect(search.evaluated.slice(0, 4).map((p) => p.omega)).toEqual([1.5, 1.725, 1.275, 1]);
    expect(search.state).toBe('done');
    expect(search.best?.converged).toBe(true);
    // 1000 + 40000 * 0.005^2 = 1001: the shape rule's 0.5 % count tolerance around the true optimum.
    expect(search.best?.iterations).toBeLessThanOrEqual(1005);
    expect(search.best?.omega).toBeGreaterThan(1.04);
    expect(search.best?.omega).toBeLessThan(1.12);
  });

  test('when the low end diverges too the search gives up after exactly four solves', () => {
    const search = new OmegaSearch(options);
    drive(search, () => ({ iterations: 2, reason: 'diverged' }));
    expect(search.state).toBe('gave-up');
    expect(search.evaluated.map((p) => p.omega)).toEqual([1.5, 1.725, 1.275, 1]);
  });

  test('failures at the cap (not divergence) give up after the prior set, without the extra full-cap solve', () => {
    const search = new OmegaSearch(options);
    drive(search, () => ({ iterations: 10_000, reason: 'max-iterations' }));
    expect(search.state).toBe('gave-up');
    expect(search.evaluated.map((p) => p.omega)).toEqual([1.5, 1.725, 1.275]);
  });
});
