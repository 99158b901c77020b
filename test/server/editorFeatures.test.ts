import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeLensRequest,
  DidOpenTextDocumentNotification,
  DiagnosticSeverity,
  HoverRequest,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { InfoRequest, SpyRequest } from '../../src/protocol';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

let ws: string;
let server: TestServer;

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-lsp-'));
  copyFileSync(path.join(ROOT, 'samples', 'gr_30_30.mtx'), path.join(ws, 'gr_30_30.mtx'));
  server = await startServer(ws);
});

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

async function open(file: string, text: string): Promise<string> {
  const uri = fileUri(path.join(ws, file));
  await server.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'matrix-market', version: 1, text },
  });
  return uri;
}

describe('language server editor features over IPC', () => {
  it('reports a malformed entry as an error on its own line', async () => {
    const text = [
      '%%MatrixMarket matrix coordinate real general',
      '% a comment line',
      '3 3 3',
      '1 1 4.0',
      '2 2 abc',
      '3 3 4.0',
      '',
    ].join('\n');
    const uri = path.join(ws, 'bad.mtx');
    const pending = server.nextDiagnostics(fileUri(uri));
    await open('bad.mtx', text);
    const published = await pending;
    const errors = published.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors).toHaveLength(1);
    expect(errors[0].range.start.line).toBe(4); // 0-based: the fifth line, `2 2 abc`
    expect(errors[0].range.end.character).toBe('2 2 abc'.length);
  });

  it('reports every malformed entry of a file, each as an error on its own line', async () => {
    const text = ['%%MatrixMarket matrix coordinate real general', '3 3 3', '1 x 4.0', '2 2 abc', '9 3 4.0', ''].join(
      '\n',
    );
    const uri = fileUri(path.join(ws, 'three-errors.mtx'));
    const pending = server.nextDiagnostics(uri);
    await open('three-errors.mtx', text);
    const errors = (await pending).diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => d.range.start.line)).toEqual([2, 3, 4]);
    expect(errors.map((d) => d.message)).toEqual([
      "column index 'x' is not a positive integer",
      "value 'abc' is not a number",
      'row index 9 exceeds the 3 rows declared on line 2',
    ]);
  });

  it('reports an entry count mismatch, and clears it once the text is fixed', async () => {
    const bad = ['%%MatrixMarket matrix coordinate real general', '2 2 3', '1 1 1', '2 2 1', ''].join('\n');
    const uri = fileUri(path.join(ws, 'short.mtx'));
    const first = server.nextDiagnostics(uri);
    await open('short.mtx', bad);
    const d1 = await first;
    expect(d1.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(true);
    const second = server.nextDiagnostics(uri);
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, text: '2' }],
    });
    const d2 = await second;
    expect(d2.version).toBe(2);
    expect(d2.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
  });

  it('hovers the banner of gr_30_30 with size, symmetry, dominance and spectral estimates', async () => {
    const uri = fileUri(path.join(ws, 'gr_30_30.mtx'));
    const hover = await server.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: 3 },
    });
    const text = (hover?.contents as MarkupContent).value;
    expect(text).toContain('n = 900');
    expect(text).toContain('7,744 stored entries');
    expect(text).toContain('4,322 in the file');
    expect(text).toContain('symmetric');
    expect(text).toContain('weakly diagonally dominant');
    // Independent values (NumPy eigvals of I - D^-1 A): rho = 0.99232, Young omega* = 1.7798.
    const rho = Number(/ρ ≈ ([0-9.]+)/.exec(text)?.[1]);
    const young = Number(/ω\* = [^≈]*≈ ([0-9.]+)/.exec(text)?.[1]);
    expect(rho).toBeGreaterThan(0.99);
    expect(rho).toBeLessThan(0.9935);
    expect(young).toBeGreaterThan(1.76);
    expect(young).toBeLessThan(1.79);
    const sizeLine = await server.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 0 },
    });
    expect(sizeLine).not.toBeNull();
    const dataLine = await server.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 5, character: 0 },
    });
    expect(dataLine).toBeNull();
  });

  it('puts the four action lenses on the first line of a matrix without results', async () => {
    const uri = fileUri(path.join(ws, 'gr_30_30.mtx'));
    const lenses = await server.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(lenses?.map((l) => l.command?.title)).toEqual(['Tune ω (SOR)', 'Tune ω (SSOR-CG)', 'Solve…', 'Show matrix']);
    expect(lenses?.every((l) => l.range.start.line === 0)).toBe(true);
    expect(lenses?.[0].command?.command).toBe('relax.tune');
    expect(lenses?.[0].command?.arguments).toEqual([uri]);
  });

  it('bins the sparsity pattern of gr_30_30 for the spy plot', async () => {
    const spy = await server.conn.sendRequest(SpyRequest, { uri: fileUri(path.join(ws, 'gr_30_30.mtx')), maxSide: 30 });
    expect(spy.status).toBe('completed');
    if (spy.status !== 'completed') return;
    expect([spy.result.rows, spy.result.width, spy.result.height]).toEqual([900, 30, 30]);
    expect(spy.result.counts.reduce((a, b) => a + b, 0)).toBe(7744);
    // A 9-point stencil on a 30 x 30 grid: pixel (r, c) covers rows and columns 30r..30r+29, so only
    // the diagonal and first off-diagonal pixel bands hold entries.
    for (let r = 0; r < 30; r++) {
      for (let c = 0; c < 30; c++) expect(spy.result.counts[r * 30 + c] > 0).toBe(Math.abs(r - c) <= 1);
    }
  });

  it('gives no lenses for a file that does not parse', async () => {
    const lenses = await server.conn.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: fileUri(path.join(ws, 'bad.mtx')) },
    });
    expect(lenses).toEqual([]);
  });
});

/** A sample of the io helper's malformed corpus (test/fixtures/bad, rules and messages owned there). */
const CORPUS: [string, number, string][] = [
  ['column-index-too-large.mtx', 12, 'column index 901 exceeds the 900 columns declared on line 2'],
  ['no-size-line.mtx', 3, "the file ends before the size line: expected 'rows columns entries'"],
  ['symmetric-not-square.mtx', 2, 'a symmetric matrix must be square, but the size line declares 3 x 4'],
  ['too-few-entries.mtx', 4, 'the file ends after 2 of the 3 entries declared on line 2 (truncated?)'],
  [
    'unknown-symmetry.mtx',
    1,
    "unknown symmetry 'symetric' in the banner, expected one of general, symmetric, skew-symmetric, hermitian",
  ],
  ['value-nan.mtx', 4, "value 'NaN' is not a finite number"],
];
const BAD = path.join(ROOT, 'test', 'fixtures', 'bad');

describe('malformed corpus through the server', () => {
  it.each(CORPUS)(
    '%s: one error on line %i with the reader message, from the editor text',
    async (file, line, message) => {
      const uri = fileUri(path.join(BAD, file));
      const pending = server.nextDiagnostics(uri);
      await server.conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri,
          languageId: 'matrix-market',
          version: 1,
          text: readFileSync(path.join(BAD, file), 'utf8'),
        },
      });
      const errors = (await pending).diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
      expect(errors.map((d) => [d.range.start.line + 1, d.message])).toEqual([[line, message]]);
    },
  );

  it('refuses a job on a truncated .mtx.gz read from disk with file:line: message', async () => {
    const file = path.join(BAD, 'truncated.mtx.gz');
    const out = await server.conn.sendRequest(InfoRequest, { uri: fileUri(file) });
    expect(out).toEqual({
      status: 'failed',
      message: `${file}:11: the gzip data is truncated or corrupt (unexpected end of file): expected a complete .gz file`,
    });
  });
});
