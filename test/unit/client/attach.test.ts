import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  StateFollower,
  STALE_AFTER_MS,
  attachReport,
  isContextual,
  isAttachReport,
  isServeStateName,
  statusText,
} from '../../../src/client/attachModel';
import type { LearningReport } from '../../../src/protocol';
import { createLearner, restoreLearner } from '../../../src/core/learn/registry';
import { ServeSession } from '../../../src/serve/session';
import { readRecordsTail } from '../../../src/node/serveRecords';
import { readSnapshot, recordsPathFor } from '../../../src/node/serveState';
import { appendRecords } from '../../../src/serve/stateFile';
import { buildServeEntry, ServeProcess } from '../../integration/serveHarness';

const factory = { create: createLearner, restore: restoreLearner };
type Reply = Record<string, unknown>;

/** Iterations a solver would need: smallest near omega 1.7, so the numbers differ per omega. */
const cost = (omega: number): number => Math.round(40 + 600 * (omega - 1.7) ** 2);

function send(s: ServeSession, message: unknown): Reply {
  return s.handleLine(JSON.stringify(message)).reply as unknown as Reply;
}

interface Sent {
  step: number;
  context: number;
  omega: number;
  iterations: number;
  /** Wall time the simulation reported, when it did. */
  seconds?: number;
}

/** Runs predict/observe pairs through the real service with contexts 0.5, 1.5, ...; returns what was sent. */
function run(s: ServeSession, steps: number, firstStep: number): Sent[] {
  const sent: Sent[] = [];
  for (let k = 0; k < steps; k++) {
    const context = ((firstStep + k) % 10) + 0.5;
    const p = send(s, { type: 'predict', context });
    expect(p.ok).toBe(true);
    const omega = p.omega as number;
    const iterations = cost(omega);
    expect(send(s, { type: 'observe', id: p.id, iterations, converged: true, seconds: 0.001 }).ok).toBe(true);
    sent.push({ step: p.id as number, context, omega, iterations, seconds: 0.001 });
  }
  return sent;
}

/** A session standing for a simulation process that may be killed: it takes no state file lock. */
function start(stateFile: string): ServeSession {
  const s = new ServeSession({ factory, lock: () => () => undefined });
  const hello = send(s, { type: 'hello', learner: 'chebcb', seed: 3, contextRange: [0, 10], stateFile, saveEvery: 1 });
  expect(hello.ok).toBe(true);
  return s;
}

const asRecords = (sent: Sent[]): unknown[] =>
  sent.map((x) => ({
    t: x.step - 1,
    context: x.context,
    omega: x.omega,
    iterations: x.iterations,
    converged: true,
    extraSweeps: 0,
    ...(x.seconds !== undefined ? { seconds: x.seconds } : {}),
  }));

const tmp = (): string => mkdtempSync(join(tmpdir(), 'relax-attach-'));

const V1_STATE = join(__dirname, '../../fixtures/saved/old.relax-serve.json');

/** The version 1 fixture (written by relax serve before records were LearningRecords) copied to a fresh folder. */
function v1Copy(): string {
  const stateFile = join(tmp(), 'old.relax-serve.json');
  copyFileSync(V1_STATE, stateFile);
  copyFileSync(recordsPathFor(V1_STATE), recordsPathFor(stateFile));
  return stateFile;
}

describe('state and records files written by version 1 (records keyed step, 1-based)', () => {
  const v1Records = [
    { t: 0, context: 3.2, omega: 1.5, iterations: 40, converged: true, extraSweeps: 0, seconds: 0.001 },
    { t: 1, context: 4.5, omega: 1.1, iterations: 52, converged: true, extraSweeps: 0, seconds: 0.0012 },
    { t: 2, context: 6.1, omega: 1.45, iterations: 500, converged: false, extraSweeps: 0 },
  ];

  it('are read as the current shape: snapshot, records file, and the attached view', async () => {
    const stateFile = v1Copy();
    const snap = readSnapshot(stateFile);
    expect(snap).toMatchObject({ version: 2, steps: 3, totalIterations: 592, unconverged: 1 });
    expect(snap?.recent).toEqual(v1Records);
    expect((await readRecordsTail(recordsPathFor(stateFile), 0)).records).toEqual(v1Records);
    expect((await new StateFollower(stateFile).poll()).records).toEqual(v1Records);
  });

  it('are resumed by relax serve as version 1 resumed them, and followed on across the change of shape', async () => {
    const stateFile = v1Copy();
    const s = new ServeSession({ factory, lock: () => () => undefined });
    const hello = { type: 'hello', learner: 'tsallis-inf-cb', seed: 1, contextRange: [0, 10], stateFile, saveEvery: 1 };
    expect(send(s, hello)).toMatchObject({ ok: true, resumed: true, steps: 3 });
    // What version 1 itself answered after resuming this file (see test/fixtures/saved): 1.6 at id 4, 1.15 at id 5.
    expect(send(s, { type: 'predict', context: 7 })).toMatchObject({ ok: true, omega: 1.6, id: 4 });
    expect(send(s, { type: 'observe', id: 4, iterations: 33, converged: true }).ok).toBe(true);
    expect(send(s, { type: 'predict', context: 2 })).toMatchObject({ ok: true, omega: 1.15, id: 5 });
    const next = { t: 3, omega: 1.6, iterations: 33, converged: true, extraSweeps: 0, context: 7 };
    // Old lines stay byte for byte; the new one is the current shape; every reader gets one shape.
    const lines = readFileSync(recordsPathFor(stateFile), 'utf8').trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(readFileSync(recordsPathFor(V1_STATE), 'utf8').trim().split('\n'));
    expect(JSON.parse(lines[3])).toEqual(next);
    expect((await readRecordsTail(recordsPathFor(stateFile), 0)).records).toEqual([...v1Records, next]);
    expect((await new StateFollower(stateFile).poll()).records).toEqual([...v1Records, next]);
    expect(readSnapshot(stateFile)?.version).toBe(2);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).recent.map((r: { t: number }) => r.t)).toEqual([0, 1, 2, 3]);
  });
});

describe('attach to a running relax serve session', () => {
  it('shapes the report and every record the service wrote, then only new ones', async () => {
    const stateFile = join(tmp(), 'heat.relax-serve.json');
    const s = start(stateFile);
    const first = run(s, 5, 1);
    const follower = new StateFollower(stateFile);
    const u1 = await follower.poll();
    expect(u1.records).toEqual(asRecords(first));
    expect(u1.status).toEqual({ kind: 'following', pid: process.pid, steps: 5 });
    expect(statusText(u1.status)).toBe(`following (pid ${process.pid}, 5 steps)`);
    const snap = u1.snapshot;
    expect(snap).toBeDefined();
    if (!snap) return;
    expect(isContextual(snap)).toBe(true);
    expect(attachReport(snap, stateFile, 'file:///x', 'ssor-cg')).toEqual({
      kind: 'learning',
      title: 'heat.relax-serve.json: chebcb (live)',
      source: 'file:///x',
      instances: 5,
      method: 'ssor-cg',
      series: [],
    });
    // Nothing new: nothing appended.
    expect((await follower.poll()).records).toEqual([]);
    const second = run(s, 3, 6);
    const u2 = await follower.poll();
    expect(u2.records).toEqual(asRecords(second));
    expect(u2.status).toMatchObject({ kind: 'following', steps: 8 });
  });

  it('leaves a partially written last line for the next poll', async () => {
    const dir = tmp();
    const written = join(dir, 'run.json');
    run(start(written), 4, 1);
    const full = readFileSync(recordsPathFor(written));
    const lastLineStart = full.lastIndexOf(0x0a, full.length - 2) + 1;
    // A viewer that reads while the service is in the middle of appending the 4th line.
    const copy = join(tmp(), 'run.json');
    copyFileSync(written, copy);
    writeFileSync(recordsPathFor(copy), full.subarray(0, lastLineStart + 10));
    const follower = new StateFollower(copy);
    const u1 = await follower.poll();
    expect(u1.records.map((r) => r.t)).toEqual([0, 1, 2]);
    appendFileSync(recordsPathFor(copy), full.subarray(lastLineStart + 10));
    const u2 = await follower.poll();
    const last = JSON.parse(full.subarray(lastLineStart).toString('utf8')) as { omega: number; iterations: number };
    expect(u2.records).toEqual([
      {
        t: 3,
        context: 4.5,
        omega: last.omega,
        iterations: last.iterations,
        converged: true,
        extraSweeps: 0,
        seconds: 0.001,
      },
    ]);
  });

  it("holds records the snapshot does not count, and takes the restarted service's version", async () => {
    const stateFile = join(tmp(), 'run.json');
    run(start(stateFile), 3, 1);
    // A kill between the records append and the snapshot rename leaves a line for step 4.
    appendRecords(recordsPathFor(stateFile), [
      { t: 3, omega: 1.01, iterations: 99999, converged: false, extraSweeps: 0 },
    ]);
    const follower = new StateFollower(stateFile);
    expect((await follower.poll()).records.map((r) => r.t)).toEqual([0, 1, 2]);
    // The restarted simulation sends the same hello: the service trims the extra line and goes on.
    const resumed = start(stateFile);
    expect(readSnapshot(stateFile)?.steps).toBe(3);
    const again = run(resumed, 1, 4);
    expect(again[0].step).toBe(4);
    const u = await follower.poll();
    expect(u.records).toEqual(asRecords(again));
    expect(u.records[0].iterations).not.toBe(99999);
  });

  it('reports a run with no update for 30 s as stopped, and a missing file as missing', async () => {
    const stateFile = join(tmp(), 'run.json');
    run(start(stateFile), 2, 1);
    const t0 = Date.now();
    const follower = new StateFollower(stateFile, t0);
    expect((await follower.poll(t0)).status.kind).toBe('following');
    const later = await follower.poll(t0 + STALE_AFTER_MS + 1000);
    expect(later.status).toEqual({ kind: 'stale', pid: process.pid, steps: 2, seconds: 31 });
    expect(statusText(later.status)).toBe(`stopped: no update for 31 s (pid ${process.pid}, 2 steps)`);
    expect((await new StateFollower(join(tmp(), 'none.json')).poll()).status).toEqual({ kind: 'missing' });
  });

  it('names a file that is not a state file', async () => {
    const file = join(tmp(), 'other.json');
    writeFileSync(file, '{"format":"something-else"}');
    const u = await new StateFollower(file).poll();
    expect(u.status.kind).toBe('error');
    expect(statusText(u.status)).toContain(`${file}: not a relax serve state file`);
  });

  it('recognises state file names', () => {
    expect(isServeStateName('heat.relax-serve.json')).toBe(true);
    expect(isServeStateName('/a/b/run.relax-serve.json')).toBe(true);
    expect(isServeStateName('run.json')).toBe(false);
    expect(isServeStateName('heat.relax-serve.records.jsonl')).toBe(false);
    expect(isServeStateName('heat.relax.json')).toBe(false);
  });

  it('tells an attached simulation’s report from a learning run’s (by its source)', () => {
    const base: LearningReport = { kind: 'learning', title: 't', instances: 0, method: 'sor', series: [] };
    expect(isAttachReport({ ...base, source: 'file:///w/heat.relax-serve.json' })).toBe(true);
    expect(isAttachReport({ ...base, source: 'file:///w/paper-beta-2-6.relax.json' })).toBe(false);
    expect(isAttachReport({ ...base })).toBe(false);
    expect(
      isAttachReport({ kind: 'single', title: 't', source: 'file:///w/x.relax-serve.json', facts: [], residuals: [] }),
    ).toBe(false);
  });
});

describe('attach to a real `relax serve` process', () => {
  let serveJs = '';
  beforeAll(async () => {
    serveJs = await buildServeEntry();
  });

  it('follows a live session over stdio, then reports it stopped after a kill -9', async () => {
    const stateFile = join(tmp(), 'heat.relax-serve.json');
    const p = new ServeProcess(serveJs);
    try {
      expect(
        (await p.request({ type: 'hello', learner: 'chebcb', seed: 1, contextRange: [0, 10], stateFile })).ok,
      ).toBe(true);
      const sent: Sent[] = [];
      const step = async (k: number): Promise<void> => {
        const context = (k % 10) + 0.25;
        const pr = await p.request({ type: 'predict', context });
        const omega = pr.omega as number;
        expect((await p.request({ type: 'observe', id: pr.id, iterations: cost(omega), converged: true })).ok).toBe(
          true,
        );
        sent.push({ step: pr.id as number, context, omega, iterations: cost(omega) });
      };
      for (let k = 0; k < 12; k++) await step(k);
      expect((await p.request({ type: 'save' })).ok).toBe(true);
      const follower = new StateFollower(stateFile);
      const u1 = await follower.poll();
      expect(u1.records).toEqual(asRecords(sent));
      expect(u1.status).toEqual({ kind: 'following', pid: p.child.pid, steps: 12 });
      for (let k = 12; k < 20; k++) await step(k);
      expect((await p.request({ type: 'save' })).ok).toBe(true);
      expect((await follower.poll()).records).toEqual(asRecords(sent.slice(12)));
      await p.kill();
      const t = Date.now();
      const after = await follower.poll(t + STALE_AFTER_MS);
      expect(after.records).toEqual([]);
      expect(after.status).toMatchObject({ kind: 'stale', pid: p.child.pid, steps: 20 });
    } finally {
      if (p.child.exitCode === null && p.child.signalCode === null) await p.kill();
    }
  });
});
