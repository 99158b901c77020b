import { MatrixMarketError } from '../core/io/matrixMarket';
import { SolverInputError } from '../core/solvers/errors';
import { UsageError } from './args';

/** Exit status of a run that completed (converged or not). */
export const EXIT_OK = 0;
/** Unexpected failure inside relax. */
export const EXIT_INTERNAL = 1;
/** Bad input or usage. */
export const EXIT_BAD_INPUT = 2;

/** Writes one line for an error and returns the exit status: 2 for the user's input, 1 for a bug. */
export function reportError(e: unknown): number {
  const { line, status } = describeError(e);
  process.stderr.write(`relax: ${line}\n`);
  return status;
}

/** One-line description of an error (never a stack trace) and its exit status. */
export function describeError(e: unknown): { line: string; status: number } {
  if (e instanceof UsageError || e instanceof MatrixMarketError || e instanceof SolverInputError) {
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
