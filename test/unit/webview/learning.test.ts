import { describe, expect, it } from 'vitest';
import type { LearningRecord, LearningReport } from '../../../src/protocol';
import {
  contextScatter,
  cumulativeColumns,
  omegaColumns,
  recentInstanceRows,
  recordsByInstance,
  totalsRows,
} from '../../../webview/data/learning';

const rec = (
  t: number,
  omega: number,
  iterations: number,
  extra = 0,
  context?: number,
  converged = true,
): LearningRecord => ({
  t,
  omega,
  iterations,
  converged,
  extraSweeps: extra,
  context,
});

function report(): LearningReport {
  return {
    kind: 'learning',
    title: 'shift',
    instances: 4,
    method: 'sor',
    series: [
      {
        name: 'tsallis-inf-cb',
        role: 'learner',
        contextual: true,
        records: [rec(0, 1.2, 100, 2, 0.5), rec(1, 1.6, 60, 2, 0.1), rec(2, 1.5, 50, 2, 0.3)],
      },
      {
        name: 'omega=1',
        role: 'comparator',
        contextual: false,
        records: [rec(0, 1, 200), rec(1, 1, 200), rec(2, 1, 200), rec(3, 1, 200)],
      },
      {
        name: 'best fixed',
        role: 'comparator',
        contextual: false,
        hindsight: 'best fixed ω in hindsight',
        records: [rec(0, 1.5, 70), rec(1, 1.5, 60), rec(2, 1.5, 48, 0, undefined, false)],
      },
    ],
  };
}

describe('recordsByInstance', () => {
  it('sorts by t and lets a later duplicate win', () => {
    const r = recordsByInstance([rec(2, 1, 5), rec(0, 1, 1), rec(2, 1.3, 7)]);
    expect(r.map((x) => [x.t, x.iterations])).toEqual([
      [0, 1],
      [2, 7],
    ]);
  });
});

describe('cumulativeColumns', () => {
  it('runs the total of iterations plus extra sweeps per series, null where not yet run', () => {
    const { x, ys } = cumulativeColumns(report());
    expect(x).toEqual([1, 2, 3, 4]);
    expect(ys[0]).toEqual([102, 164, 216, null]);
    expect(ys[1]).toEqual([200, 400, 600, 800]);
    expect(ys[2]).toEqual([70, 130, 178, null]);
  });
  it('stops a running total at the first missing instance', () => {
    const r = report();
    r.series = [{ name: 'gap', role: 'learner', contextual: false, records: [rec(0, 1, 10), rec(2, 1, 10)] }];
    expect(cumulativeColumns(r).ys[0]).toEqual([10, null, null, null]);
  });
  it('widens the x axis when records go past the planned count', () => {
    const r = report();
    r.instances = 2;
    expect(cumulativeColumns(r).x).toEqual([1, 2, 3, 4]);
  });
});

describe('omegaColumns', () => {
  it('places raw omega at its instance and a trailing average of the given window', () => {
    const { raw, average } = omegaColumns(report(), 2);
    expect(raw[0]).toEqual([1.2, 1.6, 1.5, null]);
    expect(average[0][0]).toBeCloseTo(1.2, 12);
    expect(average[0][1]).toBeCloseTo(1.4, 12);
    expect(average[0][2]).toBeCloseTo(1.55, 12);
    expect(average[0][3]).toBeNull();
  });
});

describe('contextScatter', () => {
  it('collects only contextual series, sorted by context', () => {
    const s = contextScatter(report());
    expect(s.names).toEqual(['tsallis-inf-cb']);
    expect(s.x).toEqual([0.1, 0.3, 0.5]);
    expect(s.ys).toEqual([[1.6, 1.5, 1.2]]);
  });
});

describe('totalsRows', () => {
  it('sums cost and gives ratios only for series covering as many instances as the learner', () => {
    const rows = totalsRows(report());
    expect(rows.map((r) => [r.name, r.instances, r.iterations, r.extraSweeps, r.cost, r.unconverged])).toEqual([
      ['tsallis-inf-cb', 3, 210, 6, 216, 0],
      ['omega=1', 4, 800, 0, 800, 0],
      ['best fixed', 3, 178, 0, 178, 1],
    ]);
    expect(rows[0].ratioToLearner).toBe(1);
    expect(rows[1].ratioToLearner).toBeUndefined();
    expect(rows[2].ratioToLearner).toBeCloseTo(178 / 216, 12);
    expect(rows[2].hindsight).toBe('best fixed ω in hindsight');
  });
  it('uses totals sent with the report when present', () => {
    const r = report();
    r.totals = [{ name: 'omega=1', instances: 4, iterations: 1, extraSweeps: 0, unconverged: 0 }];
    expect(totalsRows(r)[1].iterations).toBe(1);
  });
});

describe('recentInstanceRows', () => {
  it("lists the last instances with context, learner omega and every series' iterations", () => {
    const { headers, rows } = recentInstanceRows(report(), 2);
    expect(headers).toEqual([
      'Instance',
      'Context',
      'tsallis-inf-cb ω',
      'tsallis-inf-cb iterations',
      'omega=1 iterations',
      'best fixed iterations',
    ]);
    expect(rows).toEqual([
      [3, 0.3, 1.5, 50, 200, 48],
      [4, null, null, null, 200, null],
    ]);
  });
  it('returns no rows for an empty report', () => {
    expect(recentInstanceRows({ ...report(), series: [] }, 5).rows).toEqual([]);
  });
});
