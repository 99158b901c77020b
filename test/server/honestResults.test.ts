// What the editor says about tunings that cannot or did not converge: the saved record, the lens and the hover.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver/node';
import {
  InfoRequest,
  ResultsRequest,
  SolveRequest,
  TuneRequest,
  type TuneMethod,
  type TuneRecord,
} from '../../src/protocol';
import { DEFAULT_RUN_SETTINGS } from '../../src/server/settings';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

let ws: string;
let server: TestServer;
const uriOf = (name: string): string => fileUri(path.join(ws, name));

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-honest-'));
  for (const name of ['orsirr_1.mtx', 'poisson1033.mtx'])
    copyFileSync(path.join(ROOT, 'test/fixtures', name), path.join(ws, name));
  copyFileSync(path.join(ROOT, 'samples', 'gr_30_30.mtx'), path.join(ws, 'legacy.mtx'));
  copyFileSync(path.join(ROOT, 'samples', 'gr_30_30.mtx'), path.join(ws, 'capped.mtx'));
  server = await startServer(ws);
});

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

async function tune(name: string, method: TuneMethod, settings = DEFAULT_RUN_SETTINGS): Promise<TuneRecord> {
  const out = await server.conn.sendRequest(TuneRequest, { uri: uriOf(name), method, settings });
  expect(out.status).toBe('completed');
  if (out.status !== 'completed') throw new Error(out.message);
  const saved = JSON.parse(readFileSync(path.join(ws, '.relax', `${name}.${method}.json`), 'utf8')) as TuneRecord;
  expect(saved).toEqual(out.result.record);
  return saved;
}

async function lensTitles(name: string): Promise<string[]> {
  const lenses = await server.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(name) } });
  return lenses?.map((l) => l.command?.title ?? '') ?? [];
}

async function hover(name: string): Promise<string> {
  const h = await server.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(name) },
    position: { line: 0, character: 0 },
  });
  return (h?.contents as MarkupContent).value;
}

describe('honest tuning results in the server', () => {
  it('refuses SSOR-CG on orsirr_1 before any solve: saved with reason not-applicable, said in the lens and hover, no PETSc options', async () => {
    const rec = await tune('orsirr_1.mtx', 'ssor-cg');
    expect(rec).toMatchObject({
      converged: false,
      reason: 'not-applicable',
      evaluations: 0,
      curve: [],
      baselines: { omega1: { reason: 'not-run', iterations: 0, converged: false }, young: null },
    });
    expect(rec).not.toHaveProperty('iterations');
    expect(rec.message).toMatch(/^SSOR-CG does not apply: A is not symmetric/);
    const titles = await lensTitles('orsirr_1.mtx');
    expect(titles).toContain('SSOR-CG does not apply: A is not symmetric');
    expect(titles).not.toContain('Copy PETSc options');
    const text = await hover('orsirr_1.mtx');
    expect(text).toContain('not symmetric (max |aᵢⱼ − aⱼᵢ| / max |aᵢⱼ| = 0.62; tolerance 1e-12 relative)');
    expect(text).toContain('SSOR-CG does not apply: A is not symmetric');
    const info = await server.conn.sendRequest(InfoRequest, { uri: uriOf('orsirr_1.mtx') });
    expect(info.status === 'completed' && info.result.ssorCg.applies).toBe(false);
  });

  it.each(['ssor-cg', 'cg'] as const)(
    'refuses a %s solve on orsirr_1 before any iteration and writes no solution',
    async (method) => {
      const out = await server.conn.sendRequest(SolveRequest, {
        uri: uriOf('orsirr_1.mtx'),
        method,
        omega: 1.2,
        settings: DEFAULT_RUN_SETTINGS,
        writeSolution: true,
      });
      expect(out.status).toBe('completed');
      if (out.status !== 'completed') return;
      expect(out.result).toMatchObject({ method, iterations: 0, converged: false, reason: 'not-applicable' });
      expect(out.result.message).toMatch(
        new RegExp(`^${method === 'cg' ? 'CG' : 'SSOR-CG'} does not apply: A is not symmetric`),
      );
      expect(out.result.solutionUri).toBeUndefined();
    },
  );

  it('reports a singular system (poisson1033, SOR) as stagnated: every saved point keeps its reason and the count it ran', async () => {
    const rec = await tune('poisson1033.mtx', 'sor');
    expect(rec).toMatchObject({ converged: false, reason: 'stagnated' });
    expect(rec.message).toMatch(/^Every SOR solve stagnated .* the system may be singular or inconsistent/);
    expect(rec).not.toHaveProperty('iterations');
    expect(rec.curve.length).toBeGreaterThan(0);
    for (const p of rec.curve) expect(p).toMatchObject({ converged: false, reason: 'stagnated' });
    expect(rec.curve.every((p) => p.iterations < rec.inputs.maxIterations)).toBe(true);
    const titles = await lensTitles('poisson1033.mtx');
    expect(titles).toContain('SOR: every solve stagnated (singular system?)');
    expect(titles).not.toContain('Copy PETSc options');
    expect(titles.join('\n')).not.toMatch(/not converged in 10000/);
    expect(await hover('poisson1033.mtx')).toContain(
      'last tuning (SOR): SOR: every solve stagnated (singular system?). Every SOR solve stagnated',
    );
  });

  it('stops an SSOR-CG tuning at the first not-positive-definite solve (poisson1033)', async () => {
    const rec = await tune('poisson1033.mtx', 'ssor-cg');
    expect(rec).toMatchObject({ converged: false, reason: 'not-positive-definite', evaluations: 1 });
    expect(await lensTitles('poisson1033.mtx')).toContain('SSOR-CG: A is not positive definite (search stopped)');
  });

  it("when nothing converges within the cap, says what to try: the cap setting, and the other method's converged count", async () => {
    // gr_30_30 with a 50-iteration cap: SSOR-CG converges (28 at ω = 1, SciPy-checked in test/unit), SOR needs 96 at best.
    const settings = { ...DEFAULT_RUN_SETTINGS, maxIterations: 50 };
    const ssor = await tune('capped.mtx', 'ssor-cg', settings);
    expect(ssor.converged).toBe(true);
    const sor = await tune('capped.mtx', 'sor', settings);
    expect(sor).toMatchObject({ converged: false, reason: 'max-iterations' });
    expect(sor.message).toMatch(/^No ω in \[1, 1\.99\] converges within 50 iterations.*/);
    expect(sor.message).toContain(
      `; SSOR-CG converged in ${ssor.iterations} iterations at ω = ${Number(ssor.omega?.toPrecision(4))}.`,
    );
    expect(await lensTitles('capped.mtx')).toContain('SOR: no ω converged within 50 iterations');
  });

  it('reads a result saved before reasons were kept without showing its cap as a count', async () => {
    const legacy = {
      kind: 'tune',
      schemaVersion: 1,
      software: { name: 'relax', version: '0.0.9' },
      createdAt: '2026-01-01T00:00:00.000Z',
      matrix: { uri: uriOf('legacy.mtx'), file: 'legacy.mtx', mtimeMs: 0, bytes: 0, rows: 900, storedEntries: 7744 },
      inputs: {
        method: 'sor',
        tolerance: 1e-8,
        maxIterations: 10000,
        omegaRange: [1, 1.99],
        gridPoints: 12,
        rhs: { kind: 'ones' },
        seed: 1,
      },
      omega: 1,
      iterations: 10000,
      converged: false,
      baselines: { omega1: { omega: 1, iterations: 10000, converged: false }, young: null },
      curve: [{ omega: 1, iterations: 10000, converged: false }],
      evaluations: 1,
      seconds: 1,
    };
    const second = mkdtempSync(path.join(tmpdir(), 'relax-legacy-'));
    mkdirSync(path.join(second, '.relax'));
    copyFileSync(path.join(ws, 'legacy.mtx'), path.join(second, 'legacy.mtx'));
    legacy.matrix.uri = fileUri(path.join(second, 'legacy.mtx'));
    writeFileSync(path.join(second, '.relax', 'legacy.mtx.sor.json'), JSON.stringify(legacy));
    const other = await startServer(second);
    try {
      const saved = await other.conn.sendRequest(ResultsRequest, { uri: legacy.matrix.uri });
      const rec = saved.sor?.record;
      expect(rec).toMatchObject({ converged: false, reason: 'max-iterations' });
      expect(rec).not.toHaveProperty('iterations');
      const lenses = await other.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: legacy.matrix.uri } });
      // mtimeMs 0 marks it stale as well.
      expect(lenses?.map((l) => l.command?.title)).toContain(
        'SOR: no ω converged within 10000 iterations (matrix changed since)',
      );
    } finally {
      await other.stop();
      rmSync(second, { recursive: true, force: true });
    }
  });
});
