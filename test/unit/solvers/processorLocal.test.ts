// PETSc's processor-local SOR on N ranks, simulated in one thread. The expected counts were measured with
// real PETSc 3.18 under mpiexec (python/petsc_solve.py, b = ones, rtol 1e-8, unpreconditioned norm):
//   mpiexec -n R python3 python/petsc_solve.py M.mtx -ksp_type richardson -pc_type sor -pc_sor_local_forward
//     -pc_sor_omega W -ksp_norm_type unpreconditioned -ksp_rtol 1e-8 -ksp_atol 0 -ksp_max_it 10000 -ksp_monitor ascii:/dev/null
// and -ksp_type cg -pc_sor_local_symmetric for SSOR-CG. test/integration/petscExport.test.ts runs PETSc itself.
import { describe, expect, test } from 'vitest';
import { localSor } from '../../../src/core/solvers/localSor';
import { localSsorPcg } from '../../../src/core/solvers/localSsorPcg';
import { SolverInputError } from '../../../src/core/solvers/errors';
import { petscRowBlocks } from '../../../src/core/solvers/rowBlocks';
import { sor } from '../../../src/core/solvers/sor';
import { loadMtx, ones, samplePath } from './fixtures';

const gr = loadMtx(samplePath('gr_30_30.mtx'));
const bcsstk03 = loadMtx(samplePath('bcsstk03.mtx'));

describe("PETSc's default row split", () => {
  test.each([
    [900, 2, [0, 450, 900]],
    [112, 3, [0, 38, 75, 112]],
    [10, 4, [0, 3, 6, 8, 10]],
    [5, 5, [0, 1, 2, 3, 4, 5]],
  ])('%i rows over %i ranks', (n, ranks, starts) => {
    expect(Array.from(petscRowBlocks(n, ranks))).toEqual(starts);
  });

  test('more ranks than rows, zero or fractional ranks are refused with the reason', () => {
    expect(() => petscRowBlocks(4, 5)).toThrow(/more than the matrix's 4 rows/);
    expect(() => petscRowBlocks(4, 0)).toThrow(SolverInputError);
    expect(() => petscRowBlocks(4, 1.5)).toThrow(/integer from 1 to 4096/);
  });
});

describe('processor-local SOR (KSPRICHARDSON + PCSOR -pc_sor_local_forward)', () => {
  test.each([
    [1, 1185],
    [1.5, 387],
    [1.8, 97],
  ])('on 1 rank it is SOR: gr_30_30 at omega %f takes %i sweeps, as sor() does', (omega, sweeps) => {
    const r = localSor(gr, ones(900), omega, 1);
    expect(r.iterations).toBe(sweeps);
    expect(sor(gr, ones(900), omega).iterations).toBe(sweeps);
  });

  test.each([
    [2, 1, 1244],
    [2, 1.5, 451],
    [2, 1.8, 182],
    [3, 1.7, 294],
    [4, 1.7, 326],
  ])('gr_30_30 on %i ranks at omega %f: %i sweeps, as PETSc counts', (ranks, omega, sweeps) => {
    const r = localSor(gr, ones(900), omega, ranks);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBe(sweeps);
  });

  test.each([
    [1.5, 29],
    [1.8, 27],
  ])(
    'bcsstk03 on 2 ranks at omega %f diverges at sweep %i (PETSc: DIVERGED_DTOL at the same sweep)',
    (omega, sweeps) => {
      const r = localSor(bcsstk03, ones(112), omega, 2);
      expect(r.reason).toBe('diverged');
      expect(r.iterations).toBe(sweeps);
      expect(r.message).toMatch(/grew to .* times the initial one/);
    },
  );

  test('bcsstk03 on 2 ranks at omega 1 diverges too (PETSc: DIVERGED_DTOL at 511; the slow growth is rounding-sensitive)', () => {
    const r = localSor(bcsstk03, ones(112), 1, 2);
    expect(r.reason).toBe('diverged');
    expect(Math.abs(r.iterations - 511)).toBeLessThan(60);
  });
});

describe('CG with processor-local symmetric SOR (-ksp_type cg -pc_sor_local_symmetric)', () => {
  test.each([
    [gr, 'gr_30_30', 2, 1, 38],
    [gr, 'gr_30_30', 2, 1.5, 29],
    [gr, 'gr_30_30', 2, 1.8, 32],
    [bcsstk03, 'bcsstk03', 2, 1, 100],
    [bcsstk03, 'bcsstk03', 2, 1.5, 116],
    [bcsstk03, 'bcsstk03', 2, 1.8, 156],
    [bcsstk03, 'bcsstk03', 3, 1.2, 107],
    [bcsstk03, 'bcsstk03', 4, 1.2, 107],
  ])('%s on %i ranks at omega %f: PETSc counts %i (within 2: CG rounding)', (a, _name, ranks, omega, petsc) => {
    const r = localSsorPcg(a, ones(a.rows), omega, ranks);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.iterations - petsc)).toBeLessThanOrEqual(2);
  });
});
