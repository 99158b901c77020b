// A preparation locates each row's diagonal once per sparsity pattern (sequences such as heat2d rewrite one
// matrix's values every step and keep its pattern arrays) but reads the diagonal's values every time.
import { describe, expect, test } from 'vitest';
import { InstanceSolver } from '../../../src/core/compare/instanceSolver';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import type { SequenceInfo } from '../../../src/core/sequences/sequence';
import { diagonalIndex, type CsrMatrix } from '../../../src/core/sparse/csr';
import { prepareSor } from '../../../src/core/solvers/prepared';
import { ones } from './fixtures';

/** The same pattern arrays with every value multiplied by `scale`. */
function scaled(a: CsrMatrix, scale: number): CsrMatrix {
  return { ...a, values: a.values.map((v) => v * scale) };
}

describe('prepareSor', () => {
  test('a matrix sharing a pattern gets the same diagonal positions and its own inverse diagonal', () => {
    const a = laplacian2d(6);
    const p = prepareSor(a);
    const q = prepareSor(scaled(a, 4));
    expect(q.diagIdx).toBe(p.diagIdx);
    expect(Array.from(p.diagIdx)).toEqual(Array.from(diagonalIndex(a)));
    expect(p.invDiag[0]).toBe(0.25);
    expect(q.invDiag[0]).toBe(0.0625);
  });

  test('values rewritten in place are read again (heat2d keeps one matrix object)', () => {
    const a = laplacian2d(4);
    expect(prepareSor(a).invDiag[3]).toBe(0.25);
    for (let k = 0; k < a.values.length; k++) a.values[k] *= 2;
    expect(prepareSor(a).invDiag[3]).toBe(0.125);
  });

  test('another pattern is located afresh, also one that shares only the column array', () => {
    const diagonal: CsrMatrix = {
      rows: 3,
      cols: 3,
      rowPtr: Int32Array.of(0, 1, 2, 3),
      colIdx: Int32Array.of(0, 1, 2),
      values: Float64Array.of(2, 4, 8),
    };
    expect(Array.from(prepareSor(diagonal).diagIdx)).toEqual([0, 1, 2]);
    // The same colIdx object under another rowPtr: row 2 now holds no entry, so no cached position applies.
    const gapped: CsrMatrix = { ...diagonal, rowPtr: Int32Array.of(0, 2, 2, 3), colIdx: diagonal.colIdx };
    expect(() => prepareSor(gapped)).toThrow(/row 2 has no stored diagonal entry/);
    const lower: CsrMatrix = {
      ...diagonal,
      rowPtr: Int32Array.of(0, 1, 3, 4),
      colIdx: Int32Array.of(0, 0, 1, 2),
      values: Float64Array.of(2, -1, 4, 8),
    };
    expect(Array.from(prepareSor(lower).diagIdx)).toEqual([0, 2, 3]);
  });

  test('scratch vectors are allocated on first use and then kept', () => {
    const p = prepareSor(laplacian2d(3));
    const w = p.work1;
    expect(w.length).toBe(9);
    expect(p.work1).toBe(w);
    expect(p.work2).not.toBe(w);
  });
});

test('every SOR / SSOR-CG outcome of an instance is charged its preparation, CG none', () => {
  const a = laplacian2d(30);
  const info: SequenceInfo = {
    kind: 'diagonal-shift',
    instances: 1,
    n: a.rows,
    solver: 'ssor-cg',
    tolerance: 1e-8,
    maxIterations: 1000,
    omegaGrid: { min: 1, max: 1.9, points: 10 },
  };
  const solver = new InstanceSolver({ t: 0, A: a, b: ones(a.rows) }, info);
  const first = solver.capped(1.5, 1000);
  const second = solver.capped(1.2, 1000);
  const charged = first.outcome.seconds - first.result.seconds;
  expect(charged).toBeGreaterThan(0);
  expect(second.outcome.seconds - second.result.seconds).toBeCloseTo(charged, 12);
  const plain = solver.plainCg();
  expect(plain.converged).toBe(true);
});
