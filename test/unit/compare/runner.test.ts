import { beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../../src/core/compare/types';
import { runComparison, runLearning } from '../../../src/core/compare/runner';
import { parsePolicyName } from '../../../src/core/compare/policyName';
import { diagonalShiftSequence } from '../../../src/core/sequences/diagonalShift';
import { heat2dSequence } from '../../../src/core/sequences/heat2d';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import { gridOmegas, parseSpec, type DiagonalShiftSpec, type Heat2dSpec } from '../../../src/core/sequences/spec';

function shiftSequence(extra: Record<string, unknown> = {}) {
  const spec = parseSpec(
    JSON.stringify({
      kind: 'diagonal-shift',
      matrix: { laplacian2d: 5 },
      instances: 40,
      seed: 3,
      omegaGrid: { min: 1, max: 1.9, points: 10 },
      ...extra,
    }),
    's.json',
    '/tmp',
  ) as DiagonalShiftSpec;
  return diagonalShiftSequence(spec, laplacian2d(5));
}

describe('runComparison on a small diagonal-shift sequence', () => {
  const seq = shiftSequence();
  const fixedNames = Array.from(gridOmegas(seq.info.omegaGrid), (w) => `fixed=${w}`);
  let run: ComparisonResult;
  beforeAll(async () => {
    run = await runComparison(seq, [
      'best-fixed',
      'grid-optimal',
      'instance-optimal',
      ...fixedNames,
      'fixed=1.23',
      'tsallis-inf',
    ]);
  });
  const total = (name: string): number => {
    const r = run.results.find((x) => x.totals.learner === name);
    if (!r) throw new Error(`no result for ${name}`);
    return r.totals.totalCost;
  };

  it('best-fixed equals the cheapest fixed grid omega and is no worse than any fixed omega on the grid', async () => {
    const fixedTotals = fixedNames.map(total);
    expect(total('best-fixed')).toBe(Math.min(...fixedTotals));
    for (const t of fixedTotals) expect(total('best-fixed')).toBeLessThanOrEqual(t);
  });

  it('grid-optimal <= best-fixed and instance-optimal <= grid-optimal', async () => {
    expect(total('grid-optimal')).toBeLessThanOrEqual(total('best-fixed'));
    expect(total('instance-optimal')).toBeLessThanOrEqual(total('grid-optimal'));
    // On this sequence per-instance choice and refinement both strictly help.
    expect(total('grid-optimal')).toBeLessThan(total('best-fixed'));
    expect(total('instance-optimal')).toBeLessThan(total('grid-optimal'));
  });

  it('grid-optimal is no worse than any policy per instance, instance by instance', async () => {
    const grid = run.results.find((r) => r.totals.learner === 'grid-optimal')?.records ?? [];
    const learner = run.results.find((r) => r.totals.learner === 'tsallis-inf')?.records ?? [];
    expect(grid).toHaveLength(40);
    for (let t = 0; t < 40; t++) {
      const onGrid = gridOmegas(seq.info.omegaGrid).some((w) => Math.abs(w - learner[t].omega) < 1e-12);
      if (onGrid) expect(grid[t].iterations).toBeLessThanOrEqual(learner[t].iterations);
    }
  });

  it('labels hindsight comparators and only them', async () => {
    for (const r of run.results)
      expect(r.totals.hindsight).toBe(['best-fixed', 'grid-optimal', 'instance-optimal'].includes(r.totals.learner));
  });

  it('records one entry per instance with the context of the instance', async () => {
    for (const r of run.results) {
      expect(r.records).toHaveLength(40);
      expect(r.records.map((x) => x.t)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      for (const x of r.records) expect(x.context).toBeGreaterThanOrEqual(-0.15);
    }
    const a = run.results[0].records.map((x) => x.context);
    const b = run.results[run.results.length - 1].records.map((x) => x.context);
    expect(a).toEqual(b);
  });

  it('total cost is iterations plus extra sweeps', async () => {
    for (const r of run.results) {
      const it = r.records.reduce((s, x) => s + x.iterations, 0);
      expect(r.totals.totalIterations).toBe(it);
      expect(r.totals.totalCost).toBe(it + r.totals.extraSweeps);
    }
  });
});

describe('runLearning', () => {
  it('charges an unconverged solve the cap and counts it', async () => {
    const seq = shiftSequence({ maxIterations: 7, instances: 12 });
    const r = await runLearning(seq, 'fixed=1.5');
    expect(r.totals.unconverged).toBe(12);
    expect(r.totals.totalIterations).toBe(7 * 12);
    for (const x of r.records) expect(x).toMatchObject({ iterations: 7, converged: false });
  });

  it('is deterministic for a learner under the same seeds, and the learner seed matters', async () => {
    const seq = shiftSequence();
    const omegas = async (learnerSeed: number) =>
      (await runLearning(seq, 'tsallis-inf', { learnerSeed })).records.map((x) => [x.omega, x.iterations]);
    expect(await omegas(5)).toEqual(await omegas(5));
    expect(await omegas(5)).not.toEqual(await omegas(6));
  });

  it('stops between instances when cancelled and reports what it finished', async () => {
    const seq = shiftSequence();
    let seen = 0;
    const r = await runComparison(seq, ['fixed=1.5', 'best-fixed'], {
      onProgress: (p) => {
        seen = p.done;
        expect(p.instances).toBe(40);
        expect(p.running.map((x) => x.learner)).toEqual(['fixed=1.5']);
      },
      isCancelled: () => seen >= 5,
    });
    expect(r.cancelled).toBe(true);
    expect(r.instances).toBe(5);
    for (const x of r.results) expect(x.records).toHaveLength(5);
  });

  it('steps a heat2d sequence with SSOR-CG and plain CG along the solutions it computes', async () => {
    const spec = parseSpec(
      JSON.stringify({ kind: 'heat2d', nx: 8, steps: 200, instances: 15 }),
      'h.json',
      '/tmp',
    ) as Heat2dSpec;
    const run = await runComparison(heat2dSequence(spec), ['cg', 'fixed=1.5', 'best-fixed']);
    const [cgRun, fixed, best] = run.results;
    expect(run.instances).toBe(15);
    expect(cgRun.totals.unconverged + fixed.totals.unconverged).toBe(0);
    // Plain CG has no omega: its records say 0, as they are streamed and saved.
    expect(cgRun.records[0].omega).toBe(0);
    expect(best.totals.totalIterations).toBeLessThanOrEqual(fixed.totals.totalIterations + 15);
    // Preconditioning pays on every step of this sequence.
    expect(fixed.totals.totalIterations).toBeLessThan(cgRun.totals.totalIterations);
  });
});

describe('parsePolicyName', () => {
  it('accepts comparators and registered learners, rejects the rest with the list', async () => {
    expect(parsePolicyName('fixed=1.5')).toEqual({ type: 'fixed', name: 'fixed=1.5', omega: 1.5 });
    expect(parsePolicyName('instance-optimal').type).toBe('instance-optimal');
    expect(parsePolicyName('tsallis-inf')).toEqual({ type: 'learner', name: 'tsallis-inf' });
    expect(() => parsePolicyName('fixed=2')).toThrow(/in \(0, 2\)/);
    expect(() => parsePolicyName('fixed=')).toThrow(/in \(0, 2\)/);
    expect(() => parsePolicyName('bandit')).toThrow(
      /unknown learner or comparator 'bandit' \(learners: .*tsallis-inf.*comparators: fixed=W, best-fixed/,
    );
  });
});

describe('young comparator', () => {
  it("uses Young's formula on the estimated radius and charges the estimate as extra sweeps", async () => {
    const seq = shiftSequence({ instances: 6 });
    // Exact Jacobi radius of laplacian2d(5) + cI: (4 cos(pi/6)) / (4 + c).
    const exact = await runLearning(
      seq,
      'young',
      {},
      {
        radiusEstimator: (solver) => ({
          rho: (4 * Math.cos(Math.PI / 6)) / (4 + (solver.instance.context as number)),
          sweeps: 11,
        }),
      },
    );
    for (const r of exact.records) {
      const rho = (4 * Math.cos(Math.PI / 6)) / (4 + (r.context as number));
      expect(r.omega).toBeCloseTo(2 / (1 + Math.sqrt(1 - rho * rho)), 12);
      expect(r.extraSweeps).toBe(11);
    }
    expect(exact.totals.extraSweeps).toBe(66);
    expect(exact.totals.totalCost).toBe(exact.totals.totalIterations + 66);
    // The built-in estimate gets close to the exact formula's omega and is charged too.
    const estimated = await runLearning(seq, 'young');
    for (let t = 0; t < 6; t++) {
      expect(Math.abs(estimated.records[t].omega - exact.records[t].omega)).toBeLessThan(0.02);
      expect(estimated.records[t].extraSweeps).toBeGreaterThan(0);
    }
  });
});
