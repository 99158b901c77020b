import { describe, expect, test } from 'vitest';
import { tuneOmega } from '../../../src/core/tune/tune';
import type { RunSettings } from '../../../src/protocol';
import { DEFAULT_RUN_SETTINGS } from '../../../src/server/settings';
import { JobControl } from '../../../src/server/jobControl';
import { runTuneJob } from '../../../src/server/tuneJob';
import { runPooledTune, type TuneJobRunner } from '../../../src/server/tuneTask';
import type { WorkerOutcome } from '../../../src/server/workerPool';
import { loadMtx, ones, samplePath } from '../solvers/fixtures';

/**
 * A stand-in for the worker pool: runs each job in this thread, then releases the results of a round
 * in reverse order of submission, as a pool whose later workers finish first would.
 */
function scramblingPool(size: number): TuneJobRunner & { jobs: number } {
  let held: (() => void)[] = [];
  const pool = {
    size,
    jobs: 0,
    run(task: Parameters<TuneJobRunner['run']>[0]): Promise<WorkerOutcome> {
      pool.jobs++;
      if (task.kind !== 'tuneJob') throw new Error('unexpected task');
      return runTuneJob(task, () => false).then(
        (result) =>
          new Promise<WorkerOutcome>((resolve) => {
            held.push(() => resolve({ status: 'done', result }));
            queueMicrotask(() => {
              if (held.length === 0) return;
              const release = held.reverse();
              held = [];
              for (const r of release) r();
            });
          }),
      );
    },
  };
  return pool;
}

describe('tuning on a pool', () => {
  const gr = loadMtx(samplePath('gr_30_30.mtx'));
  const settings: RunSettings = { ...DEFAULT_RUN_SETTINGS };

  test('candidates finishing in any order give the serial result of the same batch size', async () => {
    for (const size of [1, 3]) {
      const pool = scramblingPool(size);
      const out = await runPooledTune(pool, gr, 'sor', settings, new JobControl(), () => undefined);
      if (out.status !== 'done') throw new Error(out.message);
      const serial = tuneOmega(gr, ones(gr.rows), {
        batchSize: size,
        range: settings.omegaRange,
        solve: { tol: settings.tolerance, maxIterations: settings.maxIterations },
      });
      expect(out.tune.curve).toEqual(serial.curve);
      expect([out.tune.omega, out.tune.iterations]).toEqual([serial.omega, serial.iterations]);
      expect(out.tune.cost).toEqual(serial.cost);
      // One worker job for the prior, one per solve.
      expect(pool.jobs).toBe(1 + serial.evaluations);
    }
  });

  test('abandoned points reach the protocol flagged, never as converged', async () => {
    const out = await runPooledTune(scramblingPool(2), gr, 'sor', settings, new JobControl(), () => undefined);
    if (out.status !== 'done') throw new Error(out.message);
    const abandoned = out.tune.curve.filter((q) => q.abandoned);
    expect(abandoned.length).toBeGreaterThan(0);
    for (const q of abandoned) expect(q.converged).toBe(false);
  });

  test('a cancelled job ends the tuning as cancelled', async () => {
    const control = new JobControl();
    control.cancel();
    const out = await runPooledTune(scramblingPool(2), gr, 'sor', settings, control, () => undefined);
    expect(out.status).toBe('cancelled');
  });
});
