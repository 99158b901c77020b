// Exact resume: a `relax serve` killed with SIGKILL at an arbitrary point and restarted on its
// state file predicts, from the step it reports, exactly the omegas of an uninterrupted run, for
// every learner, with plain predict/observe and with the pipelined observe + predict of
// observe_and_predict (whose predict must not leak into the snapshot).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/node/serveState';
import { buildServeEntry, ServeProcess } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  serveJs = await buildServeEntry();
});

const STEPS = 36;
const context = (step: number): number => 5 + 4.5 * Math.sin(0.7 * step);
/** A cost whose best omega moves with the context, as a diffusion coefficient moves it. */
const cost = (omega: number, step: number): number =>
  Math.round(25 + 400 * (omega - (1.5 + 0.04 * context(step))) ** 2);

type Reply = Record<string, unknown>;

/** Drives steps `from`..`to` (1-based, inclusive); pipelined: observe(k) and predict(k+1) in one write. */
async function drive(p: ServeProcess, from: number, to: number, pipelined: boolean): Promise<number[]> {
  const omegas: number[] = [];
  let pred = await p.request({ type: 'predict', context: context(from) });
  for (let step = from; step <= to; step++) {
    expect(pred).toMatchObject({ ok: true, id: step });
    const omega = pred.omega as number;
    omegas.push(omega);
    const observe = { type: 'observe', id: step, iterations: cost(omega, step), converged: true };
    if (step === to) {
      expect(await p.request(observe)).toMatchObject({ ok: true });
    } else if (pipelined) {
      const [o, next] = await p.pipeline([observe, { type: 'predict', context: context(step + 1) }]);
      expect(o).toMatchObject({ ok: true });
      pred = next;
    } else {
      expect(await p.request(observe)).toMatchObject({ ok: true });
      pred = await p.request({ type: 'predict', context: context(step + 1) });
    }
  }
  return omegas;
}

/** Deterministic "random" kill points, different for each case. */
function killPoint(caseIndex: number): number {
  let x = (caseIndex + 1) * 2654435761;
  x = (x ^ (x >>> 13)) >>> 0;
  return 3 + (x % (STEPS - 8));
}

const learners = ['tsallis-inf', 'tsallis-inf-cb', 'chebcb', 'auto'];
const cases = learners.flatMap((learner) =>
  [true, false].flatMap((pipelined) => [1, 3, undefined].map((saveEvery) => ({ learner, pipelined, saveEvery }))),
);

describe('relax serve resumes exactly after kill -9', () => {
  const straight = new Map<string, number[]>();

  it.each(cases.map((c, i) => ({ ...c, i })))(
    '$learner, pipelined $pipelined, saveEvery $saveEvery',
    async ({ learner, pipelined, saveEvery, i }) => {
      const hello: Reply = { type: 'hello', learner, seed: 17, contextRange: [0, 10] };
      if (!straight.has(learner)) {
        const p = new ServeProcess(serveJs);
        expect(await p.request(hello)).toMatchObject({ ok: true });
        straight.set(learner, await drive(p, 1, STEPS, false));
        await p.end();
      }
      const expected = straight.get(learner) as number[];
      const stateFile = join(mkdtempSync(join(tmpdir(), 'relax-resume-')), 'sim.json');
      const withSave = saveEvery === undefined ? { ...hello, stateFile } : { ...hello, stateFile, saveEvery };
      const kill = killPoint(i);
      const first = new ServeProcess(serveJs);
      expect(await first.request(withSave)).toMatchObject({ ok: true, resumed: false });
      const before = await drive(first, 1, kill - 1, pipelined);
      expect(before).toEqual(expected.slice(0, kill - 1));
      // The kill lands while the service handles the last step's observe and the next predict.
      const pred = await first.request({ type: 'predict', context: context(kill) });
      first.child.stdin.write(
        `${JSON.stringify({ type: 'observe', id: kill, iterations: cost(pred.omega as number, kill), converged: true })}\n`,
      );
      if (pipelined) first.child.stdin.write(`${JSON.stringify({ type: 'predict', context: context(kill + 1) })}\n`);
      await first.kill();

      const second = new ServeProcess(serveJs);
      const resumed = await second.request(withSave);
      expect(resumed).toMatchObject({ ok: true, resumed: true });
      const steps = resumed.steps as number;
      expect(steps).toBeLessThanOrEqual(kill);
      if (saveEvery === 1) expect(steps).toBeGreaterThanOrEqual(kill - 1);
      expect(readSnapshot(stateFile)?.steps).toBe(steps);
      const after = await drive(second, steps + 1, STEPS, pipelined);
      expect(after).toEqual(expected.slice(steps));
      expect(await second.request({ type: 'summary' })).toMatchObject({ steps: STEPS });
      await second.end();
    },
  );

  it.each(learners)(
    '%s: a clean disconnect with a prediction pending saves every observe, and the resumed run is exact',
    async (learner) => {
      const hello: Reply = { type: 'hello', learner, seed: 23, contextRange: [0, 10] };
      const p = new ServeProcess(serveJs);
      await p.request(hello);
      const expected = await drive(p, 1, 20, false);
      await p.end();
      const stateFile = join(mkdtempSync(join(tmpdir(), 'relax-resume-clean-')), 'sim.json');
      const first = new ServeProcess(serveJs);
      await first.request({ ...hello, stateFile, saveEvery: 1000 });
      const before = await drive(first, 1, 11, true);
      await first.request({ type: 'predict', context: context(12) });
      expect(await first.end()).toBe(0);
      expect(first.stderr).toBe('');
      const second = new ServeProcess(serveJs);
      expect(await second.request({ ...hello, stateFile })).toMatchObject({ ok: true, resumed: true, steps: 11 });
      expect([...before, ...(await drive(second, 12, 20, true))]).toEqual(expected);
      await second.end();
    },
  );
});
