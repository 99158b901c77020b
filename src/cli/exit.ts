import { MatrixMarketError } from '../core/io/matrixMarket';
import { SpecError } from '../core/sequences/spec';
import { SolverInputError } from '../core/solvers/errors';
import { UsageError } from './args';

/** Input the command cannot work with (beyond usage, matrix and spec errors): exit status 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Exit status of a run that completed (converged or not). */
export const EXIT_OK = 0;
/** Unexpected failure inside relax. */
export const EXIT_INTERNAL = 1;
/** Bad input or usage. */
export const EXIT_BAD_INPUT = 2;

/** Writes one line for an error (`relax COMMAND: ...`) and returns the exit status: 2 for the user's input, 1 for a bug. */
export function reportError(e: unknown, command?: string): number {
  const { line, status } = describeError(e);
  process.stderr.write(`relax${command ? ` ${command}` : ''}: ${line}\n`);
  return status;
}

/** A command's entry that never throws: every error becomes one line and its exit status, here. */
export function commandEntry(
  name: string,
  run: (args: string[]) => Promise<number>,
): (args: string[]) => Promise<number> {
  return async (args) => {
    try {
      return await run(args);
    } catch (e) {
      return reportError(e, name);
    }
  };
}

/** One-line description of an error (never a stack trace) and its exit status. */
export function describeError(e: unknown): { line: string; status: number } {
  if (
    e instanceof UsageError ||
    e instanceof InputError ||
    e instanceof MatrixMarketError ||
    e instanceof SolverInputError ||
    e instanceof SpecError
  ) {
    return { line: oneLine(e.message), status: EXIT_BAD_INPUT };
  }
  if (isSystemError(e)) return { line: oneLine(systemMessage(e)), status: EXIT_BAD_INPUT };
  const message = e instanceof Error ? e.message : String(e);
  return { line: `internal error: ${oneLine(message)}`, status: EXIT_INTERNAL };
}

interface SystemError extends Error {
  code: string;
  path?: string;
}

function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as Partial<SystemError>).code === 'string';
}

function systemMessage(e: SystemError): string {
  const where = e.path ?? '';
  switch (e.code) {
    case 'ENOENT':
      return `${where}: no such file`;
    case 'EACCES':
    case 'EPERM':
      return `${where}: permission denied`;
    case 'EISDIR':
      return `${where}: is a directory, expected a file`;
    default:
      return e.message;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
