import { describe, expect, it } from 'vitest';
import { formatOmega, omegaShown } from '../../../src/core/format/omega';

describe('ω for people', () => {
  it('has 4 significant digits, trailing zeros dropped', () => {
    expect(formatOmega(1.7928320159322029)).toBe('1.793');
    expect(formatOmega(1)).toBe('1');
    expect(formatOmega(1.2000000001)).toBe('1.2');
  });
  it('rounds ω inside PETSc options text and leaves every other option alone', () => {
    expect(omegaShown('-ksp_type richardson -pc_type sor -pc_sor_omega 1.7928320159322029 -ksp_rtol 1e-8')).toBe(
      '-ksp_type richardson -pc_type sor -pc_sor_omega 1.793 -ksp_rtol 1e-8',
    );
    expect(omegaShown('-pc_sor_omega=1.23456')).toBe('-pc_sor_omega=1.235');
  });
});
