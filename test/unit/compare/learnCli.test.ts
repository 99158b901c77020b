import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runLearn } from '../../../src/cli/learn';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

function specFile(spec: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'relax-learn-'));
  const file = join(dir, 'seq.relax.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const small = {
  kind: 'diagonal-shift',
  matrix: { laplacian2d: 4 },
  instances: 25,
  seed: 2,
  omegaGrid: { min: 1, max: 1.9, points: 10 },
};

afterEach(() => vi.restoreAllMocks());

describe('relax learn', () => {
  it('prints the totals as JSON and writes per-instance records as CSV', async () => {
    const file = specFile(small);
    const records = join(file, '..', 'records.csv');
    const io = capture();
    expect(await runLearn([file, '--learner', 'fixed=1.4', '--json', '--records', records])).toBe(0);
    const json = JSON.parse(io.out());
    expect(json).toMatchObject({
      learner: 'fixed=1.4',
      hindsight: false,
      instances: 25,
      unconverged: 0,
      extraSweeps: 0,
    });
    expect(json.totalCost).toBe(json.totalIterations);
    const lines = readFileSync(records, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seed,learner,hindsight,t,context,omega,iterations,converged,seconds,extraSweeps');
    expect(lines).toHaveLength(26);
    const sum = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[6]), 0);
    expect(sum).toBe(json.totalIterations);
  });

  it('--warm-start starts each solve from the previous solution: a repeated SSOR-CG system then costs nothing', async () => {
    const repeated = {
      kind: 'diagonal-shift',
      matrix: { laplacian2d: 6 },
      instances: 3,
      solver: 'ssor-cg',
      rhs: 'ones',
      shift: { low: 0.1, width: 0, beta: [1, 1] },
    };
    const file = specFile(repeated);
    const records = join(file, '..', 'warm.json');
    let io = capture();
    expect(await runLearn([file, '--learner', 'fixed=1.5', '--json'])).toBe(0);
    const cold = JSON.parse(io.out()).totalIterations as number;
    vi.restoreAllMocks();
    io = capture();
    expect(await runLearn([file, '--learner', 'fixed=1.5', '--warm-start', '--json', '--records', records])).toBe(0);
    expect(JSON.parse(io.out()).totalIterations).toBe(cold / 3);
    const saved = JSON.parse(readFileSync(records, 'utf8')) as unknown;
    expect(JSON.stringify(saved)).toMatch(/"iterations":0/);
  });

  it('--seeds K with one learner reports every seed, each a different draw of the sequence', async () => {
    const file = specFile(small);
    const io = capture();
    expect(await runLearn([file, '--learner', 'fixed=1.3', '--seeds', '3', '--seed', '10', '--json'])).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.seeds.map((s: { seed: number }) => s.seed)).toEqual([10, 11, 12]);
    const totals = json.seeds.map((s: { totalIterations: number }) => s.totalIterations);
    expect(new Set(totals).size).toBeGreaterThan(1);
  });

  it('--compare adds best-fixed and grid-optimal, labels hindsight, and gives ratios per seed', async () => {
    const file = specFile(small);
    const io = capture();
    expect(await runLearn([file, '--compare', 'tsallis-inf,instance-optimal', '--seeds', '2', '--json'])).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.summary.map((s: { learner: string }) => s.learner)).toEqual([
      'tsallis-inf',
      'instance-optimal',
      'best-fixed',
      'grid-optimal',
    ]);
    expect(json.summary.map((s: { hindsight: boolean }) => s.hindsight)).toEqual([false, true, true, true]);
    expect(json.runs).toHaveLength(2);
    for (const run of json.runs) {
      const bf = run.results.find((r: { learner: string }) => r.learner === 'best-fixed');
      expect(bf.toBestFixed).toBe(1);
      const io2 = run.results.find((r: { learner: string }) => r.learner === 'instance-optimal');
      expect(io2.toGridOptimal).toBeLessThanOrEqual(1);
    }
    const worst = json.summary[0].ratios.worst.toBestFixed;
    const perSeed = json.runs.map((r: { results: { toBestFixed: number }[] }) => r.results[0].toBestFixed);
    expect(worst).toBe(Math.max(...perSeed));
  });

  it('prints a text table naming hindsight comparators', async () => {
    const file = specFile(small);
    const io = capture();
    expect(await runLearn([file, '--compare', 'fixed=1.2'])).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[1]).toMatch(/^policy\s+total iters\s+extra sweeps\s+total cost\s+\/ best-fixed\s+\/ grid-opt/);
    expect(lines.find((l) => l.startsWith('best-fixed'))).toMatch(/hindsight, omega=/);
    expect(lines.find((l) => l.startsWith('fixed=1.2'))).not.toMatch(/hindsight/);
  });

  it('reports a bad spec in one line on stderr with exit code 2', async () => {
    const file = specFile({ ...small, shift: { beta: [1, 0] } });
    const io = capture();
    expect(await runLearn([file])).toBe(2);
    expect(io.err()).toBe(`relax learn: ${file}: $.shift.beta[1]: must be a positive number, got 0\n`);
    expect(io.out()).toBe('');
  });

  it('rejects a contextual learner on a sequence without context, and unknown options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-learn-'));
    writeFileSync(join(dir, 'a.mtx'), '%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n1 1 4\n2 2 4\n2 1 -1\n');
    const file = join(dir, 'seq.relax.json');
    writeFileSync(file, JSON.stringify({ kind: 'files', files: ['a.mtx'] }));
    const io = capture();
    expect(await runLearn([file, '--learner', 'tsallis-inf-cb'])).toBe(2);
    expect(io.err()).toMatch(/^relax learn: .*context.*\n$/);
    expect(await runLearn([file, '--sed', '3'])).toBe(2);
    expect(io.err()).toMatch(/unknown option --sed/);
  });
});
