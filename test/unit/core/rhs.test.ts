import { describe, expect, it } from 'vitest';
import { buildRhs } from '../../../src/core/rhs';
import { csrFromTriplets } from '../../../src/core/sparse/csr';

const A = csrFromTriplets(
  3,
  3,
  Int32Array.from([0, 0, 1, 2]),
  Int32Array.from([0, 1, 1, 2]),
  Float64Array.from([2, -1, 3, 5]),
);

describe('buildRhs (the one right-hand side of the CLI and the editor)', () => {
  it('ones and A times ones', () => {
    expect(Array.from(buildRhs(A, 'ones', 0))).toEqual([1, 1, 1]);
    expect(Array.from(buildRhs(A, 'a-times-ones', 0))).toEqual([1, 3, 5]);
  });

  it("random: the editor's seed-0 vector (0.6431, -0.9745, ...), uniform in [-1, 1), reproducible", () => {
    const b = buildRhs(A, 'random', 0);
    expect(b[0].toFixed(4)).toBe('0.6431');
    expect(b[1].toFixed(4)).toBe('-0.9745');
    expect(Array.from(buildRhs(A, 'random', 0))).toEqual(Array.from(b));
    expect(Array.from(buildRhs(A, 'random', 1))).not.toEqual(Array.from(b));
  });
});
