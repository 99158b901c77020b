import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportDocument } from '../../src/core/export/exportJson';
import { runChild, type ChildResult } from '../helpers/childProcess';
import { petscCountsAcrossBlas, petscSolve, REPO, requirePetsc4py } from './petscHarness';
import { buildCommandEntry } from './serveHarness';

let exportJs = '';
beforeAll(async () => {
  requirePetsc4py();
  exportJs = await buildCommandEntry('export', 'runExport');
});

function relaxExport(args: string[]): Promise<ChildResult> {
  return runChild(process.execPath, [exportJs, ...args], { cwd: REPO });
}

describe('relax export', () => {
  it.each([
    ['sor', 'samples/gr_30_30.mtx', 1],
    ['ssor-cg', 'samples/gr_30_30.mtx', 2],
    ['ssor-cg', 'samples/bcsstk03.mtx', 2],
  ] as const)(
    'tunes %s on %s and PETSc with the exported options counts what Relax measured',
    async (method, matrix, slack) => {
      const r = await relaxExport([matrix, '--format', 'json', '--method', method]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const doc = JSON.parse(r.stdout) as ExportDocument;
      expect(doc).toMatchObject({ method, tolerance: 1e-8, maxIterations: 10000, measured: { converged: true } });
      const petsc = await petscSolve(matrix, doc.petsc.sequential);
      expect(petsc.converged).toBe(true);
      expect(Math.abs(petsc.iterations - (doc.measured?.iterations ?? -1))).toBeLessThanOrEqual(slack);
    },
  );

  it('a tuned SOR omega beats omega = 1.5 in PETSc too', async () => {
    const doc = JSON.parse((await relaxExport(['samples/gr_30_30.mtx', '--format', 'json'])).stdout) as ExportDocument;
    expect((await petscSolve('samples/gr_30_30.mtx', doc.petsc.sequential)).iterations).toBeLessThan(387);
  });

  it('--omega exports the given value with the count measured at it; --variant writes an options file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-export-'));
    const file = join(dir, 'mpi.opts');
    const r = await relaxExport([
      'samples/gr_30_30.mtx',
      '--omega',
      '1.5',
      '--method',
      'ssor-cg',
      '--variant',
      'mpi',
      '--out',
      file,
    ]);
    expect(r.status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('-pc_sor_local_symmetric');
    expect(text).toContain('Relax measured 20 iterations on 1 process');
    const petsc = await petscSolve('samples/gr_30_30.mtx', ['-options_file', file], 2);
    expect(petsc).toMatchObject({ ranks: 2, converged: true });
  });

  it('the human-readable output labels both variants', async () => {
    const r = await relaxExport(['samples/gr_30_30.mtx', '--omega', '1.8']);
    expect(r.stdout).toMatch(/SOR, sequential \(1 process\)/);
    expect(r.stdout).toMatch(/SOR, MPI \(several processes\): processor-local SOR/);
    expect(r.stdout).toContain('Relax measured 97 sweeps on gr_30_30.mtx');
  });

  it.each([
    [['samples/missing.mtx'], 2, /samples\/missing.mtx:1: /],
    [
      ['samples/gr_30_30.mtx', '--format', 'yaml'],
      2,
      /^relax export: --format must be one of petsc, scipy, json, got 'yaml'\n$/,
    ],
    [['samples/gr_30_30.mtx', '--omega', '2'], 2, /--omega must be a number strictly between 0 and 2/],
    [['samples/gr_30_30.mtx', '--max-it', '5'], 2, /no omega in \[1, 1.99\] made sor converge within 5 iterations/],
    [[], 2, /^relax export: missing FILE \(relax export FILE\.mtx\)\n$/],
  ])('fails with one clear line and no stack trace: %j', async (args, status, message) => {
    const r = await relaxExport(args);
    expect(r.status).toBe(status);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('relax export --ranks N: tuned and counted for PETSc on N MPI ranks (mpiexec)', () => {
  it.each([
    ['sor', 'samples/gr_30_30.mtx', 2, 0],
    ['sor', 'samples/gr_30_30.mtx', 3, 0],
    ['ssor-cg', 'samples/gr_30_30.mtx', 2, 2],
    ['ssor-cg', 'samples/bcsstk03.mtx', 2, 2],
  ] as const)('%s on %s, %i ranks: PETSc counts what the MPI variant says', async (method, matrix, ranks, slack) => {
    const r = await relaxExport([matrix, '--format', 'json', '--method', method, '--ranks', String(ranks)]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as ExportDocument;
    expect(doc).toMatchObject({ method, ranks, measured: { converged: true } });
    const petsc = await petscSolve(matrix, doc.petsc.mpi, ranks);
    expect(petsc).toMatchObject({ ranks, converged: true });
    expect(Math.abs(petsc.iterations - (doc.measured?.iterations ?? -1))).toBeLessThanOrEqual(slack);
    // The omega tuned for these ranks is no worse there than the one tuned for a single process.
    const single = JSON.parse(
      (await relaxExport([matrix, '--format', 'json', '--method', method])).stdout,
    ) as ExportDocument;
    expect(petsc.iterations).toBeLessThanOrEqual(
      (await petscSolve(matrix, single.petsc.mpi, ranks)).iterations + slack,
    );
  });

  it('bcsstk03 SOR on 2 ranks: tuning says the local form diverges and names what converges; at a chosen omega the export warns, and PETSc agrees', async () => {
    const tuned = await relaxExport(['samples/bcsstk03.mtx', '--ranks', '2']);
    expect(tuned.status).toBe(2);
    expect(tuned.stderr).toMatch(
      /no omega in \[1, 1\.99\] made sor converge on 2 ranks \(processor-local\).*solves stopped: diverged.*CG with local symmetric SOR converges there in \d+ iterations/,
    );
    expect(tuned.stderr.trim().split('\n')).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'relax-ranks-'));
    const file = join(dir, 'mpi.opts');
    const chosen = await relaxExport([
      'samples/bcsstk03.mtx',
      '--ranks',
      '2',
      '--omega',
      '1.5',
      '--variant',
      'mpi',
      '--out',
      file,
    ]);
    expect(chosen.status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(
      /WARNING: processor-local SOR on 2 ranks.*does not converge at this omega \(diverged after 29 sweeps\)/,
    );
    // The fallback line is the exported MPI SSOR-CG option set, stopping rule included: PETSc runs it as printed.
    const works =
      /What works on 2 ranks: (-ksp_type cg -pc_type sor -pc_sor_local_symmetric -pc_sor_omega 1 -ksp_norm_type unpreconditioned -ksp_rtol 1e-8 -ksp_atol 0 -ksp_max_it 10000) converges in (\d+) iterations/.exec(
        text,
      );
    expect(works).not.toBeNull();
    const petscSor = await petscSolve('samples/bcsstk03.mtx', ['-options_file', file], 2);
    expect(petscSor).toMatchObject({ converged: false, reason: 'DIVERGED_DTOL', iterations: 29 });
    // bcsstk03 (cond ~7e6): PETSc's own count moves with its BLAS kernel; Relax's is within 2 of that range.
    const petscCg = await petscCountsAcrossBlas('samples/bcsstk03.mtx', (works?.[1] ?? '').split(' '), 2);
    expect(petscCg.every((r) => r.converged)).toBe(true);
    const counts = petscCg.map((r) => r.iterations);
    expect(Number(works?.[2])).toBeGreaterThanOrEqual(Math.min(...counts) - 2);
    expect(Number(works?.[2])).toBeLessThanOrEqual(Math.max(...counts) + 2);
  });

  it('--ranks is validated like every other option', async () => {
    for (const [args, message] of [
      [['--ranks', '0'], /--ranks must be an integer in 1\.\.4096, got '0'/],
      [['--ranks', '901'], /ranks = 901 is more than the matrix's 900 rows/],
      [['--ranks', '2', '--variant', 'sequential'], /--ranks N > 1 describes the mpi variant/],
    ] as const) {
      const r = await relaxExport(['samples/gr_30_30.mtx', ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
