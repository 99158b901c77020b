import { describe, expect, it } from 'vitest';
import { createRng, truncatedNormal } from '../../../src/core/sequences/rng';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('seeded random source', () => {
  it('repeats exactly for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 20 }, () => [a.uniform(), a.normal(), a.beta(0.5, 1.5)]);
    const ys = Array.from({ length: 20 }, () => [b.uniform(), b.normal(), b.beta(0.5, 1.5)]);
    const zs = Array.from({ length: 20 }, () => [c.uniform(), c.normal(), c.beta(0.5, 1.5)]);
    expect(ys).toEqual(xs);
    expect(zs).not.toEqual(xs);
  });

  it('normal has mean 0 and variance 1', () => {
    const r = createRng(1);
    const { mean, variance } = moments(() => r.normal(), 40000);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('beta(a, b) has mean a/(a+b) and variance ab/((a+b)^2 (a+b+1)), also for a < 1', () => {
    for (const [a, b] of [
      [0.5, 1.5],
      [2, 6],
    ]) {
      const r = createRng(`beta-${a}`);
      const { mean, variance } = moments(() => r.beta(a, b), 40000);
      const m = a / (a + b);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt(v / 40000));
      expect(Math.abs(variance - v) / v).toBeLessThan(0.05);
    }
  });

  it('truncated normal vectors never exceed norm sqrt(n)', () => {
    const r = createRng(9);
    for (let k = 0; k < 50; k++) {
      const v = truncatedNormal(r, 30);
      expect(v.reduce((s, x) => s + x * x, 0)).toBeLessThanOrEqual(30);
    }
  });
});
