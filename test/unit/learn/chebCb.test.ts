import { describe, expect, it } from 'vitest';
import type { ChebCb } from '../../../src/core/learn/chebCb';
import { chebyshevFeatures } from '../../../src/core/learn/chebyshev';
import { createLearner, restoreLearner } from '../../../src/core/learn/registry';
import { runSynthetic, sweepContext } from './synthetic';

// Best omega moves linearly with the context: 1.2 at c = 0 to 1.8 at c = 1.
const target = (c: number): number => 1.2 + 0.6 * c;
const cost = (omega: number, c: number): number => Math.round(20 + 200 * Math.abs(omega - target(c)));

describe('chebyshevFeatures', () => {
  it('evaluates T_0..T_4 against their closed forms', () => {
    const out = new Float64Array(5);
    for (const x of [-1, -0.3, 0, 0.7, 1]) {
      chebyshevFeatures(x, 5, out);
      expect(Array.from(out)).toEqual(
        [1, x, 2 * x * x - 1, 4 * x ** 3 - 3 * x, 8 * x ** 4 - 8 * x * x + 1].map(
          (v) => expect.closeTo(v, 12) as unknown as number,
        ),
      );
    }
  });
});

describe('chebcb', () => {
  it('follows a context-dependent best omega', () => {
    const learner = createLearner('chebcb', { seed: 4, contextRange: [0, 1] });
    const { omegas, contexts } = runSynthetic(learner, 3000, cost, sweepContext(0, 1));
    const errTail = omegas.slice(2500).map((w, i) => Math.abs(w - target(contexts[2500 + i])));
    const errHead = omegas.slice(0, 200).map((w, i) => Math.abs(w - target(contexts[i])));
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(errTail)).toBeLessThan(0.06);
    expect(mean(errTail)).toBeLessThan(mean(errHead) / 3);
    // The model's own argmin at both ends of the interval is the right grid point.
    const est0 = Float64Array.from((learner as ChebCb).estimates(0.05));
    const est1 = Float64Array.from((learner as ChebCb).estimates(0.95));
    expect(1 + 0.05 * est0.indexOf(Math.min(...est0))).toBeCloseTo(target(0.05), 1);
    expect(1 + 0.05 * est1.indexOf(Math.min(...est1))).toBeCloseTo(target(0.95), 1);
  });

  it('is deterministic under the seed and resumes identically', () => {
    const ctx = sweepContext(0, 1);
    const opts = { seed: 'abc', contextRange: [0, 1] as [number, number] };
    const full = runSynthetic(createLearner('chebcb', opts), 400, cost, ctx).omegas;
    expect(runSynthetic(createLearner('chebcb', opts), 400, cost, ctx).omegas).toEqual(full);
    const first = createLearner('chebcb', opts);
    const head = runSynthetic(first, 150, cost, ctx).omegas;
    const resumed = restoreLearner(JSON.parse(JSON.stringify(first.toJSON())));
    const tail = runSynthetic(resumed, 250, cost, (t) => ctx(t + 150)).omegas;
    expect([...head, ...tail]).toEqual(full);
  });

  it('needs a context range and a context', () => {
    expect(() => createLearner('chebcb', { seed: 1 })).toThrow(/context range/);
    expect(() => createLearner('chebcb', { seed: 1, contextRange: [0, 1] }).predict({})).toThrow(/needs a context/);
  });
});
