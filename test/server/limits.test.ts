import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DiagnosticSeverity,
} from 'vscode-languageserver/node';
import { InfoRequest, LearnRequest, SolveRequest, type RunSettings } from '../../src/protocol';
import { gzipBomb } from '../helpers/gzipBomb';
import { DEFAULT_RUN_SETTINGS } from '../../src/server/settings';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

/** Peak resident set size of a process in bytes since it started (Linux /proc VmHWM). */
function peakRssBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmHWM in /proc status');
  return Number(m[1]) * 1024;
}

let ws: string;
let server: TestServer;

const SETTINGS: RunSettings = { ...DEFAULT_RUN_SETTINGS, tolerance: 1e-10, rhs: { kind: 'a-times-ones' } };

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-limits-'));
  for (const name of ['gr_30_30.mtx', 'bcsstk03.mtx'])
    copyFileSync(path.join(ROOT, 'samples', name), path.join(ws, name));
  server = await startServer(ws, { maxMatrixRows: 500 });
});

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

describe('size limits and solution files', () => {
  it('refuses a matrix above relax.maxMatrixRows on its size line, naming the setting', async () => {
    const uri = fileUri(path.join(ws, 'gr_30_30.mtx'));
    const pending = server.nextDiagnostics(uri);
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'matrix-market',
        version: 1,
        text: readFileSync(path.join(ws, 'gr_30_30.mtx'), 'utf8'),
      },
    });
    const errors = (await pending).diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => [d.range.start.line, d.message])).toEqual([
      [1, 'the matrix has 900 rows, above the limit of 500 (setting relax.maxMatrixRows, flag --max-rows)'],
    ]);
  });

  it('applies a raised limit from didChangeConfiguration to the next check', async () => {
    const uri = fileUri(path.join(ws, 'gr_30_30.mtx'));
    const pending = server.nextDiagnostics(uri);
    await server.conn.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { relax: { maxMatrixRows: 1000 } },
    });
    expect((await pending).diagnostics).toEqual([]);
  });

  it('writes the solution next to the matrix when asked, and it solves the system', async () => {
    const file = path.join(ws, 'bcsstk03.mtx');
    const out = await server.conn.sendRequest(SolveRequest, {
      uri: fileUri(file),
      method: 'ssor-cg',
      omega: 1,
      settings: SETTINGS,
      writeSolution: true,
    });
    expect(out.status).toBe('completed');
    if (out.status !== 'completed') return;
    expect(out.result.converged).toBe(true);
    expect(out.result.solutionUri).toBe(fileUri(path.join(ws, 'bcsstk03.solution.mtx')));
    // b = A * ones, so the solution is ones up to the conditioning of bcsstk03 (~1e6 times the tolerance).
    const lines = readFileSync(path.join(ws, 'bcsstk03.solution.mtx'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('%'));
    const [rows, cols] = lines[0].split(/\s+/).map(Number);
    expect([rows, cols]).toEqual([112, 1]);
    const x = lines.slice(1).map(Number);
    expect(x).toHaveLength(112);
    for (const v of x) expect(Math.abs(v - 1)).toBeLessThan(1e-3);
    const info = await server.conn.sendRequest(InfoRequest, { uri: fileUri(file) });
    expect(info.status).toBe('completed');
  });

  it('refuses a gzip bomb in a learning run with the limit named, and never holds more than 300 MB', async () => {
    // 2.5 MB on disk, 2.5 GB of blank lines behind a 3 x 3 size line.
    writeFileSync(path.join(ws, 'bomb.mtx.gz'), gzipBomb(2560));
    writeFileSync(
      path.join(ws, 'step.mtx'),
      '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 4\n2 2 4\n3 3 4\n',
    );
    const spec = path.join(ws, 'bomb.relax.json');
    writeFileSync(spec, JSON.stringify({ kind: 'files', files: ['step.mtx', 'bomb.mtx.gz'] }));
    const out = await server.conn.sendRequest(LearnRequest, {
      uri: fileUri(spec),
      learner: 'tsallis-inf',
      settings: SETTINGS,
    });
    expect(out.status).toBe('failed');
    if (out.status !== 'failed') return;
    expect(out.message).toMatch(
      /^bomb\.mtx\.gz:\d+: the gzip data expands past 16 MB for 3 declared entries \(256 bytes an entry plus 16 MB\): refused as a gzip bomb; the memory limit \(setting relax\.maxMatrixMemoryMB, flag --max-memory-mb\) caps it further$/,
    );
    // The worker threads live in the server process, so its peak covers the whole run.
    expect(peakRssBytes(server.child.pid as number)).toBeLessThan(300 * 1048576);
  });

  it('builds the same random right-hand side as the CLI for the same seed: same iterations, residual and solution', async () => {
    const file = path.join(ws, 'bcsstk03.mtx');
    const settings: RunSettings = { ...SETTINGS, rhs: { kind: 'random' }, seed: 3 };
    const out = await server.conn.sendRequest(SolveRequest, {
      uri: fileUri(file),
      method: 'ssor-cg',
      omega: 1.2,
      settings,
      writeSolution: true,
    });
    expect(out.status).toBe('completed');
    if (out.status !== 'completed') return;
    const cliOut = path.join(ws, 'cli.solution.mtx');
    const cli = spawnSync(
      'node',
      [
        path.join(ROOT, 'dist/cli.js'),
        'solve',
        file,
        '--method',
        'ssor-cg',
        '--omega',
        '1.2',
        '--tol',
        '1e-10',
        '--rhs',
        'random',
        '--seed',
        '3',
        '--out',
        cliOut,
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(0);
    const r = JSON.parse(cli.stdout) as { iterations: number; relativeResidual: number };
    expect(r.iterations).toBe(out.result.iterations);
    expect(r.relativeResidual).toBe(out.result.relativeResidual);
    const data = (f: string): string[] =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('%'));
    expect(data(cliOut)).toEqual(data(path.join(ws, 'bcsstk03.solution.mtx')));
  });
});
