import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SolveRequest, type JobOutcome, type RunSettings, type SolveSummary } from '../../src/protocol';
import { DEFAULT_RUN_SETTINGS } from '../../src/server/settings';
import { fileUri, rssBytes, startServer, type TestServer } from './lspClient';

/** Measured requests, after WARM_UP, spread over FILES matrices with IN_FLIGHT outstanding at a time. */
const REQUESTS = 10_000;
const WARM_UP = 5_000;
const FILES = 10;
const IN_FLIGHT = 64;
/**
 * Stated bound on the server's resident memory growth over the measured 10,000 requests. V8 sizes its
 * heap up during the first ~10,000 requests and then stays flat (20,000 solves: 106 MB after 1,000,
 * 143 MB after 10,000, 135 MB after 20,000), hence the warm-up; a leak of 5 kB per request trips it.
 */
const RSS_GROWTH_BOUND = 48 * 1024 * 1024;

const SETTINGS: RunSettings = DEFAULT_RUN_SETTINGS;

/** tridiag(-1, 4, -1), n = 10, symmetric storage. */
function tridiagonal(n: number): string {
  const lines = ['%%MatrixMarket matrix coordinate real symmetric', `${n} ${n} ${2 * n - 1}`];
  for (let i = 1; i <= n; i++) {
    lines.push(`${i} ${i} 4`);
    if (i < n) lines.push(`${i + 1} ${i} -1`);
  }
  return lines.join('\n') + '\n';
}

let ws: string;
let server: TestServer;
const uris: string[] = [];

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-soak-'));
  for (let f = 0; f < FILES; f++) {
    const file = path.join(ws, `t${f}.mtx`);
    writeFileSync(file, tridiagonal(10));
    uris.push(fileUri(file));
  }
  server = await startServer(ws);
});

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

/** Sends `count` solves, keeping IN_FLIGHT outstanding; returns the iteration counts seen. */
async function solves(count: number): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const out: JobOutcome<SolveSummary> = await server.conn.sendRequest(SolveRequest, {
        uri: uris[i % FILES],
        method: 'sor',
        omega: 1.2,
        settings: SETTINGS,
      });
      const key = out.status === 'completed' ? out.result.iterations : -1;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return seen;
}

describe('soak: 10,000 small solves over the LSP connection (after 5,000 to warm up)', () => {
  it('answers every request correctly and keeps the server memory bounded', async () => {
    const warm = WARM_UP;
    const first = await solves(warm);
    // Independent count (NumPy loop of x += (D/omega + L)^-1 r to ||r|| / ||b|| < 1e-8): 16 sweeps.
    expect(first).toEqual(new Map([[16, warm]]));
    const before = rssBytes(server.child.pid!);
    const t0 = performance.now();
    const rest = await solves(REQUESTS);
    const seconds = (performance.now() - t0) / 1000;
    const after = rssBytes(server.child.pid!);
    expect(rest).toEqual(new Map([[16, REQUESTS]]));
    console.log(
      `soak: ${REQUESTS} solves (after ${warm}) in ${seconds.toFixed(1)} s; server RSS ${(before / 2 ** 20).toFixed(1)} MB -> ${(after / 2 ** 20).toFixed(1)} MB`,
    );
    expect(after - before).toBeLessThan(RSS_GROWTH_BOUND);
  });
});
