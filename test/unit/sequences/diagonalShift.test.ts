import { describe, expect, it } from 'vitest';
import { diagonalShiftSequence, withFullDiagonal } from '../../../src/core/sequences/diagonalShift';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import { parseSpec, type DiagonalShiftSpec } from '../../../src/core/sequences/spec';
import { csrFromTriplets } from '../../../src/core/sparse/csr';

function spec(extra: Record<string, unknown> = {}): DiagonalShiftSpec {
  return parseSpec(
    JSON.stringify({ kind: 'diagonal-shift', matrix: { laplacian2d: 4 }, instances: 30, seed: 7, ...extra }),
    's.json',
    '/tmp',
  ) as DiagonalShiftSpec;
}

async function collect(offset: number, s = spec()): Promise<{ c: number[]; b: number[][] }> {
  const stream = diagonalShiftSequence(s, laplacian2d(4)).open(offset);
  const c: number[] = [];
  const b: number[][] = [];
  for (let inst = await stream.next(); inst; inst = await stream.next()) {
    c.push(inst.context ?? NaN);
    b.push(Array.from(inst.b));
  }
  return { c, b };
}

describe('diagonal-shift sequence', () => {
  it('is identical for the same seed and differs for another', async () => {
    const a = await collect(0);
    const again = await collect(0);
    expect(again).toEqual(a);
    expect(a.c).toHaveLength(30);
    const other = await collect(1);
    expect(other.c).not.toEqual(a.c);
  });

  it('shifts only the diagonal by the context, within [low, low + width]', async () => {
    const base = laplacian2d(4);
    const stream = diagonalShiftSequence(spec(), base).open();
    for (let inst = await stream.next(); inst; inst = await stream.next()) {
      const c = inst.context as number;
      expect(c).toBeGreaterThanOrEqual(-0.15);
      expect(c).toBeLessThanOrEqual(0.45);
      for (let i = 0; i < 16; i++) {
        for (let k = base.rowPtr[i]; k < base.rowPtr[i + 1]; k++) {
          const expected = base.colIdx[k] === i ? 4 + c : -1;
          expect(inst.A.values[k]).toBeCloseTo(expected, 14);
        }
      }
      let norm2 = 0;
      for (const v of inst.b) norm2 += v * v;
      expect(norm2).toBeLessThanOrEqual(16);
      expect(norm2).toBeGreaterThan(0);
    }
  });

  it('Beta(2, 6) shifts have the right mean (0.25 of the width)', async () => {
    const s = spec({ instances: 4000, shift: { low: 0, width: 1, beta: [2, 6] } });
    const { c } = await collect(0, s);
    const mean = c.reduce((x, y) => x + y, 0) / c.length;
    // Standard error of the mean is sqrt(0.0208 / 4000) = 0.0023.
    expect(Math.abs(mean - 0.25)).toBeLessThan(0.01);
  });

  it('rhs "ones" is the all-ones vector', async () => {
    const { b } = await collect(0, spec({ rhs: 'ones', instances: 2 }));
    expect(b[1]).toEqual(new Array(16).fill(1));
  });

  it('adds a missing diagonal entry so the shift applies to every row', async () => {
    const a = csrFromTriplets(2, 2, Int32Array.from([0, 1]), Int32Array.from([1, 0]), Float64Array.from([2, 3]));
    const full = withFullDiagonal(a);
    expect(Array.from(full.colIdx)).toEqual([0, 1, 0, 1]);
    expect(Array.from(full.values)).toEqual([0, 2, 3, 0]);
  });
});
