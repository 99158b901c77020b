import { describe, expect, test } from 'vitest';
import { csrFromTriplets, type CsrMatrix } from '../../../src/core/sparse/csr';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import { prepareSor } from '../../../src/core/solvers/prepared';
import { sor } from '../../../src/core/solvers/sor';
import { ssorPcg } from '../../../src/core/solvers/ssorPcg';
import { roundOmega } from '../../../src/core/tune/point';
import { tuneOmega, type TuneRun } from '../../../src/core/tune/tune';
import { laplacian1d, loadMtx, ninePoint, ones, samplePath } from '../solvers/fixtures';

/** Fewest iterations over omega = 1, 1.001, ..., 1.99 (the exhaustive grid at step 1e-3). */
function exhaustiveMinimum(a: CsrMatrix, method: 'sor' | 'ssor-cg'): number {
  const p = prepareSor(a);
  const b = ones(a.rows);
  let best = Infinity;
  for (let k = 0; k <= 990; k++) {
    const omega = 1 + k / 1000;
    const r = method === 'sor' ? sor(p, b, omega) : ssorPcg(p, b, omega);
    if (r.converged && r.iterations < best) best = r.iterations;
  }
  return best;
}

const cases: { name: string; a: CsrMatrix; method: 'sor' | 'ssor-cg' }[] = [
  { name: '1-D Laplacian n 40', a: laplacian1d(40), method: 'sor' },
  { name: '5-point Laplacian 12 x 12', a: laplacian2d(12), method: 'sor' },
  { name: '9-point Laplacian 12 x 12 (not consistently ordered)', a: ninePoint(12), method: 'sor' },
  { name: '5-point Laplacian 12 x 12, SSOR-CG', a: laplacian2d(12), method: 'ssor-cg' },
];

function assertHonest(a: CsrMatrix, t: TuneRun, method: 'sor' | 'ssor-cg'): void {
  const p = prepareSor(a);
  const b = ones(a.rows);
  for (const q of t.curve) {
    const full = method === 'sor' ? sor(p, b, q.omega) : ssorPcg(p, b, q.omega);
    if (q.converged) expect(q.iterations).toBe(full.iterations);
    if (q.abandoned) {
      expect(q.converged).toBe(false);
      expect(q.estimated).toBe(false);
      // Abandoned at its cap: the full count really is larger.
      expect(full.iterations).toBeGreaterThan(q.iterations);
    }
  }
}

describe('racing search against the exhaustive grid (step 1e-3)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const grid = exhaustiveMinimum(c.a, c.method);
      const b = ones(c.a.rows);
      const raced = tuneOmega(c.a, b, { method: c.method });
      const unraced = tuneOmega(c.a, b, { method: c.method, race: false });
      expect(raced.outcome).toBe('found');
      // Racing changes what an abandoned point costs, never which points are solved or which one wins.
      expect(raced.curve.map((q) => q.omega)).toEqual(unraced.curve.map((q) => q.omega));
      expect([raced.omega, raced.iterations]).toEqual([unraced.omega, unraced.iterations]);
      expect(raced.cost.search).toBeLessThanOrEqual(unraced.cost.search);
      expect(raced.iterations).toBeLessThanOrEqual(Math.floor(1.01 * grid) + (c.method === 'ssor-cg' ? 1 : 0));
      assertHonest(c.a, raced, c.method);
    });
  }
});

describe('tuneOmega', () => {
  const gr = loadMtx(samplePath('gr_30_30.mtx'));
  const b = ones(gr.rows);

  test('gr_30_30: starts at Young, finds 96 sweeps, reports cost and the exact omega = 1 baseline', () => {
    const t = tuneOmega(gr, b);
    expect(t.prior.source).toBe('young');
    expect(t.curve.some((q) => q.omega === Math.round(t.prior.omega * 1e7) / 1e7)).toBe(true);
    expect(t.iterations).toBe(96);
    // 1185 < 20 x 96: run to convergence, not estimated.
    expect(t.baselines.omega1).toMatchObject({ iterations: 1185, converged: true, estimated: false });
    expect(t.cost.total).toBe(t.cost.estimate + t.cost.search + t.cost.baselines);
    expect(t.cost.search).toBe(t.curve.filter((q) => q.omega !== 1).reduce((s, q) => s + (q.work ?? NaN), 0));
    for (let i = 1; i < t.curve.length; i++) expect(t.curve[i].omega).toBeGreaterThan(t.curve[i - 1].omega);
    assertHonest(gr, t, 'sor');
  });

  test('omega = 1 beyond 20 x the best count is estimated from its rate, within 15 % of the real count', () => {
    const a = laplacian2d(40);
    const t = tuneOmega(a, ones(a.rows));
    const real = sor(a, ones(a.rows), 1).iterations;
    const w1 = t.baselines.omega1;
    expect(real).toBeGreaterThan(20 * t.iterations);
    expect(w1.estimated).toBe(true);
    expect(w1.converged).toBe(false);
    expect(w1.work).toBeLessThanOrEqual(20 * t.iterations);
    expect(Math.abs(w1.iterations - real) / real).toBeLessThan(0.15);
  });

  test("Young's omega* outside the range is a baseline, not part of the curve", () => {
    const t = tuneOmega(gr, b, { range: [1.2, 1.5] });
    expect(t.prior.omega).toBe(1.5);
    expect(t.baselines.young?.omega).toBeGreaterThan(1.7);
    expect(t.baselines.young).toMatchObject({ iterations: 113, converged: true });
    expect(t.curve.every((q) => q.omega >= 1.2 && q.omega <= 1.5)).toBe(true);
  });

  test('gives up after the prior and its two neighbours, with the message and the best residual', () => {
    const a = laplacian2d(12);
    const t = tuneOmega(a, ones(a.rows), { solve: { maxIterations: 5 } });
    expect(t.outcome).toBe('gave-up');
    expect(t.converged).toBe(false);
    expect(t.evaluations).toBe(3);
    expect(t.cost.search).toBe(15);
    expect(t.cost.baselines).toBe(0);
    expect(t.baselines.omega1.reason).toBe('not-run');
    expect(t.message).toMatch(/^no ω in \[1, 1\.99\] converges within 5 iterations \(tried ω = /);
    expect(t.message).toMatch(/Try: a larger iteration cap/);
    const residuals = t.curve.map((q) => q.relativeResidual ?? NaN);
    expect(t.bestResidual?.relativeResidual).toBe(Math.min(...residuals));
    expect(t.curve.every((q) => !q.converged && !q.abandoned)).toBe(true);
  });

  // The early stop decides whether the tuning gives up, so it must never drop a neighbour that would converge.
  test.each([
    ['1-D Laplacian n 400', laplacian1d(400), [300, 600, 1200]],
    ['5-point Laplacian 60 x 60', laplacian2d(60), [60, 120, 200]],
  ] as const)(
    "%s: a failed prior's SOR neighbours stop early only when they cannot converge within the cap",
    (_name, a, caps) => {
      const p = prepareSor(a);
      const b = ones(a.rows);
      for (const cap of caps) {
        const t = tuneOmega(a, b, { solve: { maxIterations: cap } });
        expect(t.outcome).toBe('gave-up');
        const prior = t.curve.find((q) => q.omega === roundOmega(t.prior.omega));
        expect(prior?.work).toBe(cap);
        for (const q of t.curve) {
          // Uncapped, the independent count: every early-stopped point really needs more than the cap.
          const full = sor(p, b, q.omega, { maxIterations: 1e6 });
          expect(full.converged).toBe(true);
          expect(full.iterations).toBeGreaterThan(cap);
          if (q.estimated) expect(q.iterations).toBeGreaterThan(cap);
          if (q.abandoned) expect(full.iterations).toBeGreaterThan(q.iterations);
        }
        expect(t.cost.search).toBeLessThanOrEqual(3 * cap);
      }
    },
  );

  test('the neighbours stop early: a give-up costs less than three capped solves, and the message says why', () => {
    const a = laplacian1d(400);
    const t = tuneOmega(a, ones(a.rows), { solve: { maxIterations: 600 } });
    expect(t.outcome).toBe('gave-up');
    // The prior ran the full 600; the neighbour below the optimum stopped on its steady rate's projection.
    const below = t.curve.filter((q) => q.omega < roundOmega(t.prior.omega));
    expect(below).toHaveLength(1);
    expect(below[0].estimated).toBe(true);
    expect(below[0].work).toBeLessThan(600);
    expect(t.cost.search).toBeLessThan(3 * 600);
    expect(t.message).toMatch(/stopped early: ω = [\d.]+ after \d+ iterations \(its rate projects ≈ \d+\)/);
  });

  test('a neighbour that converges within the cap is not stopped: the search goes on from it', () => {
    // Coarse prior 1.495 needs 94 sweeps (> cap 80); its upper neighbour 1.7425 needs 70.
    const a = laplacian2d(12);
    const b = ones(a.rows);
    const t = tuneOmega(a, b, { skipYoung: true, solve: { maxIterations: 80 } });
    expect(t.prior.source).toBe('coarse');
    expect(t.outcome).toBe('found');
    expect(t.iterations).toBeLessThanOrEqual(Math.ceil(1.01 * exhaustiveMinimum(a, 'sor')));
    assertHonest(a, t, 'sor');
  });

  test('SSOR-CG races and gives up the same way', () => {
    const found = tuneOmega(gr, b, { method: 'ssor-cg' });
    expect(found.prior.source).toBe('coarse');
    expect(found.iterations).toBeLessThanOrEqual(19);
    assertHonest(gr, found, 'ssor-cg');
    const none = tuneOmega(gr, b, { method: 'ssor-cg', solve: { maxIterations: 3 } });
    expect(none.outcome).toBe('gave-up');
    expect(none.cost.search).toBe(9);
  });

  test('a nonsymmetric matrix starts from the coarse bracket', () => {
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
    const t = tuneOmega(a, ones(n));
    expect(t.prior.source).toBe('coarse');
    expect(t.prior.omega).toBeCloseTo(1.495, 12);
    // The symmetry test is the only spectral work: Young does not apply, so there is no Young baseline.
    expect(t.cost.estimate).toBe(1);
    expect(t.baselines.young).toBeUndefined();
    expect(t.outcome).toBe('found');
  });

  test('batches: the same batch size gives the same result, and a batch shares one cap', () => {
    const t3 = tuneOmega(gr, b, { batchSize: 3 });
    const again = tuneOmega(gr, b, { batchSize: 3 });
    expect(again.curve).toEqual(t3.curve);
    expect(t3.iterations).toBeLessThanOrEqual(97);
  });

  test('cancellation stops the search and says so', () => {
    let calls = 0;
    const t = tuneOmega(gr, b, { isCancelled: () => ++calls > 30 });
    expect(t.cancelled).toBe(true);
    expect(t.outcome).toBe('cancelled');
  });

  test('range must lie inside (0, 2)', () => {
    expect(() => tuneOmega(gr, b, { range: [1, 2] })).toThrow(/inside \(0, 2\)/);
  });
});
