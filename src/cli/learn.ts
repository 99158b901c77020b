import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { HINDSIGHT, parsePolicyName } from '../core/compare/policyName';
import { runComparison } from '../core/compare/runner';
import type { ComparisonResult, PolicyResult, PolicyTotals, RunProgress } from '../core/compare/types';
import { sequenceFromSpec } from '../core/sequences/load';
import { loadSpec } from '../node/loadSpec';
import { nodeSequenceSource } from '../node/sequenceSource';
import { withWarmStart } from '../core/sequences/warmStart';
import type { Sequence } from '../core/sequences/sequence';
import type { SequenceSpec } from '../core/sequences/spec';
import type { MatrixLimits } from '../core/io/types';
import {
  integerOption,
  LIMIT_OPTIONS,
  limitsOption,
  parseArgs,
  seedOption,
  singleFile,
  usageOf,
  UsageError,
  type CommandSpec,
} from './args';
import { commandEntry, EXIT_OK, InputError } from './exit';

const LEARN: CommandSpec = {
  name: 'learn',
  synopsis: [
    'SPEC.json [--learner NAME] [--seed S] [--warm-start] [--json] [--records FILE.csv|FILE.json]',
    'SPEC.json --compare A,B,C [--seeds K] [--seed S] [--json] [--records FILE] [--cumulative FILE.csv]',
  ],
  description: 'Runs a learner (default auto) over the sequence SPEC.json describes, choosing omega per instance.',
  options: {
    learner: {
      kind: 'value',
      arg: 'NAME',
      help: 'tsallis-inf, tsallis-inf-cb, chebcb, auto, or a comparator: fixed=W, best-fixed, grid-optimal, instance-optimal (hindsight), young, cg',
    },
    compare: {
      kind: 'value',
      arg: 'LIST',
      help: 'run several on the same instances; best-fixed and grid-optimal are always added (they share one grid curve), ratios are to them and to instance-optimal when run',
    },
    seeds: {
      kind: 'value',
      arg: 'K',
      help: 'repeat on K draws of the sequence (seeds S..S+K-1): mean and worst ratio',
    },
    seed: {
      kind: 'value',
      arg: 'S',
      help: "seed of the learners (default: the spec's seed); sequence draw k uses spec seed + k",
    },
    'warm-start': {
      kind: 'flag',
      help: "start each solve from the previous instance's solution (instances without their own x0)",
    },
    json: { kind: 'flag', help: 'print JSON instead of text' },
    records: {
      kind: 'value',
      arg: 'FILE',
      help: 'write per-instance records (t, context, omega, iterations, converged, seconds, extraSweeps)',
    },
    cumulative: {
      kind: 'value',
      arg: 'FILE',
      help: 'write cumulative cost per instance for each policy (mean over seeds), CSV',
    },
    ...LIMIT_OPTIONS,
  },
};
export const LEARN_USAGE = usageOf(LEARN);

interface LearnArgs {
  spec: string;
  policies: string[];
  compare: boolean;
  seeds: number;
  seed?: number;
  json: boolean;
  warmStart?: boolean;
  records?: string;
  cumulative?: string;
  limits: MatrixLimits;
}

function learnArgs(args: string[]): LearnArgs {
  const p = parseArgs(args, LEARN.options);
  const spec = singleFile(p, 'relax learn SPEC.json', 'SPEC.json');
  const learner = p.values.get('learner');
  const compare = p.values.get('compare');
  const seed = seedOption(p);
  const out: Omit<LearnArgs, 'spec' | 'policies' | 'compare'> = {
    seeds: integerOption(p, 'seeds', 1, 1000) ?? 1,
    json: p.flags.has('json'),
    limits: limitsOption(p),
    ...(seed !== undefined ? { seed } : {}),
    ...(p.flags.has('warm-start') ? { warmStart: true } : {}),
    ...(p.values.has('records') ? { records: p.values.get('records') } : {}),
    ...(p.values.has('cumulative') ? { cumulative: p.values.get('cumulative') } : {}),
  };
  if (learner !== undefined && compare !== undefined)
    throw new UsageError('use either --learner or --compare, not both');
  if (out.records && !/\.(csv|json)$/i.test(out.records))
    throw new UsageError(`--records must end in .csv or .json, got ${out.records}`);
  let policies: string[];
  if (compare !== undefined) {
    policies = compare
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (policies.length === 0) throw new UsageError('--compare needs a comma-separated list');
    for (const base of ['best-fixed', 'grid-optimal']) if (!policies.includes(base)) policies.push(base);
  } else policies = [learner ?? 'auto'];
  for (const p of policies) {
    try {
      parsePolicyName(p);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return { spec, policies, compare: compare !== undefined, ...out };
}

/** One seed's run. */
interface SeedRun {
  seedOffset: number;
  learnerSeed: number;
  result: ComparisonResult;
}

/** `relax learn`: returns the exit code (0 done, 2 bad arguments, spec or matrix). */
export const runLearn = commandEntry('learn', async (args: string[]): Promise<number> => {
  const parsed = learnArgs(args);
  const spec = await loadSpec(parsed.spec);
  const built = await sequenceFromSpec(spec, nodeSequenceSource(parsed.limits));
  const sequence = parsed.warmStart ? withWarmStart(built) : built;
  const runs = await runSeeds(spec, sequence, parsed).catch((e: unknown) => {
    // Core refuses bad combinations (a contextual learner on a context-free sequence, ...) with plain errors.
    throw e instanceof RangeError || isUserError(e) ? new InputError((e as Error).message) : e;
  });
  report(parsed, spec, sequence, runs);
  return EXIT_OK;
});

/** Errors thrown by core for bad combinations (a contextual learner on a context-free sequence, ...). */
function isUserError(e: unknown): boolean {
  return e instanceof Error && e.constructor === Error && e.message.length > 0;
}

async function runSeeds(spec: SequenceSpec, sequence: Sequence, args: LearnArgs): Promise<SeedRun[]> {
  const base = args.seed ?? spec.seed;
  const bar = process.stderr.isTTY ? new ProgressBar(args.seeds) : undefined;
  const runs: SeedRun[] = [];
  for (let k = 0; k < args.seeds; k++) {
    bar?.seed(k);
    const result = await runComparison(sequence, args.policies, {
      seedOffset: k,
      learnerSeed: base + k,
      ...(bar ? { onProgress: (p: RunProgress) => bar.update(p) } : {}),
    });
    runs.push({ seedOffset: k, learnerSeed: base + k, result });
  }
  bar?.done();
  return runs;
}

class ProgressBar {
  private last = 0;
  private seedIndex = 0;
  constructor(private readonly seeds: number) {}
  seed(k: number): void {
    this.seedIndex = k;
  }
  update(p: RunProgress): void {
    const now = Date.now();
    if (now - this.last < 100 && p.done < p.instances) return;
    this.last = now;
    const width = 24;
    const filled = Math.round((width * p.done) / p.instances);
    const totals = p.running
      .slice(0, 4)
      .map((r) => `${r.learner} ${fmtInt(r.totalCost)}`)
      .join('  ');
    const seed = this.seeds > 1 ? `seed ${this.seedIndex + 1}/${this.seeds} ` : '';
    process.stderr.write(
      `\r\x1b[2K${seed}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.instances}  ${totals}`,
    );
  }
  done(): void {
    process.stderr.write('\r\x1b[2K');
  }
}

function report(args: LearnArgs, spec: SequenceSpec, sequence: Sequence, runs: SeedRun[]): void {
  if (args.records) writeRecords(args.records, runs);
  if (args.cumulative) writeFileSync(args.cumulative, cumulativeCsv(runs));
  const info = sequence.info;
  const header = {
    spec: args.spec,
    name: spec.name ?? basename(args.spec).replace(/\.relax\.json$|\.json$/, ''),
    kind: info.kind,
    instances: info.instances,
    n: info.n,
    solver: info.solver,
    tolerance: info.tolerance,
    maxIterations: info.maxIterations,
    omegaGrid: info.omegaGrid,
    ...(info.contextRange ? { contextRange: info.contextRange } : {}),
  };
  if (!args.compare) {
    const per = runs.map((run) => ({
      ...run.result.results[0].totals,
      seed: run.learnerSeed,
      cancelled: run.result.cancelled,
    }));
    if (args.json) {
      const body =
        per.length === 1 ? { ...per[0], sequence: header } : { learner: per[0].learner, seeds: per, sequence: header };
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      process.stdout.write(
        per.map((t) => (per.length > 1 ? `seed ${t.seed}: ` : '') + singleText(header.name, info, t)).join(''),
      );
    }
    return;
  }
  const summary = summarizeSeeds(runs);
  if (args.json) {
    const perSeed = runs.map((r) => ({
      seedOffset: r.seedOffset,
      learnerSeed: r.learnerSeed,
      seconds: r.result.seconds,
      results: r.result.results.map((x) => ({ ...x.totals, ...ratiosOf(x.totals, r.result.results) })),
    }));
    process.stdout.write(
      `${JSON.stringify({ sequence: header, seeds: runs.length, summary, runs: perSeed }, null, 2)}\n`,
    );
  } else process.stdout.write(compareText(header.name, info, runs.length, summary));
}

interface Ratios {
  toBestFixed?: number;
  toGridOptimal?: number;
  toInstanceOptimal?: number;
}

function ratiosOf(t: PolicyTotals, all: PolicyResult[]): Ratios {
  const cost = (name: string): number | undefined => all.find((r) => r.totals.learner === name)?.totals.totalCost;
  const ratio = (name: string): number | undefined => {
    const c = cost(name);
    return c !== undefined && c > 0 ? t.totalCost / c : undefined;
  };
  const out: Ratios = {};
  const bf = ratio('best-fixed');
  const go = ratio('grid-optimal');
  const io = ratio('instance-optimal');
  if (bf !== undefined) out.toBestFixed = bf;
  if (go !== undefined) out.toGridOptimal = go;
  if (io !== undefined) out.toInstanceOptimal = io;
  return out;
}

/** Per policy: means over seeds, and the worst (largest) ratio of any seed. */
interface PolicySummary {
  learner: string;
  hindsight: boolean;
  meanTotalIterations: number;
  meanExtraSweeps: number;
  meanTotalCost: number;
  meanSeconds: number;
  unconverged: number;
  learnerShare: number;
  omega?: number;
  firstMean: number;
  lastMean: number;
  ratios: { mean: Ratios; worst: Ratios };
}

function summarizeSeeds(runs: SeedRun[]): PolicySummary[] {
  const names = runs[0].result.results.map((r) => r.totals.learner);
  return names.map((name) => {
    const per = runs.map((r) => {
      const res = r.result.results.find((x) => x.totals.learner === name) as PolicyResult;
      return { t: res.totals, ratios: ratiosOf(res.totals, r.result.results) };
    });
    const mean = (f: (t: PolicyTotals) => number): number => per.reduce((s, p) => s + f(p.t), 0) / per.length;
    const ratioStat = (key: keyof Ratios, pick: (xs: number[]) => number): number | undefined => {
      const xs = per.map((p) => p.ratios[key]).filter((x): x is number => x !== undefined);
      return xs.length === per.length ? pick(xs) : undefined;
    };
    const meanR: Ratios = {};
    const worstR: Ratios = {};
    for (const key of ['toBestFixed', 'toGridOptimal', 'toInstanceOptimal'] as const) {
      const m = ratioStat(key, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
      const w = ratioStat(key, (xs) => Math.max(...xs));
      if (m !== undefined) meanR[key] = m;
      if (w !== undefined) worstR[key] = w;
    }
    const first = per[0].t;
    return {
      learner: name,
      hindsight: first.hindsight,
      meanTotalIterations: mean((t) => t.totalIterations),
      meanExtraSweeps: mean((t) => t.extraSweeps),
      meanTotalCost: mean((t) => t.totalCost),
      meanSeconds: mean((t) => t.seconds),
      unconverged: per.reduce((s, p) => s + p.t.unconverged, 0),
      learnerShare: mean((t) => t.learnerShare),
      ...(first.omega !== undefined && per.length === 1 ? { omega: first.omega } : {}),
      firstMean: mean((t) => t.firstMean),
      lastMean: mean((t) => t.lastMean),
      ratios: { mean: meanR, worst: worstR },
    };
  });
}

function singleText(name: string, info: Sequence['info'], t: PolicyTotals): string {
  const w = Math.min(200, Math.max(1, Math.floor(t.instances / 2)));
  const lines = [
    `${t.learner}${t.hindsight ? ' (hindsight comparator, not a runnable policy)' : ''} on ${name}: ${info.kind}, ${t.instances} instances, n = ${info.n}, ${info.solver === 'sor' ? 'SOR' : 'SSOR-CG'}, tol ${info.tolerance}`,
    `  total iterations  ${fmtInt(t.totalIterations)}`,
    `  extra sweeps      ${fmtInt(t.extraSweeps)}`,
    `  total cost        ${fmtInt(t.totalCost)}`,
    `  wall time         ${t.seconds.toFixed(2)} s${t.hindsight ? '' : ` (learner's own time ${(100 * t.learnerShare).toFixed(2)}% of solve time)`}`,
    `  unconverged       ${t.unconverged}${t.unconverged > 0 ? ` (each charged the cap, ${info.maxIterations} iterations)` : ''}`,
    `  mean cost, first ${w} -> last ${w} instances: ${t.firstMean.toFixed(1)} -> ${t.lastMean.toFixed(1)}`,
  ];
  if (t.omega !== undefined) lines.push(`  omega             ${t.omega.toFixed(4)}`);
  return `${lines.join('\n')}\n`;
}

function compareText(name: string, info: Sequence['info'], seeds: number, rows: PolicySummary[]): string {
  const hasIo = rows.some((r) => r.learner === 'instance-optimal');
  const ratioCell = (r: PolicySummary, key: keyof Ratios): string => {
    const m = r.ratios.mean[key];
    if (m === undefined) return '-';
    const w = r.ratios.worst[key] as number;
    return seeds > 1 ? `${m.toFixed(3)} (${w.toFixed(3)})` : m.toFixed(3);
  };
  const head = [
    'policy',
    'total iters',
    'extra sweeps',
    'total cost',
    '/ best-fixed',
    '/ grid-opt',
    ...(hasIo ? ['/ inst-opt'] : []),
    'wall s',
    'unconv',
    'first->last',
    'note',
  ];
  const body = rows.map((r) => [
    r.learner,
    fmtInt(r.meanTotalIterations),
    fmtInt(r.meanExtraSweeps),
    fmtInt(r.meanTotalCost),
    ratioCell(r, 'toBestFixed'),
    ratioCell(r, 'toGridOptimal'),
    ...(hasIo ? [ratioCell(r, 'toInstanceOptimal')] : []),
    r.meanSeconds.toFixed(2),
    String(r.unconverged),
    `${r.firstMean.toFixed(0)}->${r.lastMean.toFixed(0)}`,
    [
      r.hindsight ? 'hindsight' : '',
      r.omega !== undefined && HINDSIGHT.has(r.learner) ? `omega=${r.omega.toFixed(3)}` : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmtRow = (row: string[]): string =>
    row
      .map((c, i) => (i === 0 || i === row.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const title = `${name}: ${info.kind}, ${info.instances} instances, n = ${info.n}, ${info.solver === 'sor' ? 'SOR' : 'SSOR-CG'}, tol ${info.tolerance}${seeds > 1 ? `; mean of ${seeds} seeds, worst seed's ratio in parentheses` : ''}`;
  const foot =
    'total cost = iterations + extra sweeps (matrix work beyond the one solve); unconverged solves are charged the cap. hindsight = chooses with knowledge of the whole run, not a runnable policy.';
  return `${title}\n${fmtRow(head)}\n${body.map(fmtRow).join('\n')}\n${foot}\n`;
}

function writeRecords(path: string, runs: SeedRun[]): void {
  if (/\.json$/i.test(path)) {
    const data = runs.flatMap((r) =>
      r.result.results.map((x) => ({
        seed: r.learnerSeed,
        learner: x.totals.learner,
        hindsight: x.totals.hindsight,
        records: x.records,
      })),
    );
    writeFileSync(path, `${JSON.stringify(data)}\n`);
    return;
  }
  const lines = ['seed,learner,hindsight,t,context,omega,iterations,converged,seconds,extraSweeps'];
  for (const r of runs) {
    for (const x of r.result.results) {
      for (const rec of x.records) {
        lines.push(
          [
            r.learnerSeed,
            x.totals.learner,
            x.totals.hindsight,
            rec.t,
            rec.context ?? '',
            rec.omega === 0 ? '' : rec.omega, // 0: plain CG, which has no omega
            rec.iterations,
            rec.converged,
            (rec.seconds ?? 0).toExponential(4),
            rec.extraSweeps,
          ].join(','),
        );
      }
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** CSV: t, then per policy the cumulative cost (iterations + extra sweeps) up to and including t, mean over seeds. */
export function cumulativeCsv(runs: SeedRun[]): string {
  const names = runs[0].result.results.map((r) => r.totals.learner);
  const T = Math.min(...runs.map((r) => r.result.instances));
  const sums = names.map(() => new Float64Array(T));
  for (const r of runs) {
    names.forEach((name, j) => {
      const recs = (r.result.results.find((x) => x.totals.learner === name) as PolicyResult).records;
      let acc = 0;
      for (let t = 0; t < T; t++) {
        acc += recs[t].iterations + recs[t].extraSweeps;
        sums[j][t] += acc / runs.length;
      }
    });
  }
  const lines = [['t', ...names].join(',')];
  for (let t = 0; t < T; t++) lines.push([t + 1, ...sums.map((s) => Math.round(s[t] * 100) / 100)].join(','));
  return `${lines.join('\n')}\n`;
}

function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
