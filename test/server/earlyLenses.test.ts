// The tune lenses come from the header while the body is still being parsed; what depends on the parse follows it.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens } from 'vscode-languageserver/node';
import { DEFAULT_LIMITS } from '../../src/core/defaults';
import { loadMatrix } from '../../src/node/loadMatrix';
import { provideCodeLenses } from '../../src/server/codeLens';
import { JobQueue } from '../../src/server/jobQueue';
import { MatrixCache } from '../../src/server/matrixCache';
import { ResultStore } from '../../src/server/resultStore';
import { fileUri, ROOT } from './lspClient';

let ws: string;

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-early-'));
  copyFileSync(path.join(ROOT, 'test/fixtures/orsirr_1.mtx'), path.join(ws, 'orsirr_1.mtx'));
  copyFileSync(path.join(ROOT, 'samples/gr_30_30.mtx'), path.join(ws, 'gr_30_30.mtx'));
  writeFileSync(path.join(ws, 'bad-banner.mtx'), '%%MatrixMarket matrix coordinate real upside-down\n2 2 1\n1 1 1\n');
});

afterAll(() => rmSync(ws, { recursive: true, force: true }));

/** A cache whose disk reads wait until `release` is called, and a count of the lens refreshes asked for. */
function heldCache(): { cache: MatrixCache; release: () => void; reads: string[] } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reads: string[] = [];
  const cache = new MatrixCache(
    () => undefined,
    DEFAULT_LIMITS,
    undefined,
    async (file, options) => {
      reads.push(path.basename(file));
      await gate;
      return loadMatrix(file, options);
    },
  );
  return { cache, release, reads };
}

const titles = (lenses: CodeLens[]): string[] => lenses.map((l) => l.command?.title ?? '');

describe('lenses before and after the parse', () => {
  it('offers the tune lenses of orsirr_1 from its header while the parse is held, then its SSOR-CG refusal', async () => {
    const { cache, release, reads } = heldCache();
    const store = new ResultStore([]);
    const queue = new JobQueue(() => undefined);
    const uri = fileUri(path.join(ws, 'orsirr_1.mtx'));
    let refreshed = 0;
    let parsedYet = false;
    void cache.get(uri).then(() => (parsedYet = true));
    const early = await provideCodeLenses(cache, store, queue, { textDocument: { uri } }, () => refreshed++);
    expect(titles(early)).toEqual(['Tune ω (SOR)', 'Tune ω (SSOR-CG)', 'Solve…', 'Show matrix']);
    expect(early[1].command?.command).toBe('relax.tuneSsor');
    expect(early[0].command?.arguments).toEqual([uri]);
    expect(reads).toEqual(['orsirr_1.mtx']);
    expect(parsedYet).toBe(false);
    expect(refreshed).toBe(0);
    // A second request while the parse is held gets the same lenses and no second refresh.
    const again = await provideCodeLenses(cache, store, queue, { textDocument: { uri } }, () => refreshed++);
    expect(titles(again)).toEqual(titles(early));

    release();
    const parsed = await cache.get(uri);
    expect(parsed.matrix?.csr.rows).toBe(1030);
    await new Promise((r) => setImmediate(r));
    expect(refreshed).toBe(1);
    const after = await provideCodeLenses(cache, store, queue, { textDocument: { uri } }, () => refreshed++);
    expect(titles(after)).toEqual([
      'Tune ω (SOR)',
      'SSOR-CG does not apply: A is not symmetric',
      'Solve…',
      'Show matrix',
    ]);
    // The refusal still runs the tune when clicked: it refuses with the whole reason and saves it.
    expect(after[1].command?.command).toBe('relax.tuneSsor');
    expect(refreshed).toBe(1);
  });

  it('keeps SSOR-CG on gr_30_30 (symmetric, positive diagonal) once parsed, for a client that cannot refresh', async () => {
    const { cache, release } = heldCache();
    const uri = fileUri(path.join(ws, 'gr_30_30.mtx'));
    release();
    await cache.get(uri);
    const lenses = await provideCodeLenses(cache, new ResultStore([]), new JobQueue(() => undefined), {
      textDocument: { uri },
    });
    expect(titles(lenses)).toEqual(['Tune ω (SOR)', 'Tune ω (SSOR-CG)', 'Solve…', 'Show matrix']);
  });

  it('gives no lens to a file with a bad banner, even while its parse is held', async () => {
    const { cache } = heldCache();
    const uri = fileUri(path.join(ws, 'bad-banner.mtx'));
    const lenses = await provideCodeLenses(
      cache,
      new ResultStore([]),
      new JobQueue(() => undefined),
      { textDocument: { uri } },
      () => undefined,
    );
    expect(lenses).toEqual([]);
  });
});
