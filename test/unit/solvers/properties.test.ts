// Property tests: on random small systems, SOR's in-place sweep with its fused residual reproduces the
// textbook formula computed densely here, and every reported residual is that of the returned iterate.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { csrFromTriplets, type CsrMatrix } from '../../../src/core/sparse/csr';
import { residual } from '../../../src/core/sparse/residual';
import { sor } from '../../../src/core/solvers/sor';
import { ssorPcg } from '../../../src/core/solvers/ssorPcg';

interface System {
  n: number;
  dense: number[][];
  a: CsrMatrix;
  b: Float64Array;
}

const system = fc
  .integer({ min: 1, max: 9 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      off: fc.array(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
        {
          minLength: n,
          maxLength: n,
        },
      ),
      diagSign: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      b: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ n, off, diagSign, b }): System => {
    const dense = off.map((row, i) => row.map((v, j) => (i === j ? 0 : v)));
    const ri: number[] = [];
    const ci: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < n; i++) {
      // Strict diagonal dominance (either sign) keeps every omega in (0, 1] convergent.
      const sum = dense[i].reduce((s, x) => s + Math.abs(x), 0);
      dense[i][i] = (diagSign[i] ? 1 : -1) * (sum + 0.5);
      for (let j = 0; j < n; j++) if (dense[i][j] !== 0) (ri.push(i), ci.push(j), v.push(dense[i][j]));
    }
    const a = csrFromTriplets(n, n, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
    return { n, dense, a, b: Float64Array.from(b) };
  });

/** k steps of x <- x + (D/omega + L)^{-1} (b - A x) by dense forward substitution. */
function denseSor(s: System, omega: number, k: number): number[] {
  const { n, dense } = s;
  let x = new Array<number>(n).fill(0);
  for (let it = 0; it < k; it++) {
    const r = dense.map((row, i) => s.b[i] - row.reduce((acc, v, j) => acc + v * x[j], 0));
    const d = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let t = r[i];
      for (let j = 0; j < i; j++) t -= dense[i][j] * d[j];
      d[i] = t / (dense[i][i] / omega);
    }
    x = x.map((xi, i) => xi + d[i]);
  }
  return x;
}

function relResidual(s: System, x: Float64Array, scale: number): number {
  return residual(s.a, x, s.b, new Float64Array(s.n)) / scale;
}

const norm = (v: Float64Array) => Math.sqrt(v.reduce((t, x) => t + x * x, 0));

test('SOR iterates equal the dense formula; the reported residual is that of the returned x', () => {
  fc.assert(
    fc.property(
      system,
      fc.double({ min: 0.05, max: 1.95, noNaN: true }),
      fc.integer({ min: 0, max: 25 }),
      (s, omega, cap) => {
        const bn = norm(s.b);
        fc.pre(bn > 1e-3);
        const r = sor(s.a, s.b, omega, { maxIterations: cap, tol: 1e-300 });
        if (r.reason !== 'max-iterations') return; // stopped early (diverged / stagnated) at omega > 1
        expect(r.iterations).toBe(cap);
        const ref = denseSor(s, omega, cap);
        const scale = Math.max(1, ...ref.map(Math.abs));
        for (let i = 0; i < s.n; i++) expect(Math.abs(r.x[i] - ref[i])).toBeLessThan(1e-9 * scale);
        const direct = relResidual(s, r.x, bn);
        expect(Math.abs(r.relativeResidual - direct)).toBeLessThan(1e-9 * Math.max(1, direct) + 1e-12 * scale);
      },
    ),
    { numRuns: 300, seed: 20240611 },
  );
});

test('SOR converges on diagonally dominant systems for omega in (0, 1] and the count is the first below tol', () => {
  fc.assert(
    fc.property(system, fc.double({ min: 0.3, max: 1, noNaN: true }), (s, omega) => {
      const bn = norm(s.b);
      fc.pre(bn > 1e-3);
      const r = sor(s.a, s.b, omega, { tol: 1e-6, recordResiduals: true });
      expect(r.converged).toBe(true);
      const h = r.residuals as Float64Array;
      expect(h[r.iterations]).toBeLessThan(1e-6);
      for (let k = 0; k < r.iterations; k++) expect(h[k]).toBeGreaterThanOrEqual(1e-6);
      expect(relResidual(s, r.x, bn)).toBeLessThan(1e-6 * 1.0001 + 1e-12);
    }),
    { numRuns: 200, seed: 7 },
  );
});

test('SSOR-CG on symmetric positive definite systems reaches the tolerance it reports', () => {
  fc.assert(
    fc.property(system, fc.double({ min: 0.1, max: 1.9, noNaN: true }), (s0, omega) => {
      // Symmetrise with a positive dominant diagonal: SPD.
      const { n } = s0;
      const ri: number[] = [];
      const ci: number[] = [];
      const v: number[] = [];
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) if (j !== i) sum += Math.abs(s0.dense[i][j] + s0.dense[j][i]) / 2;
        for (let j = 0; j < n; j++) {
          const x = i === j ? sum + 0.5 : (s0.dense[i][j] + s0.dense[j][i]) / 2;
          if (x !== 0) (ri.push(i), ci.push(j), v.push(x));
        }
      }
      const a = csrFromTriplets(n, n, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
      const bn = norm(s0.b);
      fc.pre(bn > 1e-3);
      const r = ssorPcg(a, s0.b, omega, { tol: 1e-8 });
      expect(r.converged).toBe(true);
      expect(r.iterations).toBeLessThanOrEqual(n + 2);
      expect(residual(a, r.x, s0.b, new Float64Array(n)) / bn).toBeLessThan(1e-7);
    }),
    { numRuns: 200, seed: 11 },
  );
});
