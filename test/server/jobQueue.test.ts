import { describe, expect, it } from 'vitest';
import { JobControl } from '../../src/server/jobControl';
import { JobQueue } from '../../src/server/jobQueue';

/** A task that records when it starts and finishes and waits for `release()`. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const task = async (): Promise<string> => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
    return name;
  };
  return { task, release };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('JobQueue', () => {
  it('runs jobs on one matrix one at a time in request order, and other matrices alongside', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const p1 = q.run('file:///a.mtx', 'tune', new JobControl(), a1.task);
    const p2 = q.run('file:///a.mtx', 'solve', new JobControl(), a2.task);
    const p3 = q.run('file:///b.mtx', 'tune', new JobControl(), b1.task);
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    expect(q.status()).toEqual({
      running: [
        { uri: 'file:///a.mtx', kind: 'tune' },
        { uri: 'file:///b.mtx', kind: 'tune' },
      ],
      queued: 1,
    });
    a1.release();
    expect(await p1).toBe('a1');
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    a2.release();
    b1.release();
    expect([await p2, await p3]).toEqual(['a2', 'b1']);
    await tick();
    expect(q.status()).toEqual({ running: [], queued: 0 });
    expect(q.isBusy('file:///a.mtx')).toBe(false);
  });

  it('never starts a job cancelled while queued, and a failed job does not block the next', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const first = gate(log, 'first');
    const queued = gate(log, 'queued');
    const p1 = q.run('file:///a.mtx', 'tune', new JobControl(), async () => {
      await first.task();
      throw new Error('boom');
    });
    const control = new JobControl();
    const p2 = q.run('file:///a.mtx', 'tune', control, queued.task);
    await tick();
    // The running job is told (its solver polls the flag); the queued one is dropped.
    expect(q.cancel('file:///a.mtx')).toBe(2);
    expect(control.cancelled).toBe(true);
    first.release();
    await expect(p1).rejects.toThrow('boom');
    expect(await p2).toBeUndefined();
    expect(log).toEqual(['start first', 'end first']);
    const after = await q.run('file:///a.mtx', 'solve', new JobControl(), async () => 'next');
    expect(after).toBe('next');
  });

  it('answers cancelAndWait only after the cancelled jobs have ended', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const running = gate(log, 'running');
    const control = new JobControl();
    const p1 = q.run('file:///a.mtx', 'learn', control, running.task);
    const p2 = q.run('file:///a.mtx', 'learn', new JobControl(), gate(log, 'queued').task);
    await tick();
    let answered: number | undefined;
    const answer = q.cancelAndWait().then((n) => (answered = n));
    await tick();
    // The running job saw the flag but has not stopped yet: no answer.
    expect(control.cancelled).toBe(true);
    expect(answered).toBeUndefined();
    running.release();
    await answer;
    expect(answered).toBe(2);
    expect(log).toEqual(['start running', 'end running']);
    expect([await p1, await p2]).toEqual(['running', undefined]);
    expect(await q.cancelAndWait()).toBe(0);
  });

  it('treats two spellings of the same file as one matrix', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const pa = q.run('file:///tmp/x%20y.mtx', 'tune', new JobControl(), a.task);
    const pb = q.run('file:///tmp/x y.mtx', 'tune', new JobControl(), b.task);
    await tick();
    expect(log).toEqual(['start a']);
    a.release();
    b.release();
    await Promise.all([pa, pb]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
