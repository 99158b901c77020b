// Live records of a learning run over the real LSP connection: batches arrive while the run goes,
// match the final result, and survive a server killed mid-run (the client keeps and saves them).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LearnRecordsNotification,
  LearnRequest,
  type LearnDetails,
  type LearnRecordsParams,
  type LearningRecord,
  type Report,
  type RunStatus,
} from '../../src/protocol';
import { LearnStream, partialResultPath } from '../../src/client/liveLearning';
import { runLiveLearning, type LivePanel } from '../../src/client/liveLearnRun';
import { writeFileAtomic } from '../../src/node/atomicWrite';
import { fileUri, LEARN_SETTINGS as SETTINGS, ROOT, startServer, type TestServer } from './lspClient';

/** A report panel stand-in that records what the run asked of it. */
function recordingPanel(): LivePanel & { calls: string[]; appended: Map<string, LearningRecord[]> } {
  const calls: string[] = [];
  const appended = new Map<string, LearningRecord[]>();
  return {
    calls,
    appended,
    show(report: Report, status?: RunStatus, message?: string) {
      calls.push(
        `show ${report.kind} ${status} ${report.kind === 'learning' ? report.series.length : 0}${message ? ` ${message}` : ''}`,
      );
    },
    setStatus(status: RunStatus, message?: string) {
      calls.push(`status ${status} ${message ?? ''}`);
    },
    appendRecords(series, records) {
      const name = typeof series === 'string' ? series : series.name;
      appended.set(name, [...(appended.get(name) ?? []), ...records]);
    },
    appendHeatmapRows() {},
    progress() {},
  };
}

let ws: string;
let server: TestServer;

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'relax-stream-'));
  copyFileSync(
    path.join(ROOT, 'samples', 'shifted-laplacian.relax.json'),
    path.join(ws, 'shifted-laplacian.relax.json'),
  );
  server = await startServer(ws);
});

afterAll(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

describe('streamed learning records', () => {
  it('streams the learner, Young and the hindsight comparators of the bundled sample; the batches match the saved result', async () => {
    const uri = fileUri(path.join(ws, 'shifted-laplacian.relax.json'));
    const received: LearnRecordsParams[] = [];
    const sub = server.conn.onNotification(LearnRecordsNotification, (p) => {
      received.push(p);
    });
    const out = await server.conn.sendRequest(LearnRequest, {
      uri,
      learner: 'auto',
      settings: SETTINGS,
      streamId: 's1',
    });
    const atResponse = received.length;
    sub.dispose();
    expect(out.status).toBe('completed');
    if (out.status !== 'completed') return;
    const rec = out.result.record;
    // Every batch, the final one included, arrived before the response.
    expect(atResponse).toBeGreaterThan(1);
    expect(received.at(-1)?.final).toBe(true);
    expect(received.slice(0, -1).every((p) => p.final !== true)).toBe(true);
    expect(received.every((p) => p.streamId === 's1' && p.uri === uri && p.instances === 200)).toBe(true);
    // The first batch came while most of the run was still ahead.
    expect(received[0].done).toBeLessThan(200);
    const done = received.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));

    const stream = new LearnStream('s1');
    for (const p of received) stream.accept(p);
    expect(stream.ended).toBe(true);
    const learner = stream.learner();
    expect(learner).toMatchObject({ name: 'auto', role: 'learner', contextual: true });
    // Streamed = saved: the same records, field for field.
    expect(learner?.records).toEqual(rec.steps);
    expect(rec.steps).toHaveLength(200);

    const details = rec.details!;
    expect(details.comparators.map((c) => [c.name, c.hindsight])).toEqual([
      ['young', false],
      ['best-fixed', true],
      ['grid-optimal', true],
      ['instance-optimal', true],
    ]);
    for (const c of details.comparators) {
      const s = stream.series.find((x) => x.name === c.name);
      expect(s?.role).toBe('comparator');
      expect(s?.hindsight).toBe(c.hindsight ? 'hindsight' : undefined);
      expect(s?.records).toEqual(c.steps);
      expect(c.totalIterations).toBe(c.steps.reduce((a, x) => a + x.iterations, 0));
    }
    // Young pays for its spectral estimate; the hindsight comparators do no extra matrix work.
    expect(details.comparators.find((c) => c.name === 'young')?.extraSweeps).toBeGreaterThan(0);
    // Hindsight ordering: instance-optimal <= grid-optimal <= best-fixed, and each instance of grid-optimal is its heat map row's minimum.
    const total = (n: string): number => details.comparators.find((c) => c.name === n)?.totalIterations ?? NaN;
    expect(total('instance-optimal')).toBeLessThanOrEqual(total('grid-optimal'));
    expect(total('grid-optimal')).toBeLessThanOrEqual(total('best-fixed'));
    const heat = stream.heatmap;
    expect(heat?.omegas).toHaveLength(20);
    expect(heat?.instances).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(heat?.iterations).toEqual(details.grid?.iterations);
    const gridOpt = details.comparators.find((c) => c.name === 'grid-optimal')!;
    for (let t = 0; t < 200; t += 37) {
      const row = heat!.iterations.slice(t * 20, (t + 1) * 20);
      expect(gridOpt.steps[t].iterations).toBe(Math.min(...row));
    }
    expect(JSON.parse(readFileSync(new URL(out.result.resultUri), 'utf8'))).toEqual(rec);
  });

  it('sends no records without a stream id, and runs only the comparators asked for', async () => {
    const uri = fileUri(path.join(ws, 'shifted-laplacian.relax.json'));
    let count = 0;
    const sub = server.conn.onNotification(LearnRecordsNotification, () => {
      count++;
    });
    const out = await server.conn.sendRequest(LearnRequest, {
      uri,
      learner: 'tsallis-inf',
      settings: SETTINGS,
      comparators: ['fixed=1.5'],
    });
    sub.dispose();
    expect(out.status).toBe('completed');
    expect(count).toBe(0);
    if (out.status !== 'completed') return;
    const details = out.result.record.details as LearnDetails;
    expect(details.comparators.map((c) => c.name)).toEqual(['fixed=1.5']);
    expect(details.grid).toBeUndefined();
    expect(details.comparators[0].steps.every((s) => s.omega === 1.5)).toBe(true);
  });

  it('keeps the streamed records when the server is killed mid-run, saves them as a partial result, and the next run works', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relax-kill-'));
    try {
      // Large enough to still be running when the first batches have arrived.
      const spec = path.join(dir, 'long.relax.json');
      writeFileSync(
        spec,
        JSON.stringify({
          kind: 'diagonal-shift',
          matrix: { laplacian2d: 30 },
          instances: 100000,
          solver: 'sor',
          omegaGrid: { min: 1, max: 1.95, points: 20 },
          seed: 1,
        }),
      );
      const victim = await startServer(dir);
      const panel = recordingPanel();
      let killed = false;
      const run = runLiveLearning(
        {
          uri: fileUri(spec),
          sourcePath: spec,
          learner: 'tsallis-inf',
          method: 'sor',
          settings: SETTINGS,
          streamId: 'k1',
          title: 'long: tsallis-inf',
        },
        {
          // As the extension's runJob does: a request that dies with the server is a failed run.
          request: (params) =>
            victim.conn.sendRequest(LearnRequest, { ...params, comparators: [] }).catch((err: unknown) => ({
              status: 'failed' as const,
              message: `the Relax server did not finish the run (${String(err)})`,
            })),
          onRecords: (handler) =>
            victim.conn.onNotification(LearnRecordsNotification, (p) => {
              handler(p);
              // Kill once a few records have reached the panel.
              if (!killed && (panel.appended.get('tsallis-inf')?.length ?? 0) >= 3) {
                killed = true;
                victim.child.once('exit', () => victim.conn.dispose());
                victim.child.kill('SIGKILL');
              }
            }),
          panel: () => panel,
          savePartial: async (rec) => {
            const file = partialResultPath(spec, rec.learner, [dir]);
            await writeFileAtomic(file, JSON.stringify(rec));
            return file;
          },
          software: { name: 'relax', version: 'test' },
        },
      );
      const { outcome, stream, partialFile } = await run;
      expect(victim.child.signalCode).toBe('SIGKILL');
      expect(outcome.status).toBe('failed');
      const kept = stream.learner()!.records;
      expect(kept.length).toBeGreaterThanOrEqual(3);
      expect(kept.map((r) => r.t)).toEqual(kept.map((_, i) => i));
      expect(panel.appended.get('tsallis-inf')).toEqual(kept);
      expect(partialFile).toBe(path.join(dir, '.relax', 'long.relax.json.learn-tsallis-inf.partial.json'));
      if (outcome.status === 'failed')
        expect(outcome.message).toContain(`${kept.length} of 100000 instances kept in ${partialFile}`);
      // The panel shows the partial run as failed, with why, in one update.
      expect(panel.calls.at(-1)).toMatch(/^show learning failed 1 the Relax server did not finish the run/);
      const saved = JSON.parse(readFileSync(partialFile!, 'utf8'));
      expect(saved).toMatchObject({
        kind: 'learn',
        learner: 'tsallis-inf',
        cancelled: true,
        instances: 100000,
        totalIterations: kept.reduce((a, r) => a + r.iterations, 0),
      });
      expect(saved.steps).toHaveLength(kept.length);
      expect(saved.details.failed).toMatch(/^the Relax server did not finish the run/);
      expect(existsSync(path.join(dir, '.relax', 'long.relax.json.learn-tsallis-inf.json'))).toBe(false);

      // A new server on the same folder runs the next learning run, live, to completion.
      const next = await startServer(dir);
      try {
        const small = path.join(dir, 'small.relax.json');
        writeFileSync(
          small,
          JSON.stringify({
            kind: 'diagonal-shift',
            matrix: { laplacian2d: 6 },
            instances: 10,
            solver: 'sor',
            omegaGrid: { min: 1, max: 1.9, points: 10 },
            seed: 3,
          }),
        );
        const panel2 = recordingPanel();
        const again = await runLiveLearning(
          {
            uri: fileUri(small),
            sourcePath: small,
            learner: 'tsallis-inf',
            method: 'sor',
            settings: SETTINGS,
            streamId: 'k2',
            title: 'small',
          },
          {
            request: (params) => next.conn.sendRequest(LearnRequest, params),
            onRecords: (handler) => next.conn.onNotification(LearnRecordsNotification, handler),
            panel: () => panel2,
            savePartial: () => Promise.reject(new Error('not expected')),
            software: { name: 'relax', version: 'test' },
          },
        );
        expect(again.outcome.status).toBe('completed');
        expect(panel2.calls.at(-1)).toBe('show learning completed 5');
        expect(panel2.appended.get('tsallis-inf')).toHaveLength(10);
      } finally {
        await next.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
