import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { exportDocument } from '../core/export/exportJson';
import type { ExportMethod, ExportSettings } from '../core/export/exportSettings';
import { formatPetscOptions, formatPetscOptionsFile, type PetscVariant } from '../core/export/petscOptions';
import { scipySnippet } from '../core/export/scipySnippet';
import { DEFAULTS } from '../core/defaults';
import { solvableMatrix, type MatrixLimits } from '../core/io/matrixMarket';
import { loadMatrix } from '../node/loadMatrix';
import type { CsrMatrix } from '../core/sparse/csr';
import { localCgFallback, rankedSolve } from '../core/solvers/rankedSolve';
import { tuneOmega } from '../core/tune/tune';
import {
  choiceOption,
  integerOption,
  LIMIT_OPTIONS,
  limitsOption,
  numberOption,
  parseArgs,
  RANKS_OPTIONS,
  ranksOption,
  singleFile,
  usageOf,
  UsageError,
  type CommandSpec,
} from './args';
import { commandEntry, EXIT_OK, InputError } from './exit';

const FORMATS = ['petsc', 'scipy', 'json'] as const;
const EXPORT: CommandSpec = {
  name: 'export',
  synopsis: [
    'FILE.mtx [--format petsc|scipy|json] [--method sor|ssor-cg] [--omega W]',
    '      [--tol T] [--max-it N] [--variant sequential|mpi] [--ranks N] [--out FILE]',
  ],
  description: `Prints solver settings for the omega Relax tuned on FILE (b = ones, x_0 = 0), or for --omega W,
with the tolerance and cap of that run:
petsc   PETSc options, sequential and MPI (processor-local) variants, each labelled; with
        --variant, one variant as a file for PETSc's -options_file
scipy   a runnable NumPy/SciPy script following Relax's definitions
json    {method, omega, tolerance, maxIterations, measured, ranks, fallback, petsc: {sequential, mpi}}
With --ranks N the omega is tuned (and the count measured) for PETSc's processor-local form on N
ranks, and the MPI variant states the count PETSc will see there, or that the local form diverges
and what converges instead.`,
  options: {
    format: { kind: 'value', arg: 'F', help: 'petsc (default), scipy or json' },
    method: { kind: 'value', arg: 'M', help: 'sor (default) or ssor-cg' },
    omega: { kind: 'value', arg: 'W', help: 'export this omega instead of tuning one, strictly between 0 and 2' },
    tol: { kind: 'value', arg: 'T', help: `tolerance in (0, 1) (default ${DEFAULTS.tolerance})` },
    'max-it': { kind: 'value', arg: 'N', help: `iteration cap (default ${DEFAULTS.maxIterations})` },
    variant: { kind: 'value', arg: 'V', help: 'sequential or mpi: one PETSc variant as an options file' },
    out: { kind: 'value', arg: 'FILE', help: 'write to FILE instead of stdout' },
    ...RANKS_OPTIONS,
    ...LIMIT_OPTIONS,
  },
};
export const EXPORT_USAGE = usageOf(EXPORT);

type Format = 'petsc' | 'scipy' | 'json';

interface ExportArgs {
  file: string;
  format: Format;
  method: ExportMethod;
  omega?: number;
  tol: number;
  maxIterations: number;
  variant?: PetscVariant;
  out?: string;
  ranks: number;
  limits: MatrixLimits;
}

function exportArgs(argv: string[]): ExportArgs {
  const p = parseArgs(argv, EXPORT.options);
  const file = singleFile(p, 'relax export FILE.mtx');
  const format = choiceOption<Format>(p, 'format', FORMATS, 'petsc');
  const variant = p.values.has('variant')
    ? choiceOption<PetscVariant>(p, 'variant', ['sequential', 'mpi'], 'sequential')
    : undefined;
  if (variant !== undefined && format !== 'petsc') throw new UsageError('--variant applies to --format petsc only');
  const omega = numberOption(p, 'omega', (x) => x > 0 && x < 2, 'a number strictly between 0 and 2');
  const out = p.values.get('out');
  const ranks = ranksOption(p);
  if (ranks > 1 && variant === 'sequential')
    throw new UsageError('--ranks N > 1 describes the mpi variant: use --variant mpi (or drop --ranks)');
  return {
    ranks,
    file,
    format,
    method: choiceOption<ExportMethod>(p, 'method', ['sor', 'ssor-cg'], 'sor'),
    tol: numberOption(p, 'tol', (x) => x > 0 && x < 1, 'a number in (0, 1)') ?? DEFAULTS.tolerance,
    maxIterations: integerOption(p, 'max-it') ?? DEFAULTS.maxIterations,
    limits: limitsOption(p),
    ...(omega !== undefined ? { omega } : {}),
    ...(variant !== undefined ? { variant } : {}),
    ...(out !== undefined ? { out } : {}),
  };
}

/** Solves at the given omega, or tunes first, on args.ranks ranks; returns the settings of that run. */
function settingsFor(a: CsrMatrix, args: ExportArgs): ExportSettings {
  const b = new Float64Array(a.rows).fill(1);
  const solve = { tol: args.tol, maxIterations: args.maxIterations };
  const run = {
    method: args.method,
    tolerance: args.tol,
    maxIterations: args.maxIterations,
    source: basename(args.file),
    ...(args.ranks > 1 ? { ranks: args.ranks } : {}),
  };
  if (args.omega !== undefined) {
    const r = rankedSolve(a, b, args.method, args.omega, args.ranks, solve);
    const measured = { iterations: r.iterations, converged: r.converged, ...(r.converged ? {} : { reason: r.reason }) };
    return { ...run, omega: args.omega, measured, ...(r.converged ? {} : fallbackFor(a, b, args)) };
  }
  const tuned = tuneOmega(a, b, { method: args.method, solve, skipYoung: true, ranks: args.ranks });
  if (!tuned.converged) {
    const where = args.ranks > 1 ? ` on ${args.ranks} ranks (processor-local)` : '';
    const f = fallbackFor(a, b, args).fallback;
    const instead = f
      ? `; CG with local symmetric SOR converges there in ${f.iterations} iterations at omega ${f.omega}: relax export --method ssor-cg --ranks ${args.ranks}`
      : '';
    throw new InputError(
      `${args.file}: no omega in [1, 1.99] made ${args.method} converge${where} within ${args.maxIterations} iterations at tolerance ${args.tol} ` +
        `(solves stopped: ${[...new Set(tuned.curve.map((q) => q.reason))].join(', ')})${instead}; raise --max-it or pass --omega to export a chosen value`,
    );
  }
  return { ...run, omega: tuned.omega, measured: { iterations: tuned.iterations, converged: true } };
}

/** SSOR-CG at omega = 1 on the same ranks, offered when processor-local SOR failed there and it converges. */
function fallbackFor(a: CsrMatrix, b: Float64Array, args: ExportArgs): Pick<ExportSettings, 'fallback'> {
  if (args.ranks === 1 || args.method !== 'sor') return {};
  const f = localCgFallback(a, b, args.ranks, { tol: args.tol, maxIterations: args.maxIterations });
  return f ? { fallback: f } : {};
}

function render(settings: ExportSettings, args: ExportArgs): string {
  switch (args.format) {
    case 'petsc':
      return args.variant ? formatPetscOptionsFile(settings, args.variant) : formatPetscOptions(settings);
    case 'scipy':
      return scipySnippet({ ...settings, source: args.file });
    case 'json':
      return `${JSON.stringify(exportDocument(settings), null, 2)}\n`;
  }
}

/** `relax export`: returns the process exit code (0 exported, 2 bad input, usage, or no omega converged). */
export const runExport = commandEntry('export', async (argv: string[]): Promise<number> => {
  const args = exportArgs(argv);
  const a = solvableMatrix(await loadMatrix(args.file, { limits: args.limits }));
  const text = render(settingsFor(a, args), args);
  if (args.out) writeFileSync(args.out, text);
  else process.stdout.write(text);
  return EXIT_OK;
});
