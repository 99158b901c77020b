import { describe, expect, it } from 'vitest';
import { runLearning } from '../../../src/core/compare/runner';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import type { Instance, Sequence, SequenceInfo } from '../../../src/core/sequences/sequence';
import { withWarmStart } from '../../../src/core/sequences/warmStart';

/** `count` copies of the same SPD system (laplacian2d(6) + I, b = ones): the ideal case for a warm start. */
function repeated(count: number, solver: 'sor' | 'ssor-cg', ownX0?: Float64Array): Sequence {
  const A = laplacian2d(6);
  const n = A.rows;
  const info: SequenceInfo = {
    kind: 'test',
    instances: count,
    n,
    solver,
    tolerance: 1e-8,
    maxIterations: 10000,
    omegaGrid: { min: 1, max: 1.9, points: 10 },
  };
  return {
    info,
    open() {
      let t = 0;
      const b = new Float64Array(n).fill(1);
      return {
        async next(): Promise<Instance | undefined> {
          if (t >= count) return undefined;
          const instance: Instance = { t: t++, A, b };
          if (ownX0) instance.x0 = ownX0;
          return instance;
        },
        accept() {},
      };
    },
  };
}

describe('withWarmStart', () => {
  it('starts each instance from a copy of the previous solution, the first from zero', async () => {
    const stream = withWarmStart(repeated(3, 'sor')).open();
    expect((await stream.next())?.x0).toBeUndefined();
    const x = Float64Array.from({ length: 36 }, (_, i) => i / 10);
    stream.accept(x);
    const second = await stream.next();
    expect(Array.from(second?.x0 ?? [])).toEqual(Array.from(x));
    expect(second?.x0).not.toBe(x);
    x.fill(0);
    expect(second?.x0?.[5]).toBe(0.5);
  });

  it("keeps an instance's own warm start", async () => {
    const own = new Float64Array(36).fill(2);
    const stream = withWarmStart(repeated(2, 'sor', own)).open();
    await stream.next();
    stream.accept(new Float64Array(36));
    expect((await stream.next())?.x0).toBe(own);
  });

  it('a repeated SSOR-CG system needs no iterations after the first when warm-started', async () => {
    const cold = await runLearning(repeated(3, 'ssor-cg'), 'fixed=1.5');
    const warm = await runLearning(withWarmStart(repeated(3, 'ssor-cg')), 'fixed=1.5');
    const coldCounts = cold.records.map((r) => r.iterations);
    const warmCounts = warm.records.map((r) => r.iterations);
    expect(coldCounts[0]).toBeGreaterThan(0);
    expect(coldCounts).toEqual([coldCounts[0], coldCounts[0], coldCounts[0]]);
    expect(warmCounts).toEqual([coldCounts[0], 0, 0]);
  });
});
