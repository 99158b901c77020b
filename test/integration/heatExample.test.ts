import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { heat2dSequence } from '../../src/core/sequences/heat2d';
import { validateSpec } from '../../src/core/sequences/spec';
import type { Heat2dSpec } from '../../src/core/sequences/spec';
import { ssorPcg } from '../../src/core/solvers/ssorPcg';
import { readSnapshot } from '../../src/node/serveState';
import { runChildOk } from '../helpers/childProcess';
import { DEBIAN_PYTHON, petscEnv, REPO, requirePetsc4py } from './petscHarness';
import { buildServeEntry } from './serveHarness';

const EXAMPLE = resolve(REPO, 'examples/heat_petsc.py');
let serveJs = '';

beforeAll(async () => {
  requirePetsc4py();
  serveJs = await buildServeEntry();
});

interface ExampleResult {
  mode: string;
  ranks: number;
  steps: number;
  totalIterations: number;
  unconverged: number;
  serviceSteps?: number;
  medianRoundTripMs?: number;
}

async function runExample(ranks: number, args: string[]): Promise<ExampleResult> {
  const env = { ...petscEnv(), RELAX_SERVE: `${process.execPath} ${serveJs}` };
  const cmd = [DEBIAN_PYTHON, EXAMPLE, ...args];
  const out =
    ranks === 1
      ? await runChildOk(cmd[0], cmd.slice(1), { env })
      : await runChildOk('mpiexec', ['--allow-run-as-root', '--oversubscribe', '-n', String(ranks), ...cmd], { env });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as ExampleResult;
}

interface StepRecord {
  step: number;
  kappa: number;
  omega: number;
  iterations: number;
}

describe('examples/heat_petsc.py', () => {
  it('PETSc counts the same SSOR-CG iterations per step as Relax on the heat2d sequence (1 rank)', async () => {
    const records = join(mkdtempSync(join(tmpdir(), 'relax-heat-')), 'steps.jsonl');
    // kappa peaks (10) at t = 0.75, step 750 of 5000: the run covers the hard systems too.
    const instances = 780;
    await runExample(1, [
      '--nx',
      '20',
      '--mode',
      'fixed',
      '--omega',
      '1.5',
      '--instances',
      String(instances),
      '--records',
      records,
    ]);
    const petsc = readFileSync(records, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StepRecord);
    expect(petsc).toHaveLength(instances);

    const { spec, issues } = validateSpec(
      { kind: 'heat2d', nx: 20, instances, solver: 'ssor-cg' },
      'heat.relax.json',
      REPO,
    );
    expect(issues).toEqual([]);
    const stream = heat2dSequence(spec as Heat2dSpec).open();
    const relax: number[] = [];
    for (let inst = await stream.next(); inst; inst = await stream.next()) {
      const r = ssorPcg(inst.A, inst.b, 1.5, { x0: inst.x0, tol: 1e-8, maxIterations: 10000 });
      expect(r.converged).toBe(true);
      relax.push(r.iterations);
      expect(inst.context).toBeCloseTo(petsc[inst.t].kappa, 12);
      stream.accept(r.x);
    }
    let worst = 0;
    for (let t = 0; t < instances; t++) worst = Math.max(worst, Math.abs(relax[t] - petsc[t].iterations));
    expect(worst).toBeLessThanOrEqual(2);
    expect(Math.max(...relax.slice(740))).toBeGreaterThan(5);
  });

  it('learns omega from relax serve on 2 ranks and resumes from the state file', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'relax-heat-')), 'heat.json');
    const first = await runExample(2, ['--nx', '16', '--instances', '30', '--state-file', stateFile, '--seed', '4']);
    expect(first).toMatchObject({ mode: 'learned', ranks: 2, steps: 30, unconverged: 0, serviceSteps: 30 });
    expect(first.medianRoundTripMs).toBeGreaterThan(0);
    expect(readSnapshot(stateFile)?.steps).toBe(30);
    const second = await runExample(2, ['--nx', '16', '--instances', '10', '--state-file', stateFile, '--seed', '4']);
    expect(second.serviceSteps).toBe(40);
    expect(readSnapshot(stateFile)?.totalIterations).toBe(first.totalIterations + second.totalIterations);
  });
});
