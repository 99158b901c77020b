import { DEFAULT_LIMITS, DEFAULTS } from '../core/defaults';
import type { MatrixLimits } from '../core/io/types';

/** A mistake in how the command was called: reported as one line on stderr with exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Option kinds: `flag` takes no value; `value` takes the next argument. */
export type OptionSpec = Record<string, 'flag' | 'value'>;

export interface ParsedArgs {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/** Parses `--name value`, `--name=value` and `--flag`; unknown options are usage errors. */
export function parseArgs(args: string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--') || arg === '--') {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option --${name}`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
    } else {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      out.values.set(name, value);
    }
  }
  return out;
}

/** A finite number option, optionally bounded; `undefined` when absent. */
export function numberOption(p: ParsedArgs, name: string, check?: (v: number) => boolean, expected?: string): number | undefined {
  const text = p.values.get(name);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || (check !== undefined && !check(v))) {
    throw new UsageError(`--${name} must be ${expected ?? 'a number'}, got '${text}'`);
  }
  return v;
}

/** A positive integer option; `undefined` when absent. */
export function integerOption(p: ParsedArgs, name: string, min = 1): number | undefined {
  return numberOption(p, name, (v) => Number.isInteger(v) && v >= min, `an integer >= ${min}`);
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(p: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = p.values.get(name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${v}'`);
  return v as T;
}

/** Exactly one positional FILE argument. */
export function singleFile(p: ParsedArgs, usage: string): string {
  if (p.positional.length === 0) throw new UsageError(`missing FILE (${usage})`);
  if (p.positional.length > 1) throw new UsageError(`unexpected argument '${p.positional[1]}' (${usage})`);
  return p.positional[0];
}

/** The size-limit options every command that reads a matrix takes (the editor's relax.max* settings). */
export const LIMIT_OPTIONS: OptionSpec = { 'max-rows': 'value', 'max-entries': 'value', 'max-memory-mb': 'value' };

/** Help lines for LIMIT_OPTIONS, with the defaults. */
export const LIMIT_USAGE = `  --max-rows N        refuse matrices with more rows or columns (default ${DEFAULT_LIMITS.maxRows})
  --max-entries N     refuse files listing more entries (default ${DEFAULT_LIMITS.maxStoredEntries})
  --max-memory-mb M   refuse matrices whose reading needs more memory, and .gz data expanding past it (default ${DEFAULT_LIMITS.maxMemoryMB})`;

/** The limits the --max-* options set, the editor's defaults for the ones not given. */
export function limitsOption(p: ParsedArgs): MatrixLimits {
  return {
    maxRows: integerOption(p, 'max-rows') ?? DEFAULT_LIMITS.maxRows,
    maxStoredEntries: integerOption(p, 'max-entries') ?? DEFAULT_LIMITS.maxStoredEntries,
    maxMemoryMB: numberOption(p, 'max-memory-mb', (v) => v > 0, 'a number > 0') ?? DEFAULT_LIMITS.maxMemoryMB,
  };
}

/** --seed: any integer, the documented default (relax.seed) when absent. */
export function seedOption(p: ParsedArgs): number {
  return numberOption(p, 'seed', Number.isInteger, 'an integer') ?? DEFAULTS.seed;
}
