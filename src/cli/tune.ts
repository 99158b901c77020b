import { tuneOmega, type TuneMethod, type TunePoint } from '../core/tune/tune';
import { choiceOption, integerOption, LIMIT_OPTIONS, LIMIT_USAGE, limitsOption, numberOption, parseArgs, singleFile, UsageError } from './args';
import { EXIT_OK } from './exit';
import { num, seconds, table } from './format';
import { loadSystem, makeRhs } from './load';
import { progressLine } from './progress';

export const TUNE_USAGE = `usage: relax tune FILE [--method sor|ssor-cg] [--range 1,1.99] [--tol 1e-8] [--max-iter N]
                  [--rhs ones|aones|random|B.mtx] [--seed S] [--json]
  Finds the omega with the fewest iterations: starts at Young's omega* (SOR, when it applies), races
  every candidate against the best count so far, and gives up early when nothing converges. Compares
  with omega = 1 and Young's omega* (run to 20 x the best count, estimated beyond).
  --range LO,HI  omega interval inside (0, 2) (default 1,1.99)
  --json         one JSON object on stdout (omega, iterations, curve, baselines, cost, ...)
${LIMIT_USAGE}`;

/** `relax tune`: single-system omega search. */
export async function runTune(args: string[]): Promise<number> {
  const p = parseArgs(args, { method: 'value', range: 'value', tol: 'value', 'max-iter': 'value', rhs: 'value', seed: 'value', json: 'flag', ...LIMIT_OPTIONS });
  const file = singleFile(p, 'relax tune FILE');
  const method = choiceOption<TuneMethod>(p, 'method', ['sor', 'ssor-cg'], 'sor');
  const range = parseRange(p.values.get('range') ?? '1,1.99');
  const tol = numberOption(p, 'tol', (t) => t > 0, 'a positive number') ?? 1e-8;
  const maxIterations = integerOption(p, 'max-iter', 1) ?? 10000;
  const rhs = p.values.get('rhs') ?? 'ones';
  const limits = limitsOption(p);
  const { a } = await loadSystem(file, limits);
  const b = await makeRhs(a, rhs, p.values.get('seed') ?? '1', limits);
  const progress = progressLine();
  let t;
  try {
    t = tuneOmega(a, b, {
      method,
      range,
      solve: { tol, maxIterations },
      onProgress: (e) =>
        progress.update(`tune ${e.phase}: ${e.evaluations} solves, omega ${num(e.point.omega)} -> ${label(e.point)}; best ${e.best ? `${num(e.best.omega)} (${e.best.iterations})` : 'none yet'}`),
    });
  } finally {
    progress.clear();
  }
  if (p.flags.has('json')) {
    process.stdout.write(JSON.stringify({ file, rhs, tol, maxIterations, range, ...t }) + '\n');
    return EXIT_OK;
  }
  const rows: [string, string][] = [
    ['matrix', `${file}  (${a.rows} x ${a.cols})`],
    ['method', `${method === 'sor' ? 'SOR' : 'SSOR-CG'}, omega in [${range[0]}, ${range[1]}], tol ${num(tol)}`],
    ['best omega', t.converged ? `${num(t.omega, 6)}  -> ${t.iterations} iterations` : `none converged within ${maxIterations} iterations`],
    ['start', `${t.prior.source === 'young' ? "Young's omega*" : 'coarse bracket'} ${num(t.prior.omega, 5)} (${t.prior.note})`],
    ['omega = 1', label(t.baselines.omega1)],
  ];
  const y = t.baselines.young;
  if (y) rows.push(["Young's omega*", `${num(y.omega, 5)} -> ${label(y)}  (rho ${num(y.rho, 6)}, ${y.estimateSweeps} sweeps)`]);
  const c = t.cost;
  rows.push(['solves', `${t.evaluations}, ${seconds(t.seconds)}; cost ${c.total} iterations (estimate ${c.estimate}, search ${c.search}, baselines ${c.baselines})`]);
  if (t.message) rows.push([t.outcome === 'gave-up' ? 'gave up' : 'note', t.message]);
  if (!t.converged) rows.push(['hint', '--max-iter N raises the cap, --tol loosens the tolerance; --method ssor-cg for SPD matrices']);
  process.stdout.write(table(rows));
  process.stdout.write('\n  omega      iterations\n');
  for (const q of t.curve) process.stdout.write(`  ${q.omega.toFixed(5)}   ${label(q)}${q.converged && q.omega === t.omega ? '   <- best' : ''}\n`);
  return EXIT_OK;
}

/** A point as a user reads it: `96`, `> 99 (abandoned)`, `~ 35,266 (estimated)`, `>= 10000 (max-iterations)`. */
function label(q: TunePoint): string {
  if (q.converged) return `${q.iterations}`;
  if (q.reason === 'not-run') return 'not run (nothing converged to set its budget)';
  if (q.abandoned) return `> ${q.iterations} (abandoned: cannot beat the best)`;
  if (q.estimated) return `~ ${q.iterations} (estimated from the rate over ${q.work} iterations)`;
  return `>= ${q.iterations} (${q.reason})`;
}

function parseRange(text: string): [number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((v) => !Number.isFinite(v))) throw new UsageError(`--range must be LO,HI, got '${text}'`);
  const [lo, hi] = parts;
  if (!(lo > 0 && hi < 2 && lo <= hi)) throw new UsageError(`--range must lie inside (0, 2) with LO <= HI, got '${text}'`);
  return [lo, hi];
}
