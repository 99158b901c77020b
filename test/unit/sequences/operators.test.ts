import { describe, expect, it } from 'vitest';
import { diagonalShiftSequence } from '../../../src/core/sequences/diagonalShift';
import { permuteSymmetrically, stencilOperator } from '../../../src/core/sequences/operators';
import { parseSpec, SpecError, type DiagonalShiftSpec } from '../../../src/core/sequences/spec';
import type { CsrMatrix } from '../../../src/core/sparse/csr';

function dense(a: CsrMatrix): number[][] {
  const out = Array.from({ length: a.rows }, () => new Array<number>(a.cols).fill(0));
  for (let i = 0; i < a.rows; i++)
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) out[i][a.colIdx[k]] += a.values[k];
  return out;
}

/** 1-D second difference tridiag(-1, 2, -1) of size m. */
function t1(m: number): number[][] {
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
  );
}
function eye(m: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
}
/** kron(A, B): index (i_A * m_B + i_B), so B's axis runs fastest. */
function kron(a: number[][], b: number[][]): number[][] {
  const m = b.length;
  return Array.from({ length: a.length * m }, (_, i) =>
    Array.from({ length: a.length * m }, (_, j) => a[Math.floor(i / m)][Math.floor(j / m)] * b[i % m][j % m]),
  );
}
function expectClose(got: number[][], expected: number[][]): void {
  expect(got.length).toBe(expected.length);
  got.forEach((row, i) => row.forEach((x, j) => expect(x + 0).toBeCloseTo(expected[i][j] + 0, 14)));
}
function add(a: number[][], b: number[][], s = 1): number[][] {
  return a.map((row, i) => row.map((x, j) => x + s * b[i][j]));
}

describe('stencil operators', () => {
  it('anisotropic2d is kron(I, T) + eps kron(T, I)', () => {
    const m = 4;
    const eps = 0.01;
    expectClose(
      dense(stencilOperator({ operator: 'anisotropic2d', size: m, parameter: eps })),
      add(kron(eye(m), t1(m)), kron(t1(m), eye(m)), eps),
    );
  });

  it('anisotropic3d couples x and y with weight 1 and z with eps', () => {
    const m = 3;
    const eps = 0.1;
    const xy = add(kron(eye(m), t1(m)), kron(t1(m), eye(m)));
    const expected = add(kron(eye(m), xy), kron(t1(m), eye(m * m)), eps);
    expectClose(dense(stencilOperator({ operator: 'anisotropic3d', size: m, parameter: eps })), expected);
  });

  it('laplacian9 has 8 on the diagonal and -1 for each of the 8 neighbours', () => {
    const m = 3;
    const a = dense(stencilOperator({ operator: 'laplacian9', size: m, parameter: 0 }));
    for (let i = 0; i < m * m; i++) {
      for (let j = 0; j < m * m; j++) {
        const [xi, yi, xj, yj] = [i % m, Math.floor(i / m), j % m, Math.floor(j / m)];
        const near = Math.max(Math.abs(xi - xj), Math.abs(yi - yj));
        expect(a[i][j]).toBe(near === 0 ? 8 : near === 1 ? -1 : 0);
      }
    }
  });

  it('convection-diffusion is the 5-point Laplacian plus p (E - W) along x: nonsymmetric', () => {
    const m = 3;
    const p = 0.5;
    const a = dense(stencilOperator({ operator: 'convection-diffusion', size: m, parameter: p }));
    const lap = add(kron(eye(m), t1(m)), kron(t1(m), eye(m)));
    const upper = kron(
      eye(m),
      Array.from({ length: m }, (_, i) =>
        Array.from({ length: m }, (_, j) => (j === i + 1 ? 1 : j === i - 1 ? -1 : 0)),
      ),
    );
    expectClose(a, add(lap, upper, p));
    expect(a[0][1]).not.toBe(a[1][0]);
  });

  it('a random symmetric permutation keeps the diagonal, the row contents and symmetry, and is deterministic per seed', () => {
    const a = stencilOperator({ operator: 'laplacian9', size: 4, parameter: 0 });
    const p1 = permuteSymmetrically(a, 3);
    expect(dense(permuteSymmetrically(a, 3))).toEqual(dense(p1));
    expect(dense(permuteSymmetrically(a, 4))).not.toEqual(dense(p1));
    const d = dense(p1);
    expect(d.map((r, i) => r[i])).toEqual(new Array(16).fill(8));
    const sortedRows = (x: number[][]): string[] => x.map((r) => [...r].sort((u, v) => u - v).join(',')).sort();
    expect(sortedRows(d)).toEqual(sortedRows(dense(a)));
    d.forEach((row, i) => row.forEach((x, j) => expect(x).toBe(d[j][i])));
    expect(d).not.toEqual(dense(a));
  });
});

describe('diagonal-shift specs with operators', () => {
  const parse = (extra: Record<string, unknown>): DiagonalShiftSpec =>
    parseSpec(
      JSON.stringify({ kind: 'diagonal-shift', instances: 3, ...extra }),
      's.json',
      '/tmp',
    ) as DiagonalShiftSpec;

  it('accepts an operator with a permutation and withholds the context when asked', async () => {
    const s = parse({
      matrix: { operator: 'anisotropic2d', size: 5, parameter: 0.1, permute: 2 },
      context: 'withheld',
    });
    expect(s.matrix).toEqual({ operator: 'anisotropic2d', size: 5, parameter: 0.1, permute: 2 });
    expect(s.context).toBe('withheld');
    const seq = diagonalShiftSequence(s, stencilOperator({ operator: 'anisotropic2d', size: 5, parameter: 0.1 }));
    expect(seq.info.contextRange).toBeUndefined();
    const inst = await seq.open().next();
    expect(inst?.context).toBeUndefined();
    expect(parse({}).context).toBe('shift');
  });

  it('rejects bad operator fields with one clear message', () => {
    expect(() => parse({ matrix: { operator: 'laplacian7', size: 5 } })).toThrow(
      /\$\.matrix\.operator: must be one of/,
    );
    expect(() => parse({ matrix: { operator: 'convection-diffusion', size: 5, parameter: 1.5 } })).toThrow(
      /cell Peclet number/,
    );
    expect(() => parse({ matrix: { operator: 'anisotropic3d', size: 500 } })).toThrow(/at most|\[1, 120\]/);
    expect(() => parse({ matrix: { laplacian2d: 4, operator: 'laplacian9', size: 4 } })).toThrow(SpecError);
    expect(() => parse({ context: 'none' })).toThrow(/\$\.context: must be one of "shift", "withheld"/);
  });
});
