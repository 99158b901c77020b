import { describe, expect, it } from 'vitest';
import { significant } from '../../../src/core/format/significant';

describe('significant (the one 4-significant-digit formatter)', () => {
  it('rounds to 4 digits by default, drops trailing zeros, keeps non-finite spellings', () => {
    expect(significant(1.23456)).toBe('1.235');
    expect(significant(1.5)).toBe('1.5');
    expect(significant(0.000123456)).toBe('0.0001235');
    expect(significant(123456)).toBe('123500');
    expect(significant(2.5e-12, 3)).toBe('2.5e-12');
    expect(significant(Infinity)).toBe('Infinity');
    expect(significant(NaN)).toBe('NaN');
  });
});
