import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportDocument } from '../../src/core/export/exportJson';
import type { ExportSettings } from '../../src/core/export/exportSettings';
import { formatPetscOptionsFile } from '../../src/core/export/petscOptions';
import { solvableMatrix } from '../../src/core/io/matrixMarket';
import { loadMatrix } from '../../src/node/loadMatrix';
import { sor } from '../../src/core/solvers/sor';
import { ssorPcg } from '../../src/core/solvers/ssorPcg';
import { runChildOk } from '../helpers/childProcess';
import { petscSolve, petscSolveBatch, requirePetsc4py, type PetscCount } from './petscHarness';

/*
 * Real PETSc, configured only by what Relax exports, against Relax's own solvers on the same
 * matrix and b = ones: SOR within 1 sweep, SSOR-CG within 2 iterations. The contract counts
 * (independently checked definitions) pin Relax's side so both cannot drift together.
 */

async function relaxCount(method: ExportSettings['method'], matrix: string, omega: number): Promise<number> {
  const a = solvableMatrix(await loadMatrix(join(__dirname, '../..', matrix)));
  const b = new Float64Array(a.rows).fill(1);
  const r =
    method === 'sor'
      ? sor(a, b, omega, { tol: 1e-8, maxIterations: 10000 })
      : ssorPcg(a, b, omega, { tol: 1e-8, maxIterations: 10000 });
  expect(r.converged).toBe(true);
  return r.iterations;
}

const settings = (method: ExportSettings['method'], omega: number): ExportSettings => ({
  method,
  omega,
  tolerance: 1e-8,
  maxIterations: 10000,
});

const sequential = (s: ExportSettings): string[] => exportDocument(s).petsc.sequential;
const mpi = (s: ExportSettings): string[] => exportDocument(s).petsc.mpi;

const withoutMonitor = (opts: string[]): string[] =>
  opts.filter((o, i, all) => o !== '-ksp_monitor' && all[i - 1] !== '-ksp_monitor');
const withoutForward = (opts: string[]): string[] => opts.filter((o) => o !== '-pc_sor_forward');

/** Every sequential gr_30_30 run of this file, solved in one PETSc process (startup dominates). */
const GR_RUNS: Record<string, string[]> = {
  'sor 1': sequential(settings('sor', 1.0)),
  'sor 1.5': sequential(settings('sor', 1.5)),
  'sor 1.8': sequential(settings('sor', 1.8)),
  'ssor-cg 1': sequential(settings('ssor-cg', 1.0)),
  'ssor-cg 1.5': sequential(settings('ssor-cg', 1.5)),
  'sor 1.5 cap 100': sequential({ ...settings('sor', 1.5), maxIterations: 100 }),
  'no monitor': withoutMonitor(sequential(settings('sor', 1.5))),
  'no forward': withoutForward(sequential(settings('sor', 1.5))),
};
const gr: Record<string, PetscCount> = {};
let bcsstk03Ssor1: PetscCount;

beforeAll(async () => {
  requirePetsc4py();
  const names = Object.keys(GR_RUNS);
  (
    await petscSolveBatch(
      'samples/gr_30_30.mtx',
      names.map((n) => GR_RUNS[n]),
    )
  ).forEach((r, i) => (gr[names[i]] = r));
  [bcsstk03Ssor1] = await petscSolveBatch('samples/bcsstk03.mtx', [sequential(settings('ssor-cg', 1.0))]);
});

describe('exported PETSc options on one process reproduce Relax counts', () => {
  it.each([
    [1.0, 1185],
    [1.5, 387],
    [1.8, 97],
  ])('SOR on gr_30_30 at omega %f', async (omega, contract) => {
    const relax = await relaxCount('sor', 'samples/gr_30_30.mtx', omega);
    expect(relax).toBe(contract);
    const r = gr[`sor ${omega}`];
    expect(r.converged).toBe(true);
    expect(Math.abs(r.iterations - relax)).toBeLessThanOrEqual(1);
  });

  it.each([
    ['samples/gr_30_30.mtx', 1.0, 28],
    ['samples/gr_30_30.mtx', 1.5, 20],
    ['samples/bcsstk03.mtx', 1.0, 91],
  ])('SSOR-CG on %s at omega %f', async (matrix, omega, contract) => {
    const relax = await relaxCount('ssor-cg', matrix, omega);
    expect(relax).toBe(contract);
    const r = matrix === 'samples/bcsstk03.mtx' ? bcsstk03Ssor1 : gr[`ssor-cg ${omega}`];
    expect(r.converged).toBe(true);
    expect(Math.abs(r.iterations - relax)).toBeLessThanOrEqual(2);
  });

  it('reports an unconverged SOR run honestly when the exported cap is too small', () => {
    const r = gr['sor 1.5 cap 100'];
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(100);
  });

  it('the options file variant is accepted by PETSc (-options_file) and gives the same count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-petsc-'));
    const file = join(dir, 'sor.opts');
    writeFileSync(file, formatPetscOptionsFile(settings('sor', 1.5), 'sequential'));
    const r = await petscSolve('samples/gr_30_30.mtx', ['-options_file', file]);
    expect(r.iterations).toBe(387);
  });
});

describe('warm starts (x_0 = 0.5 ones), as the exported notes say', () => {
  it('SOR needs -ksp_converged_use_initial_residual_norm, SSOR-CG only -ksp_initial_guess_nonzero', async () => {
    const a = solvableMatrix(await loadMatrix(join(__dirname, '../../samples/gr_30_30.mtx')));
    const b = new Float64Array(a.rows).fill(1);
    const x0 = new Float64Array(a.rows).fill(0.5);
    const relaxSor = sor(a, b, 1.5, { x0 }).iterations;
    const relaxCg = ssorPcg(a, b, 1.5, { x0 }).iterations;
    const warm = ['-ksp_initial_guess_nonzero'];
    const sorUir = await petscSolve('samples/gr_30_30.mtx', [
      '--x0',
      '0.5',
      ...sequential(settings('sor', 1.5)),
      ...warm,
      '-ksp_converged_use_initial_residual_norm',
    ]);
    const cgWarm = await petscSolve('samples/gr_30_30.mtx', [
      '--x0',
      '0.5',
      ...sequential(settings('ssor-cg', 1.5)),
      ...warm,
    ]);
    expect(sorUir.iterations).toBe(relaxSor);
    expect(Math.abs(cgWarm.iterations - relaxCg)).toBeLessThanOrEqual(2);
  });
});

describe('the traps the exported SOR options avoid are real', () => {
  it('without the monitor PETSc runs every sweep and never tests convergence', () => {
    const r = gr['no monitor'];
    expect(r.iterations).toBe(10000);
    expect(r.reason).toBe('CONVERGED_ITS');
  });

  it('without -pc_sor_forward PETSc sweeps symmetrically and counts differently', () => {
    const r = gr['no forward'];
    expect(r.converged).toBe(true);
    expect(r.iterations).not.toBe(387);
  });
});

describe('the MPI variant runs on 2 ranks (processor-local SOR)', () => {
  it('SSOR-CG and SOR converge on gr_30_30, with more iterations than on one process', async () => {
    const cg = await petscSolve('samples/gr_30_30.mtx', mpi(settings('ssor-cg', 1.5)), 2);
    expect(cg.ranks).toBe(2);
    expect(cg.converged).toBe(true);
    expect(cg.iterations).toBeGreaterThan(20);
    const sor = await petscSolve('samples/gr_30_30.mtx', mpi(settings('sor', 1.5)), 2);
    expect(sor.converged).toBe(true);
    expect(sor.iterations).toBeGreaterThan(387);
  });
});

describe('the SciPy snippet follows the same definitions', () => {
  it.each([
    ['sor', 1.5, 387, 1],
    ['ssor-cg', 1.5, 20, 2],
  ] as const)('%s at omega %f on gr_30_30', async (method, omega, relax, slack) => {
    const { scipySnippet } = await import('../../src/core/export/scipySnippet');
    const dir = mkdtempSync(join(tmpdir(), 'relax-scipy-'));
    const script = join(dir, 'solve.py');
    writeFileSync(script, scipySnippet(settings(method, omega)));
    const out = await runChildOk('python3', [script, join(__dirname, '../../samples/gr_30_30.mtx')]);
    const count = Number(/: (\d+) (sweeps|iterations)/.exec(out)?.[1]);
    expect(out).toContain('converged=True');
    expect(Math.abs(count - relax)).toBeLessThanOrEqual(slack);
  });
});
