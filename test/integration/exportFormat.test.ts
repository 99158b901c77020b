import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../src/core/export/exportJson';
import { formatPetscOptions, formatPetscOptionsFile, petscOptionSets } from '../../src/core/export/petscOptions';

const sor = { method: 'sor' as const, omega: 1.83, tolerance: 1e-6, maxIterations: 500 };

describe('PETSc option text', () => {
  it('labels the sequential and MPI variants and carries the run tolerance and cap', () => {
    const text = formatPetscOptions({ ...sor, measured: { iterations: 97, converged: true }, source: 'gr_30_30.mtx' });
    expect(text).toContain('SOR, sequential (1 process)');
    expect(text).toContain('SOR, MPI (several processes)');
    expect(text).toContain('-ksp_rtol 1e-6');
    expect(text).toContain('-ksp_max_it 500');
    expect(text).toContain('Relax measured 97 sweeps on gr_30_30.mtx');
  });

  it('uses forward sweeps with a monitor for SOR and local sweeps for MPI', () => {
    const [seq, par] = petscOptionSets(sor);
    expect(seq.options).toContain('-pc_sor_forward');
    expect(seq.options).toContain('-ksp_monitor ascii:/dev/null');
    expect(par.options).toContain('-pc_sor_local_forward');
    expect(par.options).not.toContain('-pc_sor_forward');
  });

  it('uses symmetric sweeps and CG for SSOR-CG, without a monitor', () => {
    const [seq, par] = petscOptionSets({ ...sor, method: 'ssor-cg' });
    expect(seq.options.slice(0, 3)).toEqual(['-ksp_type cg', '-pc_type sor', '-pc_sor_symmetric']);
    expect(par.options).toContain('-pc_sor_local_symmetric');
    expect(seq.options.some((o) => o.startsWith('-ksp_monitor'))).toBe(false);
  });

  it('writes the exact omega, not a rounded one', () => {
    const doc = exportDocument({ ...sor, omega: 1.8312345678901234 });
    const i = doc.petsc.sequential.indexOf('-pc_sor_omega');
    expect(Number(doc.petsc.sequential[i + 1])).toBe(1.8312345678901234);
  });

  it('options files have one option per line after comments', () => {
    const lines = formatPetscOptionsFile(sor, 'mpi').trim().split('\n');
    const options = lines.filter((l) => !l.startsWith('#'));
    expect(options[0]).toBe('-ksp_type richardson');
    expect(options).toContain('-pc_sor_local_forward');
  });

  it.each([
    [{ ...sor, omega: 2 }, /omega must be strictly between 0 and 2/],
    [{ ...sor, omega: Number.NaN }, /omega/],
    [{ ...sor, tolerance: 0 }, /tolerance/],
    [{ ...sor, maxIterations: 1.5 }, /maxIterations/],
  ])('rejects settings PETSc would misread: %o', (bad, message) => {
    expect(() => petscOptionSets(bad)).toThrow(message);
  });
});
