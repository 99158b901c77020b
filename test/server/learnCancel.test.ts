// Cancelling a streamed learning run over the real LSP connection: the run stops at an exact instance,
// nothing is streamed after the cancel is answered, and the panel and the saved result say where it stopped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelRequest,
  JobsRequest,
  LearnRecordsNotification,
  LearnRequest,
  type LearnRecord,
  type LearnRecordsParams,
  type Report,
  type RunStatus,
} from '../../src/protocol';
import { LearnStream } from '../../src/client/liveLearning';
import { runLiveLearning, type LivePanel } from '../../src/client/liveLearnRun';
import { fileUri, LEARN_SETTINGS as SETTINGS, startServer, type TestServer } from './lspClient';

/** The bundled paper-beta-2-6 sequence (5000 instances, Young only by default): seconds of work to cancel. */
const SPEC = {
  kind: 'diagonal-shift',
  name: 'paper-beta-2-6',
  matrix: { laplacian2d: 10 },
  shift: { low: -0.15, width: 0.6, beta: [2, 6] },
  rhs: 'truncated-normal',
  instances: 5000,
  solver: 'sor',
  tolerance: 1e-8,
  omegaGrid: { min: 1, max: 1.95, points: 20 },
  seed: 0,
};

let ws: string;
let server: TestServer;
let uri: string;

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-cancel-'));
  writeFileSync(path.join(ws, 'paper.relax.json'), JSON.stringify(SPEC));
  uri = fileUri(path.join(ws, 'paper.relax.json'));
  server = await startServer(ws);
});

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

/** Collects this run's notifications; `whenDone(n)` resolves once a batch reports n instances done. */
function collect(streamId: string) {
  const received: LearnRecordsParams[] = [];
  let waiting: { n: number; resolve: () => void } | undefined;
  // A connection has one handler per notification: `also` is where the client under test listens too.
  let also: ((p: LearnRecordsParams) => void) | undefined;
  const sub = server.conn.onNotification(LearnRecordsNotification, (p) => {
    also?.(p);
    if (p.streamId !== streamId) return;
    received.push(p);
    if (waiting && p.done >= waiting.n) waiting.resolve();
  });
  const whenDone = (n: number): Promise<void> => new Promise((resolve) => (waiting = { n, resolve }));
  const listen = (h: (p: LearnRecordsParams) => void) => {
    also = h;
    return { dispose: () => (also = undefined) };
  };
  return { received, whenDone, listen, dispose: () => sub.dispose() };
}

/** The learner's records as the stream carried them, and the record's steps in the same shape. */
function learnerOf(received: LearnRecordsParams[], streamId: string): { t: number; omega: number }[] {
  const s = new LearnStream(streamId);
  for (const p of received) s.accept(p);
  return (s.learner()?.records ?? []).map((r) => ({ t: r.t, omega: r.omega }));
}

function expectCancelledAt(rec: LearnRecord, received: LearnRecordsParams[], streamId: string): number {
  const t = rec.steps.length;
  expect(rec.cancelled).toBe(true);
  expect(t).toBeGreaterThanOrEqual(20);
  expect(t).toBeLessThan(5000);
  expect(rec.message).toBe(`Cancelled at instance ${t}`);
  // The stream ended with the last completed instance, marked final, and carried exactly the saved steps.
  expect(received.at(-1)).toMatchObject({ final: true, done: t });
  expect(learnerOf(received, streamId)).toEqual(rec.steps.map((s) => ({ t: s.t, omega: s.omega })));
  expect(rec.steps.map((s) => s.t)).toEqual(Array.from({ length: t }, (_, i) => i));
  const young = rec.details?.comparators[0];
  expect(young).toMatchObject({ name: 'young', steps: { length: t } });
  return t;
}

describe('cancelling a streamed learning run', () => {
  it('relax/cancel answers after the run stopped: no records after the answer, panel and saved result say "Cancelled at instance t"', async () => {
    const streamId = 'cancel-1';
    const c = collect(streamId);
    const calls: string[] = [];
    const panel: LivePanel = {
      show: (report: Report, status?: RunStatus, message?: string) =>
        calls.push(`show ${status}${message ? ` ${message}` : ''}`),
      setStatus: (status: RunStatus, message?: string) => calls.push(`status ${status} ${message ?? ''}`),
      appendRecords: () => undefined,
      appendHeatmapRows: () => undefined,
      progress: () => undefined,
    };
    const run = runLiveLearning(
      {
        uri,
        sourcePath: path.join(ws, 'paper.relax.json'),
        learner: 'auto',
        method: 'sor',
        settings: SETTINGS,
        streamId,
        title: 't',
      },
      {
        request: (params) => server.conn.sendRequest(LearnRequest, params),
        onRecords: c.listen,
        panel: () => panel,
        savePartial: () => Promise.reject(new Error('a cancelled run is saved by the server')),
        software: { name: 'relax', version: 'test' },
      },
    );
    await c.whenDone(20);
    const answer = await server.conn.sendRequest(CancelRequest, { uri });
    const atAnswer = c.received.length;
    expect(answer).toEqual({ cancelled: 1 });
    // The run had ended when the cancel was answered: its final batch came before the answer.
    expect(c.received.at(-1)?.final).toBe(true);
    const { outcome } = await run;
    await server.conn.sendRequest(JobsRequest, undefined);
    expect(c.received.length).toBe(atAnswer);
    c.dispose();
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    const rec = outcome.result.record;
    const t = expectCancelledAt(rec, c.received, streamId);
    // The final report and where it stopped arrive together: never a bare "Cancelled" in between.
    expect(calls.at(-1)).toBe(`show cancelled Cancelled at instance ${t}`);
    const saved = JSON.parse(readFileSync(new URL(outcome.result.resultUri), 'utf8')) as LearnRecord;
    expect(saved).toMatchObject({ cancelled: true, message: `Cancelled at instance ${t}`, steps: { length: t } });
  });

  it('a cancelled request ($/cancelRequest, the progress toast) ends the same way, with nothing after its answer', async () => {
    const streamId = 'cancel-2';
    const c = collect(streamId);
    const source = new CancellationTokenSource();
    const out = server.conn.sendRequest(
      LearnRequest,
      { uri, learner: 'auto', settings: SETTINGS, streamId },
      source.token,
    );
    await c.whenDone(20);
    source.cancel();
    const result = await out;
    const atAnswer = c.received.length;
    // Messages arrive in order: a record sent before the Jobs answer would be here by now.
    expect(await server.conn.sendRequest(JobsRequest, undefined)).toEqual({ running: [], queued: 0 });
    expect(c.received.length).toBe(atAnswer);
    c.dispose();
    expect(result.status).toBe('completed');
    if (result.status !== 'completed') return;
    expectCancelledAt(result.result.record, c.received, streamId);
  });

  it('relax/cancel with nothing running answers 0 at once', async () => {
    expect(await server.conn.sendRequest(CancelRequest, {})).toEqual({ cancelled: 0 });
  });
});
