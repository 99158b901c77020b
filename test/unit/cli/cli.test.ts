// The built CLI, spawned as a user would: JSON fields, exit codes, one-line errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runChild, type ChildResult } from '../../helpers/childProcess';

const root = resolve(__dirname, '../../..');
const cli = resolve(root, 'dist/cli.js');
const gr = resolve(root, 'samples/gr_30_30.mtx');
let dir = '';

/** Runs the built CLI from the repository root. */
function relax(...args: string[]): Promise<ChildResult> {
  return runChild(process.execPath, [cli, ...args], { cwd: root });
}

function expectOneLineError(r: ChildResult, pattern: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relax-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('relax solve', () => {
  test('--json carries the result fields; published gr_30_30 counts', async () => {
    for (const [method, omega, expected] of [
      ['sor', '1.5', 387],
      ['ssor-cg', '1.0', 28],
    ] as const) {
      const r = await relax('solve', gr, '--method', method, '--omega', omega, '--json');
      expect(r.status).toBe(0);
      const o = JSON.parse(r.stdout);
      expect(o).toMatchObject({ iterations: expected, converged: true, reason: 'converged', method });
      expect(o.relativeResidual).toBeLessThan(1e-8);
      expect(typeof o.seconds).toBe('number');
    }
  });
  test('non-convergence completes with exit 0 and says why', async () => {
    const r = await relax('solve', resolve(root, 'test/fixtures/plat362.mtx'), '--max-iter', '300');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/NOT converged \(max-iterations\) after 300 iterations/);
    expect(r.stdout).toMatch(/hint/);
    const j = JSON.parse((await relax('solve', resolve(root, 'test/fixtures/poisson1033.mtx'), '--json')).stdout);
    expect(j.converged).toBe(false);
    expect(j.reason).toBe('stagnated');
    expect(j.message).toMatch(/singular or inconsistent/);
  });
  test('--rhs aones gives a solution of all ones, written with --out', async () => {
    const out = join(dir, 'x.mtx');
    const r = await relax('solve', gr, '--method', 'cg', '--rhs', 'aones', '--tol', '1e-12', '--out', out, '--json');
    expect(r.status).toBe(0);
    const values = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('%'))
      .slice(1)
      .map(Number);
    expect(values).toHaveLength(900);
    for (const v of values) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
  });
  test('--rhs random is reproducible by seed', async () => {
    const a = JSON.parse((await relax('solve', gr, '--rhs', 'random', '--seed', '7', '--json')).stdout);
    const b = JSON.parse((await relax('solve', gr, '--rhs', 'random', '--seed', '7', '--json')).stdout);
    const c = JSON.parse((await relax('solve', gr, '--rhs', 'random', '--seed', '8', '--json')).stdout);
    expect(a.relativeResidual).toBe(b.relativeResidual);
    expect(c.relativeResidual).not.toBe(a.relativeResidual);
  });
  test('a right-hand side file of the wrong length is refused', async () => {
    const bfile = join(dir, 'b.mtx');
    writeFileSync(bfile, '%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n');
    expectOneLineError(await relax('solve', gr, '--rhs', bfile), /3 entries but the matrix has 900 rows/);
  });
});

describe('bad input: exit 2 with one line on stderr', () => {
  test('headerless file names line 1', async () => {
    expectOneLineError(
      await relax('solve', resolve(root, 'test/fixtures/nos4-headerless.mtx')),
      /nos4-headerless\.mtx:1: /,
    );
    expectOneLineError(
      await relax('info', resolve(root, 'test/fixtures/nos4-headerless.mtx'), '--json'),
      /nos4-headerless\.mtx:1: /,
    );
  });
  test('missing file', async () => {
    expectOneLineError(await relax('solve', join(dir, 'missing.mtx')), /missing\.mtx.*no such file/);
    expectOneLineError(await relax('tune', join(dir, 'missing.mtx')), /no such file/);
  });
  test('omega out of range, unknown option, unknown method, unknown command', async () => {
    expectOneLineError(await relax('solve', gr, '--omega', '2.5'), /--omega must be in \(0, 2\)/);
    expectOneLineError(await relax('solve', gr, '--bogus'), /unknown option --bogus/);
    expectOneLineError(await relax('solve', gr, '--method', 'gmres'), /--method must be one of sor, ssor-cg, cg/);
    expectOneLineError(await relax('frobnicate'), /unknown command 'frobnicate'/);
    expectOneLineError(await relax('tune', gr, '--range', '1,2'), /--range must lie inside \(0, 2\)/);
  });
  test('zero diagonal names the row', async () => {
    const z = join(dir, 'zero.mtx');
    writeFileSync(z, '%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 1\n2 2 0\n3 3 1\n2 3 1\n');
    expectOneLineError(await relax('solve', z), /row 2 has diagonal entry 0/);
  });
  test('a pattern matrix can be inspected but not solved', async () => {
    const pat = join(dir, 'pattern.mtx');
    writeFileSync(pat, '%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 1\n2 2\n');
    expect((await relax('info', pat)).status).toBe(0);
    expectOneLineError(await relax('solve', pat), /pattern\.mtx:1: .*pattern/);
  });
});

describe('relax info, tune, bench, help', () => {
  test('info --json reports structure and estimates; --no-estimates skips them', async () => {
    const o = JSON.parse((await relax('info', gr, '--json')).stdout);
    expect(o).toMatchObject({
      rows: 900,
      cols: 900,
      storedEntries: 7744,
      symmetry: 'symmetric',
      field: 'integer',
      numericallySymmetric: true,
    });
    expect(o.diagonal).toMatchObject({ min: 8, max: 8, zeros: 0 });
    expect(o.estimates.rho).toBeGreaterThan(0.99);
    expect(o.estimates.rho).toBeLessThan(1);
    expect(o.estimates.youngOmega).toBeGreaterThan(1.7);
    const quick = JSON.parse((await relax('info', gr, '--json', '--no-estimates')).stdout);
    expect(quick.estimates).toBeNull();
    expect(quick.estimatesSkipped).toBe('--no-estimates');
  });
  test('tune --json has omega, curve and baselines', async () => {
    const r = await relax('tune', gr, '--json');
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.iterations).toBeLessThanOrEqual(97);
    expect(o.curve.length).toBe(o.evaluations);
    expect(o.baselines.omega1.iterations).toBe(1185);
    expect(o.baselines.young.omega).toBeGreaterThan(1.7);
  });
  test('tune --json on a converged search: reason converged, no message', async () => {
    const o = JSON.parse((await relax('tune', gr, '--json')).stdout);
    expect(o).toMatchObject({ converged: true, reason: 'converged' });
    expect(o.message).toBeUndefined();
  });
  test('tune --json --method ssor-cg on orsirr_1 (nonsymmetric): refused before any solve, no count anywhere', async () => {
    const r = await relax('tune', resolve(root, 'test/fixtures/orsirr_1.mtx'), '--method', 'ssor-cg', '--json');
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({
      converged: false,
      reason: 'not-applicable',
      evaluations: 0,
      totalIterations: 0,
      curve: [],
    });
    expect(o.message).toMatch(/^SSOR-CG does not apply: A is not symmetric .*\.$/);
    expect(o).not.toHaveProperty('iterations');
    expect(o).not.toHaveProperty('omega');
  });
  test.each(['ssor-cg', 'cg'])(
    'solve --json --method %s on orsirr_1 (nonsymmetric): refused before any iteration',
    async (method) => {
      const r = await relax('solve', resolve(root, 'test/fixtures/orsirr_1.mtx'), '--method', method, '--json');
      expect(r.status).toBe(0);
      const o = JSON.parse(r.stdout);
      expect(o).toMatchObject({ method, iterations: 0, converged: false, reason: 'not-applicable' });
      expect(o.message).toMatch(
        new RegExp(`^${method === 'cg' ? 'CG' : 'SSOR-CG'} does not apply: A is not symmetric`),
      );
      const text = await relax('solve', resolve(root, 'test/fixtures/orsirr_1.mtx'), '--method', method);
      expect(text.stdout).toMatch(/refused\s+\S+ does not apply: A is not symmetric/);
    },
  );
  // Counts from PETSc 3.18 under mpiexec -n 2 (see test/unit/solvers/processorLocal.test.ts for the command).
  test('solve --ranks 2: processor-local SOR counts what PETSc counts on 2 ranks; a diverging one says what to try', async () => {
    const o = JSON.parse((await relax('solve', gr, '--omega', '1.5', '--ranks', '2', '--json')).stdout);
    expect(o).toMatchObject({ ranks: 2, iterations: 451, converged: true });
    const cg = JSON.parse(
      (await relax('solve', gr, '--method', 'ssor-cg', '--omega', '1.5', '--ranks', '2', '--json')).stdout,
    );
    expect(cg).toMatchObject({ ranks: 2, iterations: 29, converged: true });
    const text = await relax('solve', resolve(root, 'samples/bcsstk03.mtx'), '--omega', '1.5', '--ranks', '2');
    expect(text.stdout).toMatch(/NOT converged \(diverged\) after 29 iterations/);
    expect(text.stdout).toMatch(/hint\s+processor-local SOR on 2 ranks diverges here .*try --method ssor-cg/);
  });
  test('tune --ranks 2 --json: tunes the local form from a coarse bracket; where it diverges everywhere the message names SSOR-CG', async () => {
    const o = JSON.parse((await relax('tune', gr, '--ranks', '2', '--json')).stdout);
    expect(o).toMatchObject({ ranks: 2, converged: true });
    expect(o.iterations).toBeLessThan(182); // omega = 1.8 on 2 ranks takes 182 sweeps in PETSc
    expect(o.prior.note).toMatch(/processor-local form on 2 ranks: Young's omega\* \(global SOR\) does not apply/);
    const b = JSON.parse((await relax('tune', resolve(root, 'samples/bcsstk03.mtx'), '--ranks', '2', '--json')).stdout);
    expect(b).toMatchObject({ ranks: 2, converged: false, reason: 'diverged' });
    expect(b.message).toMatch(
      /^Every processor-local SOR \(2 ranks\) solve diverged .*processor-local SSOR-CG \(2 ranks\) converged in \d+ iterations at ω = 1\.$/,
    );
  });
  test.each([
    [['solve', gr, '--ranks', '0'], /--ranks must be an integer in 1\.\.4096, got '0'/],
    [['solve', gr, '--ranks', '901'], /ranks = 901 is more than the matrix's 900 rows/],
    [['solve', gr, '--method', 'cg', '--ranks', '2'], /--ranks applies to --method sor and ssor-cg/],
    [['tune', gr, '--ranks', '2.5'], /--ranks must be an integer/],
  ])('bad --ranks: %j is one clear line', async (args, pattern) => {
    expectOneLineError(await relax(...args), pattern);
  });
  test('tune --json --method sor on poisson1033 (singular): stagnated, each point with the count it ran', async () => {
    const o = JSON.parse(
      (await relax('tune', resolve(root, 'test/fixtures/poisson1033.mtx'), '--method', 'sor', '--json')).stdout,
    );
    expect(o).toMatchObject({ converged: false, reason: 'stagnated' });
    expect(o.message).toMatch(/^Every SOR solve stagnated .*singular or inconsistent/);
    expect(o).not.toHaveProperty('iterations');
    for (const p of o.curve) expect(p).toMatchObject({ converged: false, reason: 'stagnated' });
    expect(o.curve.every((p: { iterations: number }) => p.iterations < 10000)).toBe(true);
  });
  test('info --json: symmetry by relative tolerance and exactly, reported apart', async () => {
    const o = JSON.parse(
      (await relax('info', resolve(root, 'test/fixtures/orsirr_1.mtx'), '--json', '--no-estimates')).stdout,
    );
    expect(o).toMatchObject({ numericallySymmetric: false, exactlySymmetric: false, symmetryTolerance: 1e-12 });
    // SciPy: abs(A - A.T).max() / abs(A).max() on orsirr_1.
    expect(o.relativeAsymmetry).toBeCloseTo(0.6229141289067242, 14);
    expect(JSON.parse((await relax('info', gr, '--json', '--no-estimates')).stdout)).toMatchObject({
      numericallySymmetric: true,
      exactlySymmetric: true,
      relativeAsymmetry: 0,
    });
  });
  test('bench sor --json prints sweeps, seconds, secondsPerSweep', async () => {
    const o = JSON.parse((await relax('bench', 'sor', gr, '--omega', '1.5', '--sweeps', '20', '--json')).stdout);
    expect(o.sweeps).toBe(20);
    expect(o.seconds).toBeGreaterThan(0);
    expect(o.secondsPerSweep).toBeCloseTo(o.seconds / 20, 12);
  });
  test('--help lists commands; per-command help', async () => {
    const h = await relax('--help');
    expect(h.status).toBe(0);
    for (const c of ['info', 'solve', 'tune', 'bench']) expect(h.stdout).toContain(c);
    expect((await relax('solve', '--help')).stdout).toMatch(/--method sor\|ssor-cg\|cg/);
  });
});
