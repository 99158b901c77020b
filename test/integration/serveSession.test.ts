import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLearner, restoreLearner } from '../../src/core/learn/registry';
import { SAVE_INTERVAL_MS, ServeSession } from '../../src/serve/session';
import { readRecordsTail } from '../../src/node/serveRecords';
import { readSnapshot, recordsPathFor } from '../../src/node/serveState';

const factory = { create: createLearner, restore: restoreLearner };
type Reply = Record<string, unknown>;

/** A cost with a known best omega near 1.7: what a solver's iteration count looks like on a grid. */
const cost = (omega: number): number => Math.round(40 + 600 * (omega - 1.7) ** 2);

function session(token?: string): ServeSession {
  return new ServeSession(token === undefined ? { factory } : { factory, token });
}

/** A session whose process is about to "die": it never releases its state file, so no lock is taken. */
function doomed(): ServeSession {
  return new ServeSession({ factory, lock: () => () => undefined });
}

function send(s: ServeSession, message: unknown): Reply {
  return s.handleLine(typeof message === 'string' ? message : JSON.stringify(message)).reply as unknown as Reply;
}

/** Runs `steps` predict/observe pairs and returns the omegas predicted. */
function run(s: ServeSession, steps: number): number[] {
  const omegas: number[] = [];
  for (let k = 0; k < steps; k++) {
    const p = send(s, { type: 'predict' });
    expect(p.ok).toBe(true);
    const omega = p.omega as number;
    omegas.push(omega);
    const o = send(s, { type: 'observe', id: p.id, iterations: cost(omega), converged: true, seconds: 0.01 });
    expect(o).toMatchObject({ ok: true, id: p.id });
  }
  return omegas;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'relax-serve-'));

describe('relax serve session', () => {
  it('a full session: hello, predict/observe, summary, save, records on disk', () => {
    const dir = tmp();
    const stateFile = join(dir, 'run.json');
    const s = session();
    const hello = send(s, {
      type: 'hello',
      learner: 'tsallis-inf',
      seed: 7,
      range: [1, 1.9],
      points: 10,
      stateFile,
      tag: 'h',
    });
    expect(hello).toMatchObject({
      ok: true,
      type: 'hello',
      learner: 'tsallis-inf',
      steps: 0,
      resumed: false,
      tag: 'h',
    });
    const omegas = run(s, 40);
    for (const w of omegas) expect(w).toBeGreaterThanOrEqual(1);
    for (const w of omegas) expect(w).toBeLessThanOrEqual(1.9);
    const summary = send(s, { type: 'summary' });
    expect(summary).toMatchObject({ ok: true, steps: 40, unconverged: 0, pending: null });
    expect(summary.totalIterations).toBe(omegas.reduce((t, w) => t + cost(w), 0));
    expect(summary.totalSeconds).toBeCloseTo(0.4, 10);
    expect(send(s, { type: 'save' })).toMatchObject({ ok: true, stateFile, steps: 40 });
    const snap = readSnapshot(stateFile);
    expect(snap?.steps).toBe(40);
    expect(snap?.config).toMatchObject({ learner: 'tsallis-inf', grid: { min: 1, max: 1.9, points: 10 }, seed: 7 });
    expect(snap?.recent.map((r) => r.omega)).toEqual(omegas);
    const records = readFileSync(recordsPathFor(stateFile), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The one LearningRecord: prediction id k is instance t = k - 1.
    expect(records.map((r: { t: number }) => r.t)).toEqual(omegas.map((_, i) => i));
    expect(records.every((r: { extraSweeps: number }) => r.extraSweeps === 0)).toBe(true);
  });

  it('learns: late steps cost less than early ones on a cost with a clear best omega', () => {
    const s = session();
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 3 });
    const omegas = run(s, 600);
    const mean = (ws: number[]): number => ws.reduce((t, w) => t + cost(w), 0) / ws.length;
    expect(mean(omegas.slice(-100))).toBeLessThan(0.8 * mean(omegas.slice(0, 100)));
  });

  it.each([
    ['{"type": "predict"', /not valid JSON/],
    ['[1, 2]', /one JSON object/],
    ['{"type": "guess"}', /"type" must be one of hello, predict, observe, summary, save, got "guess"/],
    ['{"type": "hello", "seed": 1}', /hello: "learner" is required/],
    ['{"type": "hello", "learner": "tsallis-inf"}', /"seed" is required/],
    ['{"type": "hello", "learner": "tsallis-inf", "seed": 1, "range": [1.5, 1]}', /"range" must have lo < hi/],
    ['{"type": "hello", "learner": "tsallis-inf", "seed": 1, "colour": 1}', /unknown field "colour"/],
    ['{"type": "hello", "learner": "nope", "seed": 1}', /unknown learner 'nope'/],
  ])('a malformed message %s gets an error naming the problem, and the service keeps running', (line, message) => {
    const s = session();
    const reply = send(s, line);
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(message);
    expect(reply.line).toBe(1);
    expect(send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1 })).toMatchObject({ ok: true });
    expect(send(s, { type: 'predict' })).toMatchObject({ ok: true, id: 1 });
  });

  it('out-of-order messages are refused with the expected order, state unchanged', () => {
    const s = session();
    expect(send(s, { type: 'predict' }).error).toMatch(/predict before hello: send hello first/);
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1 });
    expect(send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1 }).error).toMatch(/already received/);
    expect(send(s, { type: 'observe', id: 1, iterations: 5, converged: true }).error).toMatch(
      /no prediction is pending/,
    );
    const p = send(s, { type: 'predict' });
    expect(send(s, { type: 'predict' }).error).toMatch(/prediction 1 is still waiting for its observe/);
    expect(send(s, { type: 'observe', id: 2, iterations: 5, converged: true }).error).toMatch(
      /id 2 does not match the pending prediction 1/,
    );
    expect(send(s, { type: 'observe', id: 1, iterations: -3, converged: true }).error).toMatch(
      /"iterations" must be a non-negative integer, got -3/,
    );
    expect(send(s, { type: 'observe', id: 1, iterations: 5, converged: 'yes' }).error).toMatch(
      /"converged" must be true or false/,
    );
    expect(send(s, { type: 'save' }).error).toMatch(/no "stateFile"/);
    expect(send(s, { type: 'observe', id: p.id, iterations: 5, converged: false })).toMatchObject({
      ok: true,
      steps: 1,
    });
    expect(send(s, { type: 'summary' })).toMatchObject({ steps: 1, totalIterations: 5, unconverged: 1 });
  });

  it("hello passes the simulation's solver to the learner and keeps it in the state file; a bad one is refused", () => {
    const seen: unknown[] = [];
    const spy = {
      create: (name: string, options: Parameters<typeof createLearner>[1]) => (
        seen.push(options),
        createLearner(name, options)
      ),
      restore: restoreLearner,
    };
    const stateFile = join(tmp(), 'cg.json');
    const s = new ServeSession({ factory: spy });
    expect(send(s, { type: 'hello', learner: 'auto', seed: 1, solver: 'gmres' }).error).toMatch(
      /"solver" must be "sor" or "ssor-cg", got "gmres"/,
    );
    expect(send(s, { type: 'hello', learner: 'auto', seed: 1, solver: 'ssor-cg', stateFile })).toMatchObject({
      ok: true,
    });
    expect(seen).toEqual([expect.objectContaining({ solver: 'ssor-cg' })]);
    run(s, 3);
    expect(send(s, { type: 'save' })).toMatchObject({ ok: true });
    expect(readSnapshot(stateFile)?.config.solver).toBe('ssor-cg');
  });

  it('a contextual learner requires the context on predict', () => {
    const s = session();
    expect(send(s, { type: 'hello', learner: 'tsallis-inf-cb', seed: 1, contextRange: [0, 1] })).toMatchObject({
      ok: true,
      contextual: true,
    });
    expect(send(s, { type: 'predict' }).error).toMatch(/needs a numeric "context"/);
    expect(send(s, { type: 'predict', context: 0.3 })).toMatchObject({ ok: true, id: 1 });
  });

  it('with a token, hello must carry it and a wrong one closes the connection', () => {
    const s = session('s3cret');
    const bad = s.handleLine(JSON.stringify({ type: 'hello', learner: 'tsallis-inf', seed: 1, token: 'guess' }));
    expect(bad.close).toBe(true);
    expect(bad.reply).toMatchObject({ ok: false, error: expect.stringMatching(/wrong or missing "token"/) });
    expect(send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1, token: 's3cret' })).toMatchObject({ ok: true });
  });

  it('restarting from the state file continues exactly where an uninterrupted run would be', () => {
    const hello = { type: 'hello', learner: 'tsallis-inf', seed: 11 };
    const straight = session();
    send(straight, hello);
    const expected = run(straight, 30);

    const stateFile = join(tmp(), 'state.json');
    const first = doomed();
    send(first, { ...hello, stateFile, saveEvery: 1 });
    const before = run(first, 18);
    send(first, { type: 'predict' }); // a prediction lost with the process: never observed
    const second = session();
    const resumed = send(second, { ...hello, stateFile });
    expect(resumed).toMatchObject({ ok: true, resumed: true, steps: 18 });
    const after = run(second, 12);
    expect([...before, ...after]).toEqual(expected);
  });

  it('refuses to resume a state file of another learner, and reports a corrupt one', () => {
    const dir = tmp();
    const stateFile = join(dir, 'state.json');
    const s = session();
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile });
    run(s, 2);
    expect(send(session(), { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile }).error).toMatch(
      /state.json is in use by another session of this service/,
    );
    s.close();
    expect(
      send(session(), { type: 'hello', learner: 'tsallis-inf-cb', seed: 1, contextRange: [0, 1], stateFile }).error,
    ).toMatch(/holds a "tsallis-inf" learner, not "tsallis-inf-cb"/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "relax-serve-state", "vers');
    expect(send(session(), { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile: broken }).error).toMatch(
      /broken.json: not a readable state file/,
    );
  });

  it('observe writes a due save before its reply, so saved: true means on disk and a pipelined predict is not in it', () => {
    const stateFile = join(tmp(), 'due.json');
    const s = doomed();
    send(s, { type: 'hello', learner: 'chebcb', seed: 2, contextRange: [0, 1], stateFile, saveEvery: 1 });
    const p = send(s, { type: 'predict', context: 0.25 });
    expect(send(s, { type: 'observe', id: p.id, iterations: 9, converged: true })).toMatchObject({
      ok: true,
      saved: true,
    });
    const onDisk = readFileSync(stateFile, 'utf8');
    expect(readSnapshot(stateFile)?.steps).toBe(1);
    expect(send(s, { type: 'predict', context: 0.5 })).toMatchObject({ ok: true, id: 2 });
    expect(s.needsFlush()).toBe(false);
    expect(readFileSync(stateFile, 'utf8')).toBe(onDisk);
    expect(readFileSync(recordsPathFor(stateFile), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a save with a prediction pending replays the unsaved steps, so the snapshot is the learner after the last observe', () => {
    const hello = { type: 'hello', learner: 'chebcb', seed: 4, contextRange: [0, 1] };
    const contexts = Array.from({ length: 14 }, (_, k) => (k * 0.37) % 1);
    const drive = (s: ServeSession, from: number, to: number): number[] => {
      const omegas: number[] = [];
      for (let k = from; k < to; k++) {
        const p = send(s, { type: 'predict', context: contexts[k] });
        omegas.push(p.omega as number);
        send(s, { type: 'observe', id: p.id, iterations: cost(p.omega as number), converged: true });
      }
      return omegas;
    };
    const straight = session();
    send(straight, hello);
    const expected = drive(straight, 0, 14);

    const stateFile = join(tmp(), 'replay.json');
    const clock = 0;
    const first = new ServeSession({ factory, now: () => clock, lock: () => () => undefined });
    send(first, { ...hello, stateFile });
    const before = drive(first, 0, 6); // the throttle is never due: nothing saved yet
    expect(readSnapshot(stateFile)?.steps).toBe(0);
    send(first, { type: 'predict', context: contexts[6] });
    expect(send(first, { type: 'save' })).toMatchObject({ ok: true, steps: 6 });
    const second = session();
    expect(send(second, { ...hello, stateFile })).toMatchObject({ ok: true, resumed: true, steps: 6 });
    expect([...before, ...drive(second, 6, 14)]).toEqual(expected);
  });

  it('without saveEvery the snapshot is written at most every SAVE_INTERVAL_MS, and flush writes the rest', async () => {
    const stateFile = join(tmp(), 'throttled.json');
    let clock = 1000;
    const s = new ServeSession({ factory, now: () => clock });
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile });
    expect(readSnapshot(stateFile)?.steps).toBe(0);
    run(s, 3);
    expect(readSnapshot(stateFile)?.steps).toBe(0);
    clock += SAVE_INTERVAL_MS;
    run(s, 1);
    expect(readSnapshot(stateFile)?.steps).toBe(4);
    run(s, 2);
    expect(s.needsFlush()).toBe(true);
    s.flush();
    expect(readSnapshot(stateFile)?.steps).toBe(6);
    expect((await readRecordsTail(recordsPathFor(stateFile), 0)).records).toHaveLength(6);
  });

  it('saveEvery k writes the snapshot every k observes, and close saves the rest', () => {
    const stateFile = join(tmp(), 'k.json');
    const s = session();
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile, saveEvery: 4 });
    run(s, 6);
    expect(readSnapshot(stateFile)?.steps).toBe(4);
    s.close();
    expect(readSnapshot(stateFile)?.steps).toBe(6);
    expect(readdirSync(join(stateFile, '..')).sort()).toEqual(['k.json', 'k.records.jsonl']);
  });

  it('a viewer can follow the records file incrementally (readRecordsTail)', async () => {
    const stateFile = join(tmp(), 'follow.json');
    const records = recordsPathFor(stateFile);
    const s = session();
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile, saveEvery: 1 });
    run(s, 3);
    const first = await readRecordsTail(records, 0);
    expect(first.records.map((r) => r.t)).toEqual([0, 1, 2]);
    run(s, 2);
    writeFileSync(records, readFileSync(records, 'utf8') + '{"t": 5, "omeg');
    const second = await readRecordsTail(records, first.nextOffset, first.ino);
    expect(second.records.map((r) => r.t)).toEqual([3, 4]);
    expect((await readRecordsTail(records, second.nextOffset, second.ino)).records).toEqual([]);
  });

  it('a save that fails is reported with saved: false and the reason, and the session keeps serving', () => {
    const dir = tmp();
    const stateFile = join(dir, 'gone', 'state.json');
    const warnings: string[] = [];
    const s = new ServeSession({ factory, onWarning: (m) => warnings.push(m) });
    mkdirSync(join(dir, 'gone'));
    send(s, { type: 'hello', learner: 'tsallis-inf', seed: 1, stateFile, saveEvery: 1 });
    rmSync(join(dir, 'gone'), { recursive: true });
    const p = send(s, { type: 'predict' });
    const o = send(s, { type: 'observe', id: p.id, iterations: 7, converged: true });
    expect(o).toMatchObject({
      ok: true,
      saved: false,
      saveError: expect.stringMatching(/cannot write .*state.json: ENOENT/),
    });
    expect(warnings[0]).toMatch(/cannot write .*state.json/);
    expect(send(s, { type: 'predict' })).toMatchObject({ ok: true, id: 2 });
    expect(send(s, { type: 'save' })).toMatchObject({ ok: false, error: expect.stringMatching(/save failed: /) });
  });
});
