import { describe, expect, it } from 'vitest';
import { fmt } from '../../../webview/views/dom';

describe('fmt (table numbers)', () => {
  it('groups integers and large fractional costs, keeps small values to 4 significant digits', () => {
    expect(fmt(207281)).toBe('207,281');
    expect(fmt(207500.4)).toBe('207,500');
    expect(fmt(264.4)).toBe('264.4');
    expect(fmt(1.79258)).toBe('1.793');
    expect(fmt(2.5e-9)).toBe('2.500e-9');
    expect(fmt(undefined)).toBe('–');
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});
