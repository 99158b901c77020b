import { basename } from 'node:path';
import { writeMatrixMarketVector } from '../core/io/matrixMarket';
import { nnz } from '../core/sparse/csr';
import { cgFamilyApplicability } from '../core/solvers/applicability';
import { cg } from '../core/solvers/cg';
import type { SolveOptions, SolveResult } from '../core/solvers/result';
import { rankedSolve } from '../core/solvers/rankedSolve';
import { DEFAULTS } from '../core/defaults';
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
import { commandEntry, EXIT_OK } from './exit';
import { num, seconds, table } from './format';
import { writeFileAtomic } from '../node/atomicWrite';
import { loadSystem, makeRhs } from './load';
import { progressLine } from './progress';

const SOLVE: CommandSpec = {
  name: 'solve',
  synopsis: [
    'FILE --method sor|ssor-cg|cg [--omega W] [--tol 1e-8] [--max-iter N]',
    '      [--rhs ones|a-times-ones|random|B.mtx] [--seed S] [--ranks N] [--out x.mtx] [--json]',
  ],
  description: 'Solves A x = b from x0 = 0 and reports iterations, stop reason and relative residual.',
  options: {
    method: { kind: 'value', arg: 'M', help: 'sor (default), ssor-cg (SSOR-preconditioned CG) or cg' },
    omega: { kind: 'value', arg: 'W', help: 'relaxation parameter in (0, 2) for sor and ssor-cg (default 1)' },
    ...SYSTEM_OPTIONS,
    ...RANKS_OPTIONS,
    out: { kind: 'value', arg: 'x.mtx', help: 'write the final iterate as a Matrix Market array' },
    json: { kind: 'flag', help: 'one JSON object on stdout' },
    ...LIMIT_OPTIONS,
  },
  footer: 'Exit status 0 when the run completed (converged or not), 2 on bad input.',
};
export const SOLVE_USAGE = usageOf(SOLVE);

const METHODS = ['sor', 'ssor-cg', 'cg'] as const;

/** `relax solve`: one solve of a Matrix Market system. */
export const runSolve = commandEntry('solve', async (args: string[]): Promise<number> => {
  const p = parseArgs(args, SOLVE.options);
  const file = singleFile(p, 'relax solve FILE --method sor|ssor-cg|cg');
  const method = choiceOption(p, 'method', METHODS, DEFAULTS.method);
  const omegaGiven = numberOption(p, 'omega', (w) => w > 0 && w < 2, 'in (0, 2)');
  if (omegaGiven !== undefined && method === 'cg') throw new UsageError('--omega does not apply to --method cg');
  const omega = omegaGiven ?? 1;
  const ranks = ranksOption(p);
  if (ranks > 1 && method === 'cg')
    throw new UsageError('--ranks applies to --method sor and ssor-cg (processor-local SOR)');
  const tol = numberOption(p, 'tol', (t) => t > 0, 'a positive number') ?? DEFAULTS.tolerance;
  const maxIterations = integerOption(p, 'max-iter', 0) ?? DEFAULTS.maxIterations;
  const rhs = p.values.get('rhs') ?? DEFAULTS.rhs;
  const seed = rhsSeedOption(p);
  if (p.values.has('seed') && rhs !== 'random') throw new UsageError('--seed only applies with --rhs random');
  const out = p.values.get('out');
  if (out !== undefined && !/\.mtx$/i.test(out)) throw new UsageError(`--out must end in .mtx, got '${out}'`);
  const json = p.flags.has('json');

  const limits = limitsOption(p);
  const { a } = await loadSystem(file, limits);
  if (method !== 'sor') {
    // Refused before any iteration: CG-family methods need SPD, and the cheap necessary checks fail.
    const fit = cgFamilyApplicability(a, method);
    if (!fit.applies) return refuse(file, method, a.rows, a.cols, fit.message, json);
  }
  const b = await makeRhs(a, rhs, seed, limits);
  const progress = progressLine();
  const options: SolveOptions = {
    tol,
    maxIterations,
    onProgress: (k, rel) => progress.update(`${method} iteration ${k}  relative residual ${num(rel)}`),
  };
  let r: SolveResult;
  try {
    r = method === 'cg' ? cg(a, b, options) : rankedSolve(a, b, method, omega, ranks, options);
  } finally {
    progress.clear();
  }
  if (out !== undefined) {
    await writeFileAtomic(
      out,
      writeMatrixMarketVector(
        r.x,
        `relax solve ${basename(file)} --method ${method} iterations ${r.iterations} ${r.reason}`,
      ),
    );
  }

  if (json) {
    const o = {
      file,
      method,
      omega: method === 'cg' ? null : omega,
      ranks,
      rows: a.rows,
      storedEntries: nnz(a),
      rhs,
      tol,
      maxIterations,
      iterations: r.iterations,
      converged: r.converged,
      reason: r.reason,
      relativeResidual: r.relativeResidual,
      seconds: r.seconds,
      message: r.message ?? null,
      out: out ?? null,
    };
    process.stdout.write(JSON.stringify(o) + '\n');
    return EXIT_OK;
  }
  const rows: [string, string][] = [
    ['matrix', `${file}  (${a.rows} x ${a.cols}, ${nnz(a)} stored entries)`],
    [
      'method',
      method === 'cg'
        ? 'CG'
        : `${method === 'sor' ? 'SOR' : 'SSOR-CG'}, omega ${omega}${ranks > 1 ? `, processor-local on ${ranks} ranks (PETSc's row split)` : ''}`,
    ],
    ['rhs', rhs],
    [
      'result',
      r.converged
        ? `converged in ${r.iterations} iterations`
        : `NOT converged (${r.reason}) after ${r.iterations} iterations`,
    ],
    [
      'residual',
      `${num(r.relativeResidual)}  (tol ${num(tol)}, ${method === 'sor' ? '||r_k||/||r_0||' : '||r_k||/||b||'})`,
    ],
    ['time', seconds(r.seconds)],
  ];
  if (r.message !== undefined) rows.push(['why', r.message]);
  if (!r.converged) rows.push(['hint', hintFor(r, method, ranks)]);
  if (out !== undefined) rows.push(['written', out]);
  process.stdout.write(table(rows));
  return EXIT_OK;
});

/** What to try next after a run that did not converge. */
/** Reports a method that does not apply to A (JSON or a table) without solving; exit 0, as `relax tune` does. */
function refuse(
  file: string,
  method: 'ssor-cg' | 'cg',
  rows: number,
  cols: number,
  message: string,
  json: boolean,
): number {
  if (json) {
    const o = { file, method, rows, iterations: 0, converged: false, reason: 'not-applicable', message };
    process.stdout.write(JSON.stringify(o) + '\n');
  } else {
    process.stdout.write(
      table([
        ['matrix', `${file}  (${rows} x ${cols})`],
        ['method', method === 'cg' ? 'CG' : 'SSOR-CG'],
        ['refused', message],
      ]),
    );
  }
  return EXIT_OK;
}

export function hintFor(r: SolveResult, method: string, ranks = 1): string {
  if (ranks > 1 && r.reason === 'diverged') {
    return method === 'sor'
      ? `processor-local SOR on ${ranks} ranks diverges here (PETSc stops with DIVERGED_DTOL): try --method ssor-cg, which PETSc runs as CG with local symmetric SOR`
      : 'check that the matrix is SPD';
  }
  switch (r.reason) {
    case 'max-iterations':
      return method === 'sor'
        ? 'raise --max-iter, try `relax tune` for a better omega, or --method ssor-cg for SPD matrices'
        : 'raise --max-iter or loosen --tol; the matrix may be very ill-conditioned';
    case 'diverged':
      return method === 'sor'
        ? 'SOR does not converge here: try a smaller omega, or check the matrix'
        : 'check that the matrix is SPD';
    case 'stagnated':
      return 'check that b is in the range of A (singular systems need a consistent right-hand side)';
    case 'not-positive-definite':
      return 'CG and SSOR-CG need a symmetric positive definite matrix: use --method sor for other matrices';
    default:
      return 'run again';
  }
}
