// The WebAssembly kernels (SOR sweeps, CG and Eisenstat SSOR-CG passes) are the TypeScript kernels compiled to another target: the same operations
// in the same order (and wasm has no fused multiply-add), so every solve must agree bit for bit:
// iterations, stop reason, relative residual and every entry of x. The counts themselves are checked
// against SciPy and PETSc elsewhere (crossCheck, petscExport), which now run on these kernels.
import { afterEach, describe, expect, test } from 'vitest';
import { setKernelBackend, type KernelBackend } from '../../../src/core/kernels/backend';
import { wasmWorkspace } from '../../../src/core/kernels/arena';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import type { CsrMatrix } from '../../../src/core/sparse/csr';
import { prepareSor } from '../../../src/core/solvers/prepared';
import type { SolveOptions, SolveResult } from '../../../src/core/solvers/result';
import { runComparison } from '../../../src/core/compare/runner';
import { heat2dSequence } from '../../../src/core/sequences/heat2d';
import { parseSpec, type Heat2dSpec } from '../../../src/core/sequences/spec';
import { cg } from '../../../src/core/solvers/cg';
import { sor, sorSweeps } from '../../../src/core/solvers/sor';
import { ssorPcgEisenstat } from '../../../src/core/solvers/ssorEisenstat';
import { ssorPcgPlain } from '../../../src/core/solvers/ssorPcg';
import { fixturePath, laplacian1d, loadMtx, ones, samplePath } from '../solvers/fixtures';

afterEach(() => setKernelBackend('wasm'));

function solveWith(backend: KernelBackend, a: CsrMatrix, b: Float64Array, omega: number, o: SolveOptions): SolveResult {
  setKernelBackend(backend);
  return sor(prepareSor(a), b, omega, o);
}

function expectSame(w: SolveResult, j: SolveResult): void {
  expect(w.iterations).toBe(j.iterations);
  expect(w.reason).toBe(j.reason);
  expect(Object.is(w.relativeResidual, j.relativeResidual)).toBe(true);
  expect(firstDifference(w.x, j.x)).toBe(-1);
  if (j.residuals) expect(firstDifference(w.residuals ?? new Float64Array(0), j.residuals)).toBe(-1);
}

/** Index of the first entry whose bits differ (NaN-safe via Object.is), or -1. */
function firstDifference(u: Float64Array, v: Float64Array): number {
  if (u.length !== v.length) return 0;
  for (let i = 0; i < u.length; i++) if (!Object.is(u[i], v[i])) return i;
  return -1;
}

const matrices: [string, () => CsrMatrix][] = [
  ['gr_30_30', () => loadMtx(samplePath('gr_30_30.mtx'))],
  ['1138_bus', () => loadMtx(fixturePath('1138_bus.mtx'))],
  ['sherman5 (nonsymmetric)', () => loadMtx(fixturePath('sherman5.mtx'))],
  ['orsirr_1 (negative diagonal)', () => loadMtx(fixturePath('orsirr_1.mtx'))],
  ['poisson1033 (singular)', () => loadMtx(fixturePath('poisson1033.mtx'))],
  ['laplacian 1-D n = 50', () => laplacian1d(50)],
  ['laplacian 2-D 40 x 40', () => laplacian2d(40)],
  ['bcsstk03', () => loadMtx(samplePath('bcsstk03.mtx'))],
  ['laplacian 1-D n = 80 + 0.01 I', () => laplacian1d(80, 2.01)],
];

describe('WebAssembly SOR sweeps equal the TypeScript sweeps bit for bit', () => {
  for (const [name, make] of matrices) {
    test(name, () => {
      const a = make();
      const b = ones(a.rows);
      for (const omega of [0.6, 1, 1.5, 1.9]) {
        const o: SolveOptions = { tol: 1e-8, maxIterations: 3000, recordResiduals: true };
        expectSame(solveWith('wasm', a, b, omega, o), solveWith('js', a, b, omega, o));
      }
    });
  }

  test('with an initial guess, a stagnation stop and the cap', () => {
    const a = loadMtx(samplePath('gr_30_30.mtx'));
    const b = ones(a.rows);
    const x0 = Float64Array.from({ length: a.rows }, (_, i) => Math.sin(i));
    const cases: SolveOptions[] = [{ x0 }, { maxIterations: 7 }, { tol: 1e-15, maxIterations: 5000 }];
    for (const o of cases) expectSame(solveWith('wasm', a, b, 1.7, o), solveWith('js', a, b, 1.7, o));
  });

  test('plain sweeps (the benchmark kernel) leave the same x', () => {
    const p = prepareSor(loadMtx(samplePath('gr_30_30.mtx')));
    const b = ones(p.matrix.rows);
    const xw = new Float64Array(p.matrix.rows);
    const xj = new Float64Array(p.matrix.rows);
    setKernelBackend('wasm');
    sorSweeps(p, b, xw, 1.8, 25);
    setKernelBackend('js');
    sorSweeps(p, b, xj, 1.8, 25);
    expect(firstDifference(xw, xj)).toBe(-1);
    expect(xw.some((v) => v !== 0)).toBe(true);
  });

  test('alternating matrices, a large one then a small one: each solve sees its own matrix', () => {
    const big = prepareSor(laplacian2d(400)); // 160,000 rows, ~800 k entries: a ~18 MB arena
    const small = prepareSor(laplacian1d(30));
    const sequence = [small, big, small, big, small];
    for (const p of sequence) {
      const b = ones(p.matrix.rows);
      setKernelBackend('wasm');
      const w = sor(p, b, 1.5, { maxIterations: 20 });
      setKernelBackend('js');
      const j = sor(p, b, 1.5, { maxIterations: 20 });
      expectSame(w, j);
    }
  });

  test('the TypeScript backend never builds an arena; the wasm one does', () => {
    const p = prepareSor(laplacian1d(10));
    setKernelBackend('js');
    expect(wasmWorkspace(p, 4)).toBeUndefined();
    setKernelBackend('wasm');
    expect(wasmWorkspace(p, 4)?.view(3).length).toBe(10);
  });
});

/** Runs `solve` under each backend on a fresh preparation. */
function both(solve: () => SolveResult): [SolveResult, SolveResult] {
  setKernelBackend('wasm');
  const w = solve();
  setKernelBackend('js');
  const j = solve();
  return [w, j];
}

const spd: [string, () => CsrMatrix][] = [
  ['gr_30_30', () => loadMtx(samplePath('gr_30_30.mtx'))],
  ['bcsstk03', () => loadMtx(samplePath('bcsstk03.mtx'))],
  ['1138_bus', () => loadMtx(fixturePath('1138_bus.mtx'))],
  ['laplacian 2-D 40 x 40', () => laplacian2d(40)],
  ['laplacian 1-D n = 80', () => laplacian1d(80)],
];

describe('WebAssembly CG and SSOR-CG (Eisenstat and plain) passes equal the TypeScript passes bit for bit', () => {
  for (const [name, make] of spd) {
    test(name, () => {
      const a = make();
      const b = ones(a.rows);
      const o: SolveOptions = { tol: 1e-10, maxIterations: 5000, recordResiduals: true };
      expectSame(...both(() => cg(a, b, o)));
      for (const omega of [0.5, 1, 1.6, 1.95]) {
        expectSame(...both(() => ssorPcgEisenstat(prepareSor(a), b, omega, o)));
        expectSame(...both(() => ssorPcgPlain(prepareSor(a), b, omega, o)));
      }
    });
  }

  test('with an initial guess, the cap and not-positive-definite stops', () => {
    const a = loadMtx(samplePath('gr_30_30.mtx'));
    const b = ones(a.rows);
    const x0 = Float64Array.from({ length: a.rows }, (_, i) => Math.cos(i));
    for (const o of [{ x0 }, { maxIterations: 5 }] as SolveOptions[]) {
      expectSame(...both(() => cg(a, b, o)));
      expectSame(...both(() => ssorPcgEisenstat(prepareSor(a), b, 1.3, o)));
      expectSame(...both(() => ssorPcgPlain(prepareSor(a), b, 1.3, o)));
    }
    // Nonsymmetric matrices take the plain form: whatever it reports, both kernels report alike.
    for (const f of ['sherman5.mtx', 'orsirr_1.mtx'])
      expectSame(
        ...both(() => ssorPcgPlain(prepareSor(loadMtx(fixturePath(f))), ones(loadMtx(fixturePath(f)).rows), 1.2, {})),
      );
    // -A: CG sees p^T A p < 0; SSOR sees a negative diagonal (its preconditioner is not positive).
    const neg = laplacian1d(40);
    for (let k = 0; k < neg.values.length; k++) neg.values[k] = -neg.values[k];
    const [w, j] = both(() => cg(neg, ones(40), {}));
    expect(w.reason).toBe('not-positive-definite');
    expectSame(w, j);
    const [ws, js] = both(() => ssorPcgEisenstat(prepareSor(neg), ones(40), 1.2, {}));
    expect(ws.reason).toBe('not-positive-definite');
    expectSame(ws, js);
  });
});

test('a bare matrix whose values change between solves (heat2d rewrites one matrix per step) is copied again', () => {
  const a = laplacian2d(20);
  const b = ones(a.rows);
  const base = Float64Array.from(a.values);
  for (const scale of [1, 3, 0.5]) {
    for (let k = 0; k < a.values.length; k++) a.values[k] = base[k] * scale + (a.colIdx[k] === rowOf(a, k) ? 1 : 0);
    const [w, j] = both(() => cg(a, b, { tol: 1e-10 }));
    expectSame(w, j);
  }
});

/** Row of stored entry k. */
function rowOf(a: CsrMatrix, k: number): number {
  let i = 0;
  while (a.rowPtr[i + 1] <= k) i++;
  return i;
}

test('a heat2d learning run (one matrix rewritten per step, solutions carried forward) records the same under both kernels', async () => {
  const spec = parseSpec(
    JSON.stringify({ kind: 'heat2d', nx: 10, steps: 200, instances: 30 }),
    'h.json',
    '/tmp',
  ) as Heat2dSpec;
  // CG alone solves the same bare matrix object at every step; mixed with the others it alternates with preparations.
  for (const policies of [['cg'], ['cg', 'fixed=1.5', 'auto', 'grid-optimal']]) {
    setKernelBackend('wasm');
    const w = await runComparison(heat2dSequence(spec), policies);
    setKernelBackend('js');
    const j = await runComparison(heat2dSequence(spec), policies);
    const strip = (r: typeof w) => r.results.map((x) => x.records.map(({ seconds: _s, ...rest }) => rest));
    expect(strip(w)).toEqual(strip(j));
    expect(w.results[0].totals.totalIterations).toBe(j.results[0].totals.totalIterations);
  }
});
