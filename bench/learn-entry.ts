// Worker side of bench/learn.mjs: runs one comparison job and returns totals and cumulative costs.
import { parentPort, isMainThread } from 'node:worker_threads';
import { runComparison } from '../src/core/compare/runner';
import { learnerNames } from '../src/core/learn/registry';
import { parseSpec } from '../src/core/sequences/spec';
import { sequenceFromSpec } from '../src/core/sequences/load';
import { DEFAULT_LIMITS } from '../src/core/defaults';
import { nodeSequenceSource } from '../src/node/sequenceSource';

export interface LearnJob {
  id: string;
  /** Spec JSON (already adjusted for --quick). */
  spec: Record<string, unknown>;
  baseDir: string;
  policies: string[];
  seedOffset: number;
  learnerSeed: number;
}

export interface LearnJobResult {
  id: string;
  seedOffset: number;
  seconds: number;
  /** System size. */
  n: number;
  skipped: string[];
  totals: Record<string, unknown>[];
  /** Per policy: cumulative cost after each instance, sampled every `stride` instances. */
  cumulative: Record<string, number[]>;
  stride: number;
}

async function runJob(job: LearnJob): Promise<LearnJobResult> {
  const spec = parseSpec(JSON.stringify(job.spec), `${job.id}.relax.json`, job.baseDir);
  const sequence = await sequenceFromSpec(spec, nodeSequenceSource(DEFAULT_LIMITS));
  const known = (p: string): boolean =>
    !/^[a-z-]+$/.test(p) ||
    learnerNames.includes(p) ||
    ['best-fixed', 'grid-optimal', 'instance-optimal', 'young', 'cg'].includes(p);
  const policies = job.policies.filter(known);
  const skipped = job.policies.filter((p) => !known(p));
  const r = await runComparison(sequence, policies, { seedOffset: job.seedOffset, learnerSeed: job.learnerSeed });
  const stride = Math.max(1, Math.floor(r.instances / 500));
  const cumulative: Record<string, number[]> = {};
  for (const res of r.results) {
    const out: number[] = [];
    let acc = 0;
    res.records.forEach((rec, t) => {
      acc += rec.iterations + rec.extraSweeps;
      if ((t + 1) % stride === 0 || t === res.records.length - 1) out.push(acc);
    });
    cumulative[res.totals.learner] = out;
  }
  return {
    id: job.id,
    seedOffset: job.seedOffset,
    seconds: r.seconds,
    n: sequence.info.n,
    skipped,
    totals: r.results.map((x) => ({ ...x.totals })),
    cumulative,
    stride,
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (job: LearnJob) => {
    runJob(job).then(
      (result) => port.postMessage({ ok: true, result }),
      (e: unknown) => port.postMessage({ ok: false, id: job.id, error: (e as Error).message }),
    );
  });
}
