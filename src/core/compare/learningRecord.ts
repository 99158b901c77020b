/**
 * What one policy did on one instance of a sequence. The one learning-record shape: the runner makes it,
 * the language server streams it, the panel draws it, `.relax/*.learn-*.json` saves it, and `relax serve`
 * appends it to its records file (and keeps the last ones in its state file).
 */
export interface LearningRecord {
  /** 0-based instance index (for a served simulation: its prediction id minus one). */
  t: number;
  context?: number;
  /** Omega used; 0 for plain CG, which has none. */
  omega: number;
  /** Iterations charged: the solver's count, or the cap when the solve did not converge. */
  iterations: number;
  converged: boolean;
  /** Matrix work beyond the one solve, in sweep-equivalents (one pass over the stored entries); 0 when served. */
  extraSweeps: number;
  /** Wall time of the solve(s), seconds; absent when not measured (older saved runs, untimed served steps). */
  seconds?: number;
  /** The simulation's Jacobi spectral estimate sent with a served predict, when it sent one. */
  jacobiRho?: number;
}

type Fields = Record<string, unknown>;

/**
 * Renames the fields of a record written by an older version to the current shape, leaving the values to
 * the caller's checks: `index` (0-based, learning runs saved with schemaVersion 1) and `step` (1-based,
 * `relax serve` records and state files of version 1) become `t`; a missing `extraSweeps` becomes 0.
 * A record already in the current shape is returned as it is.
 */
export function upgradeRecordFields(v: Fields): Fields {
  if (v.t !== undefined && v.extraSweeps !== undefined) return v;
  const { index, step, ...rest } = v;
  const t = rest.t ?? index ?? (typeof step === 'number' ? step - 1 : step);
  return { ...rest, t, extraSweeps: rest.extraSweeps ?? 0 };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const optionalFinite = (x: unknown): boolean => x === undefined || finite(x);

/**
 * A record read from a file of any version (see upgradeRecordFields), or undefined when the value is not one:
 * `t` a non-negative integer, `omega`, `iterations` and `extraSweeps` finite, `converged` a boolean.
 */
export function learningRecordFrom(v: unknown): LearningRecord | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const r = upgradeRecordFields(v as Fields);
  const ok =
    Number.isInteger(r.t) &&
    (r.t as number) >= 0 &&
    finite(r.omega) &&
    finite(r.iterations) &&
    finite(r.extraSweeps) &&
    typeof r.converged === 'boolean' &&
    optionalFinite(r.context) &&
    optionalFinite(r.seconds) &&
    optionalFinite(r.jacobiRho);
  if (!ok) return undefined;
  return {
    t: r.t as number,
    ...(r.context !== undefined ? { context: r.context as number } : {}),
    omega: r.omega as number,
    iterations: r.iterations as number,
    converged: r.converged as boolean,
    extraSweeps: r.extraSweeps as number,
    ...(r.seconds !== undefined ? { seconds: r.seconds as number } : {}),
    ...(r.jacobiRho !== undefined ? { jacobiRho: r.jacobiRho as number } : {}),
  };
}
