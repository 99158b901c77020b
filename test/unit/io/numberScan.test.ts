import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_A_NUMBER, scanDecimal, scanInteger, scanned } from '../../../src/core/io/numberScan';

function scan(token: string): number | 'rejected' {
  const buf = Buffer.from(token + '\n', 'latin1');
  const end = scanDecimal(buf, 0, buf.length);
  if (end === NOT_A_NUMBER) return 'rejected';
  expect(end).toBe(token.length);
  return scanned[0];
}

const TRICKY = [
  '0',
  '-0',
  '+0',
  '0.0',
  '-0.0e5',
  '0e999',
  '1',
  '-1',
  '1.',
  '.5',
  '-.5e-3',
  '1e23',
  '8.98846567431158e307',
  '9007199254740993',
  '9007199254740992',
  '9007199254740991',
  '18014398509481985',
  '2.2250738585072011e-308',
  '2.2250738585072014e-308',
  '4.9e-324',
  '2.4703282292062327e-324',
  '2.4703282292062328e-324',
  '1e-400',
  '1.7976931348623157e308',
  '1.7976931348623158e308',
  '0.1',
  '0.30000000000000004',
  '123456789012345678901234567890',
  '1.00000000000000011102230246251565404236316680908203125',
  '7.038531e-26',
  '5e-324',
  '1E22',
  '1e22',
  '1e-22',
  '3.0E+00',
  '000000000000000000000000001',
  '0.000000000000000000000000001e27',
];

describe('byte-level number scanning', () => {
  it.each(TRICKY)('%s gives exactly parseFloat', (t) => {
    expect(Object.is(scan(t), parseFloat(t))).toBe(true);
  });

  it('refuses what is not a decimal number, and overflow to Infinity', () => {
    for (const t of ['', '-', '+', '.', 'e5', '.e5', '1e', '1e+', 'abc', 'nan', 'inf', '1e400', '-1e999']) {
      expect(scan(t)).toBe('rejected');
    }
  });

  it('agrees with parseFloat on random decimal tokens', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
    const token = fc
      .record({
        sign: fc.constantFrom('', '-', '+'),
        int: digits(22),
        frac: fc.option(digits(22)),
        exp: fc.option(
          fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 340 })),
        ),
      })
      .filter((t) => t.int.length + (t.frac?.length ?? 0) > 0)
      .map((t) => `${t.sign}${t.int}${t.frac === null ? '' : '.' + t.frac}${t.exp === null ? '' : t.exp.join('')}`);
    fc.assert(
      fc.property(token, (t) => {
        const want = parseFloat(t);
        const got = scan(t);
        if (Number.isFinite(want)) expect(Object.is(got, want)).toBe(true);
        else expect(got).toBe('rejected');
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('reads back every double from its shortest and exponent text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const t of [String(x), x.toExponential(), x.toExponential(16), x.toPrecision(17)]) {
          expect(Object.is(scan(t), parseFloat(t))).toBe(true);
        }
      }),
      { seed: 8, numRuns: 2000 },
    );
  });

  it('scans integers exactly, including beyond 2^53', () => {
    for (const t of ['0', '-7', '+12', '9007199254740993', '-123456789012345678901']) {
      const buf = Buffer.from(t + ' ');
      expect(scanInteger(buf, 0, buf.length)).toBe(t.length);
      expect(Object.is(scanned[0], parseFloat(t))).toBe(true);
    }
    expect(scanInteger(Buffer.from('1.5'), 0, 3)).toBe(1);
    expect(scanInteger(Buffer.from('x'), 0, 1)).toBe(NOT_A_NUMBER);
  });
});
