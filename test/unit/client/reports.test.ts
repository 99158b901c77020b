import { describe, expect, it } from 'vitest';
import { historyPlan } from '../../../src/client/reports';

describe('historyPlan (residual histories of the single-matrix report)', () => {
  it('after a SOR tune: tuned, ω = 1, Young and SSOR-CG at the SOR-tuned ω when SSOR-CG was never tuned', () => {
    expect(historyPlan({ method: 'sor', omega: 1.7912 }, 1.7798, undefined)).toEqual([
      { method: 'sor', omega: 1.7912, role: 'tuned', label: 'SOR ω=1.791 (tuned)' },
      { method: 'sor', omega: 1, role: 'omega1', label: 'SOR ω=1 (ω = 1)' },
      { method: 'sor', omega: 1.7798, role: 'young', label: "SOR ω=1.78 (Young's ω*)" },
      { method: 'ssor-cg', omega: 1.7912, role: 'other', label: 'SSOR-CG ω=1.791 (SOR-tuned ω)' },
    ]);
  });

  it('uses the saved tuning of the other method when there is one', () => {
    const plan = historyPlan({ method: 'sor', omega: 1.79 }, 1.78, 1.3);
    expect(plan.at(-1)).toEqual({ method: 'ssor-cg', omega: 1.3, role: 'other', label: 'SSOR-CG ω=1.3 (tuned)' });
    const ssor = historyPlan({ method: 'ssor-cg', omega: 1.3 }, 1.78, 1.79);
    expect(ssor.map((p) => [p.method, p.omega, p.role])).toEqual([
      ['ssor-cg', 1.3, 'tuned'],
      ['ssor-cg', 1, 'omega1'],
      ['sor', 1.78, 'young'],
      ['sor', 1.79, 'other'],
    ]);
  });

  it("leaves out Young's ω* when it is unknown or outside (0, 2), and SOR when SSOR-CG alone was tuned", () => {
    expect(historyPlan({ method: 'sor', omega: 1.5 }, null, undefined).map((p) => p.role)).toEqual([
      'tuned',
      'omega1',
      'other',
    ]);
    expect(historyPlan({ method: 'sor', omega: 1.5 }, 2, undefined).map((p) => p.role)).toEqual([
      'tuned',
      'omega1',
      'other',
    ]);
    expect(historyPlan({ method: 'ssor-cg', omega: 1.2 }, undefined, undefined).map((p) => p.role)).toEqual([
      'tuned',
      'omega1',
    ]);
  });

  it('with nothing converged: ω = 1 only (no tuned ω to draw); a refused SSOR-CG gets no history and SSOR-CG is never run where it cannot apply', () => {
    expect(historyPlan({ method: 'sor', reason: 'stagnated' }, null, undefined).map((p) => [p.method, p.role])).toEqual(
      [['sor', 'omega1']],
    );
    expect(
      historyPlan({ method: 'ssor-cg', reason: 'not-applicable' }, null, undefined, false).map((p) => [
        p.method,
        p.omega,
        p.role,
      ]),
    ).toEqual([['sor', 1, 'other']]);
    expect(
      historyPlan({ method: 'sor', omega: 1.3, reason: 'converged' }, null, undefined, false).map((p) => [
        p.method,
        p.role,
      ]),
    ).toEqual([
      ['sor', 'tuned'],
      ['sor', 'omega1'],
    ]);
  });
});
