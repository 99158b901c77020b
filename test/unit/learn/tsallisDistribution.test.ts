import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tsallisDistribution } from '../../../src/core/learn/tsallisDistribution';

describe('tsallisDistribution', () => {
  it('is uniform for equal losses', () => {
    const out = new Float64Array(4);
    const x = tsallisDistribution(new Float64Array([3, 3, 3, 3]), 0.5, out);
    for (const p of out) expect(p).toBeCloseTo(0.25, 14);
    // p = 4 / (eta (L - x))^2 = 1/4 => L - x = 4 / eta = 8
    expect(x).toBeCloseTo(3 - 8, 12);
  });

  it('matches the closed form for two arms', () => {
    // eta = 2: p_i = 1 / (L_i - x)^2. With L = [0, 1] the root of 1/z^2 + 1/(1+z)^2 = 1 is z ~ 1.5289.
    const out = new Float64Array(2);
    const x = tsallisDistribution(new Float64Array([0, 1]), 2, out);
    const z = -x;
    expect(1 / (z * z) + 1 / ((1 + z) * (1 + z))).toBeCloseTo(1, 13);
    expect(out[0]).toBeCloseTo(1 / (z * z), 13);
    expect(out[0]).toBeGreaterThan(out[1]);
  });

  it('sums to 1 within 1e-12, is positive, and is the Tsallis form for any losses and rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1e-4, max: 10, noNaN: true }),
        (losses, eta) => {
          const l = Float64Array.from(losses);
          const out = new Float64Array(l.length);
          const x = tsallisDistribution(l, eta, out);
          let s = 0;
          let minL = Infinity;
          for (let i = 0; i < l.length; i++) {
            expect(out[i]).toBeGreaterThan(0);
            s += out[i];
            minL = Math.min(minL, l[i]);
          }
          expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-12);
          expect(x).toBeLessThan(minL);
          // Unnormalised Tsallis weights at the returned root already sum to 1 (the root is real, not a rescale).
          let raw = 0;
          for (let i = 0; i < l.length; i++) raw += 4 / (eta * (l[i] - x)) ** 2;
          expect(Math.abs(raw - 1)).toBeLessThan(1e-6);
          // Lower loss never gets lower probability.
          for (let i = 0; i < l.length; i++) {
            for (let j = 0; j < l.length; j++) if (l[i] < l[j]) expect(out[i]).toBeGreaterThanOrEqual(out[j]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
