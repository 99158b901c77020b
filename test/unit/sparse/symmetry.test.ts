// Symmetry as the solvers judge it, checked against SciPy's max|A - A^T| / max|A| on the same files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { measureSymmetry, SYMMETRY_TOLERANCE } from '../../../src/core/sparse/symmetry';
import { fixturePath, loadMtx, samplePath } from '../solvers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'relax-sym-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SciPy's relative asymmetry of a Matrix Market file (an independent reader and arithmetic). */
function scipyAsymmetry(file: string): number {
  const script =
    'import sys, scipy.io, scipy.sparse as sp\nA = sp.csr_matrix(scipy.io.mmread(sys.argv[1]))\nprint(repr(float(abs(A - A.T).max() / abs(A).max())))';
  return Number(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim());
}

/** gr_30_30 stored as general, every upper entry scaled by (1 + eps): symmetric to about eps relative, not exactly. */
function perturbedGr(eps: number): string {
  const a = loadMtx(samplePath('gr_30_30.mtx'));
  const lines: string[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const j = a.colIdx[k];
      lines.push(`${i + 1} ${j + 1} ${(j > i ? a.values[k] * (1 + eps) : a.values[k]).toPrecision(17)}`);
    }
  }
  const file = join(dir, `gr-${eps}.mtx`);
  writeFileSync(
    file,
    `%%MatrixMarket matrix coordinate real general\n${a.rows} ${a.cols} ${lines.length}\n${lines.join('\n')}\n`,
  );
  return file;
}

describe('measureSymmetry', () => {
  test.each([
    ['orsirr_1 (nonsymmetric)', fixturePath('orsirr_1.mtx'), false],
    ['sherman5 (nonsymmetric)', fixturePath('sherman5.mtx'), false],
    ['gr_30_30 with 3e-16 relative rounding in the upper triangle', perturbedGr(3e-16), true],
    ['gr_30_30 with 1e-9 relative asymmetry', perturbedGr(1e-9), false],
  ])("%s: the relative asymmetry equals SciPy's and decides numerical symmetry", (_name, file, numerical) => {
    const m = measureSymmetry(loadMtx(file));
    const reference = scipyAsymmetry(file);
    expect(reference).toBeGreaterThan(0);
    expect(Math.abs(m.relativeAsymmetry - reference)).toBeLessThanOrEqual(1e-12 * reference);
    expect(m.exact).toBe(false);
    expect(m.numerical).toBe(numerical);
    expect(m.tolerance).toBe(SYMMETRY_TOLERANCE);
  });

  test('an exactly symmetric matrix, and a lone off-diagonal entry whose mirror is absent', () => {
    const sym = measureSymmetry(loadMtx(samplePath('gr_30_30.mtx')));
    expect(sym).toEqual({ exact: true, numerical: true, relativeAsymmetry: 0, tolerance: SYMMETRY_TOLERANCE });
    // [[2, 0], [1, 2]]: a_21 = 1 has no a_12, so max |a_ij - a_ji| / max |a_ij| = 1 / 2.
    const lone = csrFromTriplets(
      2,
      2,
      new Int32Array([0, 1, 1]),
      new Int32Array([0, 0, 1]),
      new Float64Array([2, 1, 2]),
    );
    expect(measureSymmetry(lone)).toMatchObject({ exact: false, numerical: false, relativeAsymmetry: 0.5 });
  });

  test('a non-square matrix is not symmetric', () => {
    const rect = csrFromTriplets(2, 3, new Int32Array([0]), new Int32Array([0]), new Float64Array([1]));
    expect(measureSymmetry(rect)).toMatchObject({ exact: false, numerical: false, relativeAsymmetry: Infinity });
  });
});
