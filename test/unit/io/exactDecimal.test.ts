import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal } from '../../../src/core/io/exactDecimal';
import { parseMatrixMarket } from '../../../src/core/io/matrixMarket';

function viaBytes(token: string): number {
  return exactDecimal(Buffer.from(token, 'latin1'), 0, token.length);
}

/** Exact decimal digits of the midpoint between x > 0 and the next double up, as [digits, exponent10]. */
function midpointDigits(x: number): [string, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const raw = view.getBigUint64(0);
  const biased = Number((raw >> 52n) & 0x7ffn);
  const mant = (raw & ((1n << 52n) - 1n)) | (1n << 52n);
  const e2 = biased - 1075; // x = mant * 2^e2
  const odd = 2n * mant + 1n; // midpoint = odd * 2^(e2 - 1)
  const k = e2 - 1;
  if (k >= 0) return [(odd << BigInt(k)).toString(), 0];
  return [(odd * 5n ** BigInt(-k)).toString(), k];
}

describe('exactDecimal (16-19 significant digits without a string)', () => {
  it('equals parseFloat on random long mantissas with small exponents', () => {
    const token = fc
      .record({
        sign: fc.constantFrom('', '-'),
        digits: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 16, maxLength: 21 }),
        point: fc.nat({ max: 21 }),
        exp: fc.integer({ min: -30, max: 30 }),
      })
      .map(({ sign, digits, point, exp }) => {
        const at = Math.min(point, digits.length);
        return `${sign}${digits.slice(0, at)}.${digits.slice(at)}e${exp}`;
      });
    fc.assert(
      fc.property(token, (t) => {
        expect(Object.is(viaBytes(t), parseFloat(t))).toBe(true);
      }),
      { seed: 11, numRuns: 4000 },
    );
  });

  it('equals parseFloat next to rounding midpoints (tokens cut from the exact midpoint)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
        fc.integer({ min: 16, max: 19 }),
        fc.boolean(),
        (x, keep, bump) => {
          const [digits, k] = midpointDigits(x);
          const head = BigInt(digits.slice(0, keep)) + (bump ? 1n : 0n);
          const token = `${head}e${k + digits.length - keep}`;
          expect(Object.is(viaBytes(token), parseFloat(token))).toBe(true);
        },
      ),
      { seed: 12, numRuns: 4000 },
    );
  });

  it('handles signs, zeros, leading zeros and dropped trailing zeros', () => {
    for (const t of [
      '-0.000000000000000000',
      '12345678901234567890000',
      '0.00012345678901234567890',
      '-98765432109876543.21e-5',
      '+1.0000000000000000000001',
    ]) {
      expect(Object.is(viaBytes(t), parseFloat(t))).toBe(true);
    }
  });

  it('gives parseFloat values through the coordinate parser for signed long and near-midpoint tokens', () => {
    const tokens = fc.sample(
      fc
        .tuple(
          fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
          fc.integer({ min: 15, max: 22 }),
          fc.boolean(),
          fc.boolean(),
        )
        .map(([x, keep, bump, neg]) => {
          const [digits, k] = midpointDigits(x);
          const head = BigInt(digits.slice(0, keep)) + (bump ? 1n : 0n);
          const e = k + digits.length - keep;
          // Half the tokens as plain decimals with a point, half with an exponent.
          const plain =
            e < 0 && -e < head.toString().length
              ? `${head.toString().slice(0, e)}.${head.toString().slice(e)}`
              : `${head}e${e}`;
          return `${neg ? '-' : ''}${bump ? plain : `${head}e${e}`}`;
        }),
      { seed: 13, numRuns: 3000 },
    );
    // Exact midpoints short enough (<= 19 digits) to reach the double-double path, which must defer
    // them (ties) to parseFloat: many doubles in [2^49, 2^63] have such midpoints.
    const ties = fc.sample(
      fc.tuple(fc.double({ min: 2 ** 49, max: 2 ** 63, noNaN: true }), fc.boolean()).map(([x, neg]) => {
        const [digits, k] = midpointDigits(x);
        const trimmed = digits.replace(/0+$/, '');
        return `${neg ? '-' : ''}${trimmed}e${k + digits.length - trimmed.length}`;
      }),
      { seed: 14, numRuns: 500 },
    );
    const shortTies = ties.filter((t) => t.replace(/^-|e.*$/g, '').length <= 19);
    expect(shortTies.length).toBeGreaterThan(100);
    tokens.push(...shortTies);
    const text = `%%MatrixMarket matrix coordinate real general\n${tokens.length} 1 ${tokens.length}\n${tokens
      .map((t, i) => `${i + 1} 1 ${t}`)
      .join('\n')}\n`;
    const m = parseMatrixMarket(Buffer.from(text), 't.mtx');
    const wrong = tokens.filter((t, i) => !Object.is(m.csr.values[i], parseFloat(t)));
    expect(wrong).toEqual([]);
  });
});
