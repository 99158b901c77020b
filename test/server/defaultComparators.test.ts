// Which comparators an editor learning run makes by default, and what it says about the ones it leaves out.
import { describe, expect, it } from 'vitest';
import { defaultComparators } from '../../src/server/learnTask';

const grid = (points: number) => ({ min: 1, max: 1.9, points });

describe('default comparators of an editor learning run', () => {
  it('runs every hindsight comparator on an affordable sequence (200 instances x 28 omegas x 100 unknowns = 0.56 M)', () => {
    expect(defaultComparators({ instances: 200, n: 100, omegaGrid: grid(28) }, 'auto', 's.relax.json')).toEqual({
      run: ['young', 'best-fixed', 'grid-optimal', 'instance-optimal'],
      skipped: [],
    });
  });

  it('between the budgets: the grid ones run, instance-optimal (grid + up to 40 raced refining solves per instance, the runner cap) is skipped with its cost', () => {
    // 100 x 28 x 1400 = 3.92 M <= 4 M; 100 x (28 + 40) x 1400 = 9.52 M > 4 M.
    const plan = defaultComparators({ instances: 100, n: 1400, omegaGrid: grid(28) }, 'tsallis-inf', 'heat.relax.json');
    expect(plan.run).toEqual(['young', 'best-fixed', 'grid-optimal']);
    expect(plan.skipped.map((s) => s.name)).toEqual(['instance-optimal']);
    expect(plan.skipped[0].reason).toBe(
      "not run: known only in hindsight, it needs every instance solved on the ω grid and then refined (100 instances × (28 ω + up to 40 refining solves) × 1400 unknowns = 9.5 M, over the editor's default budget of 4.0 M); " +
        'run it in a terminal: relax learn heat.relax.json --compare tsallis-inf,young,best-fixed,grid-optimal,instance-optimal',
    );
  });

  it('on a large sequence only young runs; every skipped one names its cost, and a folder run (no spec) gets no command', () => {
    const plan = defaultComparators({ instances: 1000, n: 2500, omegaGrid: grid(28) });
    expect(plan.run).toEqual(['young']);
    expect(plan.skipped.map((s) => s.name)).toEqual(['best-fixed', 'grid-optimal', 'instance-optimal']);
    expect(plan.skipped[0].reason).toMatch(/1000 instances × 28 ω × 2500 unknowns = 70\.0 M/);
    expect(plan.skipped[2].reason).toMatch(
      /1000 instances × \(28 ω \+ up to 40 refining solves\) × 2500 unknowns = 170\.0 M/,
    );
    for (const s of plan.skipped) expect(s.reason).not.toMatch(/relax learn/);
  });
});
