import { describe, expect, it } from 'vitest';
import { learningRecordFrom, upgradeRecordFields } from '../../../src/core/compare/learningRecord';

describe('learningRecordFrom', () => {
  it('reads the current shape as it is', () => {
    const r = { t: 4, context: 0.5, omega: 1.6, iterations: 30, converged: true, extraSweeps: 2, seconds: 0.01 };
    expect(learningRecordFrom(r)).toEqual(r);
  });
  it('upgrades a saved learning run record of version 1 (0-based index)', () => {
    expect(learningRecordFrom({ index: 3, omega: 1.5, iterations: 9, converged: false, extraSweeps: 1 })).toEqual({
      t: 3,
      omega: 1.5,
      iterations: 9,
      converged: false,
      extraSweeps: 1,
    });
  });
  it('upgrades a relax serve record of version 1 (1-based step, no extra sweeps)', () => {
    expect(
      learningRecordFrom({
        step: 1,
        context: 2,
        jacobiRho: 0.9,
        omega: 1.7,
        iterations: 12,
        converged: true,
        seconds: 0.5,
      }),
    ).toEqual({
      t: 0,
      context: 2,
      omega: 1.7,
      iterations: 12,
      converged: true,
      extraSweeps: 0,
      seconds: 0.5,
      jacobiRho: 0.9,
    });
    expect(upgradeRecordFields({ step: 'x' })).toEqual({ t: 'x', extraSweeps: 0 });
  });
  it('refuses what is not a record', () => {
    for (const v of [null, 3, [], {}, { t: -1, omega: 1, iterations: 1, converged: true, extraSweeps: 0 }])
      expect(learningRecordFrom(v)).toBeUndefined();
    expect(learningRecordFrom({ t: 0, omega: 1, iterations: 1, converged: 'yes', extraSweeps: 0 })).toBeUndefined();
    expect(learningRecordFrom({ t: 0.5, omega: 1, iterations: 1, converged: true, extraSweeps: 0 })).toBeUndefined();
  });
});
