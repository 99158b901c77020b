import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { exportDocument } from '../core/export/exportJson';
import type { ExportMethod, ExportSettings } from '../core/export/exportSettings';
import { formatPetscOptions, formatPetscOptionsFile, type PetscVariant } from '../core/export/petscOptions';
import { scipySnippet } from '../core/export/scipySnippet';
import { DEFAULT_LIMITS, DEFAULTS } from '../core/defaults';
import { MatrixMarketError, solvableMatrix, type MatrixLimits } from '../core/io/matrixMarket';
import { loadMatrix } from '../node/loadMatrix';
import type { CsrMatrix } from '../core/sparse/csr';
import { SolverInputError } from '../core/solvers/errors';
import { sor } from '../core/solvers/sor';
import { ssorPcg } from '../core/solvers/ssorPcg';
import { tuneOmega } from '../core/tune/tune';
import { LIMIT_USAGE } from './args';

export const EXPORT_USAGE = `usage: relax export FILE.mtx [--format petsc|scipy|json] [--method sor|ssor-cg] [--omega W]
                    [--tol T] [--max-it N] [--variant sequential|mpi] [--out FILE]
  Prints solver settings for the omega Relax tuned on FILE (b = ones, x_0 = 0), or for --omega W,
  with the tolerance and cap of that run:
  petsc   PETSc options, sequential and MPI (processor-local) variants, each labelled; with
          --variant, one variant as a file for PETSc's -options_file
  scipy   a runnable NumPy/SciPy script following Relax's definitions
  json    {method, omega, tolerance, maxIterations, measured, petsc: {sequential, mpi}}
  Defaults: --format petsc --method sor --tol ${DEFAULTS.tolerance} --max-it ${DEFAULTS.maxIterations}.
${LIMIT_USAGE}`;

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
  limits: MatrixLimits;
}

class UsageError extends Error {}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function numberArg(flag: string, value: string, ok: (x: number) => boolean, what: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new UsageError(`${flag} must be ${what}, got "${value}"`);
  return x;
}

function parseArgs(args: string[]): ExportArgs {
  const out: Partial<ExportArgs> & { format: Format; method: ExportMethod; tol: number; maxIterations: number; limits: MatrixLimits } = {
    limits: { ...DEFAULT_LIMITS },
    format: 'petsc',
    method: 'sor',
    tol: DEFAULTS.tolerance,
    maxIterations: DEFAULTS.maxIterations,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      if (out.file !== undefined) throw new UsageError(`one matrix file expected, got "${out.file}" and "${arg}"`);
      out.file = arg;
      continue;
    }
    const value = args[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    switch (arg) {
      case '--format':
        out.format = oneOf(arg, value, ['petsc', 'scipy', 'json'] as const);
        break;
      case '--method':
        out.method = oneOf(arg, value, ['sor', 'ssor-cg'] as const);
        break;
      case '--omega':
        out.omega = numberArg(arg, value, (x) => x > 0 && x < 2, 'a number strictly between 0 and 2');
        break;
      case '--tol':
        out.tol = numberArg(arg, value, (x) => x > 0 && x < 1, 'a number in (0, 1)');
        break;
      case '--max-it':
        out.maxIterations = numberArg(arg, value, (x) => Number.isInteger(x) && x >= 1, 'a positive integer');
        break;
      case '--variant':
        out.variant = oneOf(arg, value, ['sequential', 'mpi'] as const);
        break;
      case '--out':
        out.out = value;
        break;
      case '--max-rows':
        out.limits.maxRows = numberArg(arg, value, (x) => Number.isInteger(x) && x >= 1, 'a positive integer');
        break;
      case '--max-entries':
        out.limits.maxStoredEntries = numberArg(arg, value, (x) => Number.isInteger(x) && x >= 1, 'a positive integer');
        break;
      case '--max-memory-mb':
        out.limits.maxMemoryMB = numberArg(arg, value, (x) => x > 0, 'a number > 0');
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (out.file === undefined) throw new UsageError('a matrix file is required');
  if (out.variant !== undefined && out.format !== 'petsc') throw new UsageError('--variant applies to --format petsc only');
  return out as ExportArgs;
}

/** Solves at the given omega, or tunes first; returns the settings of that run. */
function settingsFor(a: CsrMatrix, args: ExportArgs): ExportSettings {
  const b = new Float64Array(a.rows).fill(1);
  const solve = { tol: args.tol, maxIterations: args.maxIterations };
  const source = basename(args.file);
  if (args.omega !== undefined) {
    const r = args.method === 'sor' ? sor(a, b, args.omega, solve) : ssorPcg(a, b, args.omega, solve);
    return { method: args.method, omega: args.omega, tolerance: args.tol, maxIterations: args.maxIterations, source, measured: { iterations: r.iterations, converged: r.converged } };
  }
  const tuned = tuneOmega(a, b, { method: args.method, solve, skipYoung: true });
  if (!tuned.converged) {
    throw new ExportFailure(
      `${args.file}: no omega in [1, 1.99] made ${args.method} converge within ${args.maxIterations} iterations at tolerance ${args.tol}; ` +
        'raise --max-it or pass --omega to export a chosen value',
    );
  }
  return { method: args.method, omega: tuned.omega, tolerance: args.tol, maxIterations: args.maxIterations, source, measured: { iterations: tuned.iterations, converged: true } };
}

class ExportFailure extends Error {}

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
export async function runExport(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  let args: ExportArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`relax export: ${e.message}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  try {
    const a = solvableMatrix(await loadMatrix(args.file, { limits: args.limits }));
    const text = render(settingsFor(a, args), args);
    if (args.out) writeFileSync(args.out, text);
    else process.stdout.write(text);
    return 0;
  } catch (e) {
    if (e instanceof MatrixMarketError || e instanceof ExportFailure) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof SolverInputError) {
      process.stderr.write(`${args.file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
