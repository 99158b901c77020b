// Steering's synchronous mode pipelines its round trips (observe writes the report and the next
// predict, the next omega reads the reply). These runs check that it is only a change of timing:
// the omegas equal those of a strictly blocking client that sends the same messages in the same
// order, with every = 1 and every = 3, and the service ends with every step observed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../helpers/childProcess';
import { DEBIAN_PYTHON, REPO } from './petscHarness';
import { buildServeEntry } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  serveJs = await buildServeEntry();
});

const SCRIPT = `
import json, math, sys
sys.path.insert(0, ${JSON.stringify(join(REPO, 'python'))})
from relax_client import RelaxClient, Steering
learner, every, steps = sys.argv[1], int(sys.argv[2]), 60
kappa = lambda s: 5.0 + 4.5 * math.sin(0.3 * s)
cost = lambda w, k: int(round(20 + 300 * (w - (1.5 + 0.04 * k)) ** 2))

steer = Steering(learner, seed=4, context_range=(0.0, 10.0), every=every)
piped, owed = [], 0
for s in range(steps):
    w = steer.omega(context=kappa(s))
    piped.append(w)
    steer.observe(cost(w, kappa(s)), True, 0.001, next_context=kappa(s + 1) if s + 1 < steps else None)
    owed += 1 if steer._client.owes_replies else 0
summary = steer.summary()["service"]
steer.close()

# The blocking reference: the same messages in the same order, each exchange waited for.
c = RelaxClient()
c.hello(learner, seed=4, context_range=(0.0, 10.0))
blocking, held, pending = [], None, None
for s in range(steps):
    if s % every == 0:
        if pending is None:
            msgs = ([RelaxClient._observe_message(*held)] if held else []) + [RelaxClient._predict_message(kappa(s))]
            reply = c.exchange(msgs)[-1]
            pending = (reply["omega"], reply["id"])
        w, pid = pending
        pending = None
        held = (pid, cost(w, kappa(s)), True, 0.001)
    else:
        w = blocking[-1]
    blocking.append(w)
    if (s + 1) % every == 0 and s + 1 < steps:
        msgs = ([RelaxClient._observe_message(*held)] if held else []) + [RelaxClient._predict_message(kappa(s + 1))]
        held = None
        reply = c.exchange(msgs)[-1]
        pending = (reply["omega"], reply["id"])
if held:
    c.exchange([RelaxClient._observe_message(*held)])
reference = c.summary()
c.close()
print(json.dumps({"piped": piped, "blocking": blocking, "owed": owed, "steps": summary["steps"],
                  "referenceSteps": reference["steps"], "totalIterations": summary["totalIterations"],
                  "referenceIterations": reference["totalIterations"]}))
`;

interface PipelineRun {
  piped: number[];
  blocking: number[];
  owed: number;
  steps: number;
  referenceSteps: number;
  totalIterations: number;
  referenceIterations: number;
}

async function run(learner: string, every: number): Promise<PipelineRun> {
  const file = join(mkdtempSync(join(tmpdir(), 'relax-pipeline-')), 'pipeline.py');
  writeFileSync(file, SCRIPT);
  const r = await runChild(DEBIAN_PYTHON, [file, learner, String(every)], {
    env: { ...process.env, RELAX_SERVE: `${process.execPath} ${serveJs}` },
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as PipelineRun;
}

describe('Steering pipelines its round trips without changing a single omega', () => {
  it.each([
    ['chebcb', 1],
    ['tsallis-inf', 1],
    ['chebcb', 3],
  ])('%s, every %i', async (learner, every) => {
    const out = await run(learner, every);
    expect(out.piped).toHaveLength(60);
    expect(out.piped).toEqual(out.blocking);
    // The learner moved: a run that returned one omega throughout would prove nothing.
    expect(new Set(out.piped).size).toBeGreaterThan(1);
    // After each asked step's observe (all but the last) a reply was owed: written, not waited for.
    expect(out.owed).toBe(Math.floor(59 / every));
    expect(out.steps).toBe(Math.ceil(60 / every));
    expect(out.steps).toBe(out.referenceSteps);
    expect(out.totalIterations).toBe(out.referenceIterations);
  });
});
