import { cgFamilyApplicability } from '../core/solvers/applicability';
import { localCgFallback, type LocalFallback } from '../core/solvers/rankedSolve';
import type { CsrMatrix } from '../core/sparse/csr';
import { tuneOmega, type TuneMethod, type TunePoint, type TuneRun } from '../core/tune/tune';
import { notApplicableVerdict, tuneVerdict, type TuneVerdict } from '../core/tune/verdict';
import {
  choiceOption,
  integerOption,
  LIMIT_OPTIONS,
  limitsOption,
  numberOption,
  parseArgs,
  RANKS_OPTIONS,
  ranksOption,
  rhsSeedOption,
  singleFile,
  SYSTEM_OPTIONS,
  usageOf,
  UsageError,
  type CommandSpec,
} from './args';
import { DEFAULTS } from '../core/defaults';
import { commandEntry, EXIT_OK } from './exit';
import { num, seconds, table } from './format';
import { loadSystem, makeRhs } from './load';
import { progressLine } from './progress';

const TUNE: CommandSpec = {
  name: 'tune',
  synopsis: [
    'FILE [--method sor|ssor-cg] [--range 1,1.99] [--tol 1e-8] [--max-iter N]',
    '     [--rhs ones|a-times-ones|random|B.mtx] [--seed S] [--ranks N] [--json]',
  ],
  description: `Finds the omega with the fewest iterations: starts at Young's omega* (SOR, when it applies), races
every candidate against the best count so far, and gives up early when nothing converges. Compares
with omega = 1 and Young's omega* (run to 20 x the best count, estimated beyond). SSOR-CG is refused
up front on matrices that cannot be SPD (not symmetric, a diagonal entry not positive), and a tuning
stops at the first solve that shows A is not positive definite. With --ranks N it tunes what PETSc runs
on N MPI ranks (processor-local SOR, or CG with local symmetric SOR), whose best omega differs.`,
  options: {
    method: { kind: 'value', arg: 'M', help: 'sor (default) or ssor-cg' },
    range: {
      kind: 'value',
      arg: 'LO,HI',
      help: `omega interval inside (0, 2) (default ${DEFAULTS.omegaRange.join(',')})`,
    },
    ...SYSTEM_OPTIONS,
    ...RANKS_OPTIONS,
    json: {
      kind: 'flag',
      help: 'one JSON object on stdout: converged, reason (a stop reason or not-applicable), message whenever nothing converged, omega and iterations only when a solve converged, curve, baselines, cost',
    },
    ...LIMIT_OPTIONS,
  },
};
export const TUNE_USAGE = usageOf(TUNE);

/** `relax tune`: single-system omega search. */
export const runTune = commandEntry('tune', async (args: string[]): Promise<number> => {
  const p = parseArgs(args, TUNE.options);
  const file = singleFile(p, 'relax tune FILE');
  const method = choiceOption<TuneMethod>(p, 'method', ['sor', 'ssor-cg'], 'sor');
  const range = parseRange(p.values.get('range') ?? DEFAULTS.omegaRange.join(','));
  const tol = numberOption(p, 'tol', (t) => t > 0, 'a positive number') ?? DEFAULTS.tolerance;
  const maxIterations = integerOption(p, 'max-iter', 1) ?? DEFAULTS.maxIterations;
  const ranks = ranksOption(p);
  const rhs = p.values.get('rhs') ?? DEFAULTS.rhs;
  const seed = rhsSeedOption(p);
  const limits = limitsOption(p);
  const { a } = await loadSystem(file, limits);
  const json = p.flags.has('json');
  const inputs = { file, rhs, tol, maxIterations, range, ranks };
  if (method === 'ssor-cg') {
    const fit = cgFamilyApplicability(a, 'ssor-cg');
    if (!fit.applies) {
      const verdict = notApplicableVerdict(fit.message);
      if (json)
        process.stdout.write(
          JSON.stringify({
            ...inputs,
            method,
            converged: false,
            ...verdict,
            curve: [],
            evaluations: 0,
            totalIterations: 0,
          }) + '\n',
        );
      else
        process.stdout.write(
          table([
            ['matrix', `${file}  (${a.rows} x ${a.cols})`],
            ['method', 'SSOR-CG'],
            ['refused', verdict.message ?? ''],
          ]),
        );
      return EXIT_OK;
    }
  }
  const b = await makeRhs(a, rhs, seed, limits);
  const progress = progressLine();
  let t;
  try {
    t = tuneOmega(a, b, {
      method,
      range,
      solve: { tol, maxIterations },
      ranks,
      onProgress: (e) =>
        progress.update(
          `tune ${e.phase}: ${e.evaluations} solves, omega ${num(e.point.omega)} -> ${label(e.point)}; best ${e.best ? `${num(e.best.omega)} (${e.best.iterations})` : 'none yet'}`,
        ),
    });
  } finally {
    progress.clear();
  }
  const verdict = tuneVerdict({
    method,
    range,
    maxIterations,
    converged: t.converged,
    cancelled: t.cancelled,
    points: allPoints(t),
    capHint: 'raise --max-iter',
    ranks,
    ...localAlternative(a, b, method, ranks, t, { tol, maxIterations }),
    ...(t.message !== undefined ? { searchMessage: t.message } : {}),
  });
  if (json) {
    process.stdout.write(JSON.stringify(tuneJson(inputs, t, verdict)) + '\n');
    return EXIT_OK;
  }
  const rows: [string, string][] = [
    ['matrix', `${file}  (${a.rows} x ${a.cols})`],
    [
      'method',
      `${method === 'sor' ? 'SOR' : 'SSOR-CG'}, omega in [${range[0]}, ${range[1]}], tol ${num(tol)}${ranks > 1 ? `, processor-local on ${ranks} ranks` : ''}`,
    ],
    ['best omega', t.converged ? `${num(t.omega, 6)}  -> ${t.iterations} iterations` : `none (${verdict.reason})`],
    [
      'start',
      `${t.prior.source === 'young' ? "Young's omega*" : 'coarse bracket'} ${num(t.prior.omega, 5)} (${t.prior.note})`,
    ],
    ['omega = 1', label(t.baselines.omega1)],
  ];
  const y = t.baselines.young;
  if (y)
    rows.push([
      "Young's omega*",
      `${num(y.omega, 5)} -> ${label(y)}  (rho ${num(y.rho, 6)}, ${y.estimateSweeps} sweeps)`,
    ]);
  const c = t.cost;
  rows.push([
    'solves',
    `${t.evaluations}, ${seconds(t.seconds)}; cost ${c.total} iterations (estimate ${c.estimate}, search ${c.search}, baselines ${c.baselines})`,
  ]);
  if (verdict.message !== undefined) rows.push([t.outcome === 'gave-up' ? 'gave up' : 'why', verdict.message]);
  process.stdout.write(table(rows));
  process.stdout.write('\n  omega      iterations\n');
  for (const q of t.curve)
    process.stdout.write(
      `  ${q.omega.toFixed(5)}   ${label(q)}${q.converged && q.omega === t.omega ? '   <- best' : ''}\n`,
    );
  return EXIT_OK;
});

/** A point as a user reads it: `96`, `> 99 (abandoned)`, `~ 35,266 (estimated)`, `>= 10000 (max-iterations)`. */
function label(q: TunePoint): string {
  if (q.converged) return `${q.iterations}`;
  if (q.reason === 'not-run') return 'not run (nothing converged to set its budget)';
  if (q.abandoned) return `> ${q.iterations} (abandoned: slower than the best or the cap)`;
  if (q.estimated) return `~ ${q.iterations} (estimated from the rate over ${q.work} iterations)`;
  if (q.reason === 'max-iterations') return `>= ${q.iterations} (max-iterations)`;
  return `${q.reason} after ${q.iterations}`;
}

/** Every solve of a tuning: the curve and the baselines outside it. */
function allPoints(t: TuneRun): TunePoint[] {
  const young = t.baselines.young;
  return [...t.curve, t.baselines.omega1, ...(young ? [young] : [])];
}

/**
 * The `--json` object: `reason` always, `message` whenever nothing converged, and `omega`/`iterations`
 * only for a converged optimum, so no field carries a count a solve did not reach.
 */
function tuneJson(inputs: object, t: TuneRun, verdict: TuneVerdict): object {
  const { omega, iterations, ...rest } = t;
  return {
    ...inputs,
    ...(t.converged ? { omega, iterations } : {}),
    ...rest,
    reason: verdict.reason,
    ...(verdict.message !== undefined ? { message: verdict.message } : {}),
  };
}

function parseRange(text: string): [number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((v) => !Number.isFinite(v)))
    throw new UsageError(`--range must be LO,HI, got '${text}'`);
  const [lo, hi] = parts;
  if (!(lo > 0 && hi < 2 && lo <= hi))
    throw new UsageError(`--range must lie inside (0, 2) with LO <= HI, got '${text}'`);
  return [lo, hi];
}

/** When processor-local SOR converged nowhere on several ranks, the local SSOR-CG that does, as the verdict's alternative. */
function localAlternative(
  a: CsrMatrix,
  b: Float64Array,
  method: TuneMethod,
  ranks: number,
  t: TuneRun,
  solve: { tol: number; maxIterations: number },
): { alternative?: LocalFallback } {
  if (ranks === 1 || method !== 'sor' || t.converged || t.cancelled) return {};
  const f = localCgFallback(a, b, ranks, solve);
  return f ? { alternative: f } : {};
}
