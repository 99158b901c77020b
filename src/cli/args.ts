import { parseArgs as nodeParseArgs } from 'node:util';
import { DEFAULT_LIMITS, DEFAULTS } from '../core/defaults';
import type { MatrixLimits } from '../core/io/types';
import { MAX_RANKS } from '../core/solvers/rowBlocks';

/** A mistake in how the command was called: reported as one line on stderr with exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option of a command: `flag` takes no value, `value` takes one (`arg` names it in the help). */
export interface OptionDef {
  kind: 'flag' | 'value';
  arg?: string;
  help: string;
}

/** A command's options by name (without the leading `--`). */
export type OptionTable = Record<string, OptionDef>;

/** One table per command: the parser reads it and `usageOf` prints it as `--help`. */
export interface CommandSpec {
  name: string;
  /** Argument lines after `relax NAME`. */
  synopsis: string[];
  /** What the command does, already wrapped. */
  description: string;
  options: OptionTable;
  /** Lines after the option list. */
  footer?: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/** The `--help` text of a command, generated from its table. */
export function usageOf(c: CommandSpec): string {
  const lead = `relax ${c.name} `;
  // A synopsis line starting with a space continues the one before it.
  const lines = c.synopsis.map((s, i) =>
    s.startsWith(' ') ? `       ${' '.repeat(lead.length)}${s.trim()}` : `${i === 0 ? 'usage:' : '      '} ${lead}${s}`,
  );
  if (c.description) lines.push(...c.description.split('\n').map((l) => `  ${l}`));
  const heads = Object.entries(c.options).map(([name, o]) => [`--${name}${o.arg ? ` ${o.arg}` : ''}`, o.help] as const);
  const width = Math.max(0, ...heads.map(([h]) => h.length));
  for (const [head, help] of heads) lines.push(`  ${head.padEnd(width)}  ${help}`);
  if (c.footer) lines.push(...c.footer.split('\n').map((l) => `  ${l}`));
  return lines.join('\n');
}

/** Parses `--name value`, `--name=value` and `--flag` with node's util.parseArgs; unknown options are usage errors. */
export function parseArgs(args: string[], table: OptionTable): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(table).map(([name, o]) => [
      name,
      { type: o.kind === 'flag' ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = nodeParseArgs({ args, options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (e) {
    throw new UsageError(usageMessage(e, table));
  }
  const out: ParsedArgs = { positional: parsed.positionals, flags: new Set(), values: new Map() };
  for (const [name, v] of Object.entries(parsed.values)) {
    if (v === true) out.flags.add(name);
    else if (typeof v === 'string') {
      if (v === '') throw new UsageError(`--${name} needs a value`);
      out.values.set(name, v);
    }
  }
  return out;
}

/** util.parseArgs's error as one short line naming the option. */
function usageMessage(e: unknown, table: OptionTable): string {
  const message = e instanceof Error ? e.message : String(e);
  const name = /'(--?[^' ]+)/.exec(message)?.[1] ?? '';
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const bare = name.replace(/^-+/, '').split(/[ =]/)[0];
      return table[bare]?.kind === 'flag' ? `--${bare} takes no value` : `--${bare} needs a value`;
    }
    default:
      return message.split('\n')[0];
  }
}

/** A finite number option, optionally bounded; `undefined` when absent. */
export function numberOption(
  p: ParsedArgs,
  name: string,
  check?: (v: number) => boolean,
  expected?: string,
): number | undefined {
  const text = p.values.get(name);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || (check !== undefined && !check(v))) {
    throw new UsageError(`--${name} must be ${expected ?? 'a number'}, got '${text}'`);
  }
  return v;
}

/** An integer option >= min (and <= max); `undefined` when absent. */
export function integerOption(p: ParsedArgs, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
  return numberOption(p, name, (v) => Number.isInteger(v) && v >= min && v <= max, `an integer ${range}`);
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(p: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = p.values.get(name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${v}'`);
  return v as T;
}

/** Exactly one positional argument (FILE, SPEC.json). */
export function singleFile(p: ParsedArgs, usage: string, what = 'FILE'): string {
  if (p.positional.length === 0) throw new UsageError(`missing ${what} (${usage})`);
  if (p.positional.length > 1) throw new UsageError(`unexpected argument '${p.positional[1]}' (${usage})`);
  return p.positional[0];
}

/** `--ranks N`: PETSc's processor-local SOR on N MPI ranks with its default row split. */
export const RANKS_OPTIONS: OptionTable = {
  ranks: {
    kind: 'value',
    arg: 'N',
    help: `simulate PETSc on N MPI ranks (processor-local SOR in each rank's contiguous row block, PETSc's default split; 1 to ${MAX_RANKS}, default 1 = one process)`,
  },
};

/** The --ranks value (1 when absent); the solvers also refuse more ranks than rows. */
export function ranksOption(p: ParsedArgs): number {
  return integerOption(p, 'ranks', 1, MAX_RANKS) ?? 1;
}

/** The size-limit options every command that reads a matrix takes (the editor's relax.max* settings). */
export const LIMIT_OPTIONS: OptionTable = {
  'max-rows': {
    kind: 'value',
    arg: 'N',
    help: `refuse matrices with more rows or columns (default ${DEFAULT_LIMITS.maxRows})`,
  },
  'max-entries': {
    kind: 'value',
    arg: 'N',
    help: `refuse files listing more entries (default ${DEFAULT_LIMITS.maxStoredEntries})`,
  },
  'max-memory-mb': {
    kind: 'value',
    arg: 'M',
    help: `refuse matrices whose reading needs more memory, and .gz data expanding past it (default ${DEFAULT_LIMITS.maxMemoryMB})`,
  },
};

/** The limits the --max-* options set, the editor's defaults for the ones not given. */
export function limitsOption(p: ParsedArgs): MatrixLimits {
  return {
    maxRows: integerOption(p, 'max-rows') ?? DEFAULT_LIMITS.maxRows,
    maxStoredEntries: integerOption(p, 'max-entries') ?? DEFAULT_LIMITS.maxStoredEntries,
    maxMemoryMB: numberOption(p, 'max-memory-mb', (v) => v > 0, 'a number > 0') ?? DEFAULT_LIMITS.maxMemoryMB,
  };
}

/** --seed: any integer, the documented default (relax.seed) when absent. */
export function seedOption(p: ParsedArgs): number | undefined {
  return numberOption(p, 'seed', Number.isInteger, 'an integer');
}

/** --seed for the right-hand side: the documented default when absent. */
export function rhsSeedOption(p: ParsedArgs): number {
  return seedOption(p) ?? DEFAULTS.seed;
}

/** Options of one system's solve, shared by `relax solve` and `relax tune`. */
export const SYSTEM_OPTIONS: OptionTable = {
  tol: {
    kind: 'value',
    arg: 'T',
    help: `relative residual tolerance (default ${DEFAULTS.tolerance}): ||r_k||/||r_0|| for sor, ||r_k||/||b|| for CG`,
  },
  'max-iter': {
    kind: 'value',
    arg: 'N',
    help: `iteration cap (default ${DEFAULTS.maxIterations}); reaching it is reported as not converged`,
  },
  rhs: {
    kind: 'value',
    arg: 'B',
    help: `ones (default), a-times-ones or aones (the exact solution is all ones), random, or a vector .mtx file`,
  },
  seed: {
    kind: 'value',
    arg: 'S',
    help: `seed for --rhs random (default ${DEFAULTS.seed}; relax.seed = S in the editor gives the same vector)`,
  },
};
