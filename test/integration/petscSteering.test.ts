// relax_petsc.KspSteering in a real petsc4py run (PETSc's signal handlers installed) at 1 and 2
// ranks while rank 0's relax serve is killed (SIGKILL) or stopped (SIGSTOP): the simulation
// finishes, the fallback steps are counted, and the session resumes from its state file at the
// acknowledged step. Also: `pip install ./python` gives an importable relax-client package.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../helpers/childProcess';
import { DEBIAN_PYTHON, petscEnv, REPO, requirePetsc4py } from './petscHarness';
import { buildServeEntry } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  requirePetsc4py();
  serveJs = await buildServeEntry();
});

interface PetscDrill {
  ranks: number;
  steps: number;
  fallbackSteps: number;
  learnedSteps: number;
  observedSteps: number;
  observedAtFault: number | null;
  resumedSteps: number;
  resumedAt: number | null;
  reconnects: number;
  serviceSteps: number;
  warnings: string[];
  estimates: number;
  estimateIterations: number;
  totalIterations: number;
}

async function drill(ranks: number, fault: string, extra: string[] = []): Promise<{ out: PetscDrill; stderr: string }> {
  const r = await runChild(
    'mpiexec',
    [
      '--oversubscribe',
      '-n',
      String(ranks),
      DEBIAN_PYTHON,
      join(REPO, 'python/tests/petsc_faults.py'),
      '--serve',
      `${process.execPath} ${serveJs}`,
      '--fault',
      fault,
      ...extra,
    ],
    { env: petscEnv() },
  );
  expect(r.status, r.stderr).toBe(0);
  return { out: JSON.parse(r.stdout.trim().split('\n').pop() as string) as PetscDrill, stderr: r.stderr };
}

describe('KspSteering under service faults (petsc4py, mpiexec)', async () => {
  it.each([
    [1, 'kill'],
    [1, 'stop'],
    [2, 'kill'],
    [2, 'stop'],
  ])('%i rank(s), %s', async (ranks, fault) => {
    const { out, stderr } = await drill(ranks, fault);
    expect(stderr).not.toMatch(/PETSC ERROR|MPI_ABORT|Traceback/);
    expect(out.ranks).toBe(ranks);
    expect(out.resumedAt).not.toBeNull();
    expect(out.steps).toBe(Math.max(80, (out.resumedAt as number) + 20));
    expect(out.learnedSteps + out.fallbackSteps).toBe(out.steps);
    expect(out.fallbackSteps).toBeGreaterThanOrEqual(1);
    expect(out.reconnects).toBe(1);
    // saveEvery 1: every acknowledged observe was on disk, so the resumed session starts there.
    expect(out.observedAtFault).toBe(30);
    expect(out.resumedSteps).toBe(30);
    expect(out.serviceSteps).toBe(out.observedSteps);
    expect(out.warnings[0]).toMatch(
      fault === 'kill' ? /closed the connection|connection lost/ : /did not reply within 2.0 s/,
    );
  });

  it('auto over the wire: the helper sends PETSc Jacobi estimates (at most one per 1/64 of the context range) and auto stays within 3 % of chebcb', async () => {
    const auto = (await drill(1, 'none', ['--learner', 'auto', '--steps', '300'])).out;
    const chebcb = (await drill(1, 'none', ['--learner', 'chebcb', '--steps', '300'])).out;
    expect(auto.learnedSteps).toBe(300);
    expect(auto.estimates).toBeGreaterThan(0);
    expect(auto.estimates).toBeLessThanOrEqual(65);
    expect(auto.estimateIterations).toBe(20 * auto.estimates);
    expect(chebcb.estimates).toBe(0);
    // auto's promise (issue 17) is never more than 3 % above chebcb, not a strict win on every 300-step run.
    expect(auto.totalIterations).toBeLessThanOrEqual(1.03 * chebcb.totalIterations);
  });

  it('`pip install ./python` installs relax-client with both modules', () => {
    const venv = join(mkdtempSync(join(tmpdir(), 'relax-pip-')), 'venv');
    const mk = spawnSync(DEBIAN_PYTHON, ['-m', 'venv', '--system-site-packages', venv], { encoding: 'utf8' });
    expect(mk.status, mk.stderr).toBe(0);
    const py = join(venv, 'bin/python');
    const build = mkdtempSync(join(tmpdir(), 'relax-pip-src-'));
    // Offline: the system's setuptools builds it; the source is copied so no build files land in the repository.
    spawnSync('cp', ['-r', join(REPO, 'python'), build]);
    const pip = spawnSync(
      py,
      ['-m', 'pip', 'install', '--no-build-isolation', '--no-index', '--quiet', join(build, 'python')],
      { encoding: 'utf8' },
    );
    expect(pip.status, pip.stderr).toBe(0);
    const probe = spawnSync(
      py,
      [
        '-c',
        'import relax_client, relax_petsc, importlib.metadata as m; print(m.version("relax-client"), relax_client.__file__.startswith(__import__("sys").prefix))',
      ],
      {
        cwd: '/',
        encoding: 'utf8',
      },
    );
    expect(probe.stdout.trim()).toBe('0.2.0 True');
  });
});
