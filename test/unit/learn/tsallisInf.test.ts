import { describe, expect, it } from 'vitest';
import { createLearner, restoreLearner } from '../../../src/core/learn/registry';
import { TsallisInf } from '../../../src/core/learn/tsallisInf';
import { runSynthetic, sweepContext } from './synthetic';

// Cost 20 + 200 |omega - 1.6| (iterations): the grid point 1.6 of the default grid is the unique best arm.
const fixedCost = (omega: number): number => Math.round(20 + 200 * Math.abs(omega - 1.6));

function share(values: number[], target: number, from: number): number {
  const tail = values.slice(from);
  return tail.filter((w) => Math.abs(w - target) < 1e-9).length / tail.length;
}

describe('tsallis-inf', () => {
  it('starts uniform and concentrates on the best fixed arm', () => {
    const learner = createLearner('tsallis-inf', { seed: 1 });
    expect(learner.name).toBe('tsallis-inf');
    const p0 = (learner as TsallisInf).distribution();
    for (const p of p0) expect(p).toBeCloseTo(1 / 20, 14);
    const { omegas } = runSynthetic(learner, 3000, fixedCost);
    expect(share(omegas, 1.6, 2500)).toBeGreaterThan(0.6);
    const p = (learner as TsallisInf).distribution();
    expect(Math.max(...p)).toBe(p[12]);
  });

  it('samples from a distribution summing to 1 within 1e-12 in every round', () => {
    const learner = createLearner('tsallis-inf', { seed: 11 }) as TsallisInf;
    for (let t = 0; t < 2000; t++) {
      const p = learner.distribution();
      let s = 0;
      for (const q of p) {
        expect(q).toBeGreaterThan(0);
        s += q;
      }
      expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-12);
      const { omega } = learner.predict({});
      // Heavy-tailed costs: occasional huge counts stress the importance weights.
      learner.update({ iterations: t % 97 === 0 ? 10000 : fixedCost(omega), converged: t % 97 !== 0 });
    }
  });

  it('survives constant costs of 1 (no division by zero)', () => {
    const learner = createLearner('tsallis-inf', { seed: 'x' });
    const { omegas } = runSynthetic(learner, 50, () => 1);
    for (const w of omegas) expect(Number.isFinite(w)).toBe(true);
    const p = (learner as TsallisInf).distribution();
    for (const q of p) expect(q).toBeCloseTo(1 / 20, 12);
  });

  it('is deterministic under the seed and differs across seeds', () => {
    const a = runSynthetic(createLearner('tsallis-inf', { seed: 7 }), 300, fixedCost).omegas;
    const b = runSynthetic(createLearner('tsallis-inf', { seed: 7 }), 300, fixedCost).omegas;
    const c = runSynthetic(createLearner('tsallis-inf', { seed: 8 }), 300, fixedCost).omegas;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('resumes identically from toJSON through a JSON string', () => {
    const straight = createLearner('tsallis-inf', { seed: 3 });
    const full = runSynthetic(straight, 400, fixedCost).omegas;
    const first = createLearner('tsallis-inf', { seed: 3 });
    const head = runSynthetic(first, 150, fixedCost).omegas;
    const resumed = restoreLearner(JSON.parse(JSON.stringify(first.toJSON())));
    const tail = runSynthetic(resumed, 250, fixedCost).omegas;
    expect([...head, ...tail]).toEqual(full);
  });

  it('rejects update without predict and unknown names', () => {
    const learner = createLearner('tsallis-inf', { seed: 1 });
    expect(() => learner.update({ iterations: 3, converged: true })).toThrow(/without a preceding predict/);
    expect(() => createLearner('nope', { seed: 1 })).toThrow(/unknown learner 'nope'/);
  });
});

describe('tsallis-inf-cb', () => {
  // Best omega 1.2 for contexts below 0.5, 1.8 above: a context-dependent optimum.
  const contextCost = (omega: number, c: number): number =>
    Math.round(20 + 200 * Math.abs(omega - (c < 0.5 ? 1.2 : 1.8)));

  it('learns a different best arm per context bin', () => {
    const learner = createLearner('tsallis-inf-cb', { seed: 2, contextRange: [0, 1], bins: 2 });
    const { omegas, contexts } = runSynthetic(learner, 6000, contextCost, sweepContext(0, 1));
    const tailLow = omegas.slice(4000).filter((_, i) => contexts[4000 + i] < 0.5);
    const tailHigh = omegas.slice(4000).filter((_, i) => contexts[4000 + i] >= 0.5);
    expect(share(tailLow, 1.2, 0)).toBeGreaterThan(0.6);
    expect(share(tailHigh, 1.8, 0)).toBeGreaterThan(0.6);
  });

  it('needs a context range and a context', () => {
    expect(() => createLearner('tsallis-inf-cb', { seed: 1 })).toThrow(/context range/);
    const learner = createLearner('tsallis-inf-cb', { seed: 1, contextRange: [0, 1] });
    expect(() => learner.predict({})).toThrow(/needs a context/);
  });

  it('resumes identically from toJSON', () => {
    const ctx = sweepContext(0, 1);
    const full = runSynthetic(
      createLearner('tsallis-inf-cb', { seed: 5, contextRange: [0, 1] }),
      300,
      contextCost,
      ctx,
    ).omegas;
    const first = createLearner('tsallis-inf-cb', { seed: 5, contextRange: [0, 1] });
    const head = runSynthetic(first, 100, contextCost, ctx).omegas;
    const resumed = restoreLearner(JSON.parse(JSON.stringify(first.toJSON())));
    const tail = runSynthetic(resumed, 200, contextCost, (t) => ctx(t + 100)).omegas;
    expect([...head, ...tail]).toEqual(full);
  });
});
