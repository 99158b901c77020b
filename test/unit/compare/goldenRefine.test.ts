import { describe, expect, it } from 'vitest';
import { goldenRefine } from '../../../src/core/compare/goldenRefine';

const grid = Array.from({ length: 20 }, (_, i) => 1 + (0.95 * i) / 19);

describe('goldenRefine', () => {
  it('moves from the best grid point towards the true minimiser of a smooth cost', () => {
    const f = (w: number): number => 1000 * (w - 1.3712) ** 2;
    const values = grid.map(f);
    const calls: number[] = [];
    const r = goldenRefine(grid, values, 8, (w) => (calls.push(w), f(w)));
    expect(calls).toHaveLength(8);
    expect(Math.abs(r.omega - 1.3712)).toBeLessThan(0.005);
    expect(r.value).toBeLessThan(Math.min(...values));
    expect(r.evaluation).toBeGreaterThanOrEqual(0);
    // Every probe stays inside the bracket around the grid minimiser (1.35 is the best grid point).
    for (const w of calls) expect(w > grid[6] && w < grid[8]).toBe(true);
  });

  it('keeps the grid point when refinement finds nothing better', () => {
    const values = grid.map((w) => (Math.abs(w - grid[10]) < 1e-12 ? 5 : 9));
    const r = goldenRefine(grid, values, 6, () => 7);
    expect(r).toEqual({ omega: grid[10], value: 5, evaluation: -1 });
  });

  it('brackets from the first to the last tied minimiser and stays inside the grid at its edge', () => {
    const values = grid.map((_, j) => (j >= 17 ? 3 : 10 + j));
    const calls: number[] = [];
    goldenRefine(grid, values, 5, (w) => (calls.push(w), 4));
    for (const w of calls) expect(w > grid[16] && w < grid[19]).toBe(true);
  });

  it('makes no evaluations with a zero budget', () => {
    const r = goldenRefine(grid, grid.map((w) => w), 0, () => {
      throw new Error('must not evaluate');
    });
    expect(r.omega).toBe(1);
  });
});
