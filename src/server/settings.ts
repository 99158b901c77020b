import type { MatrixLimits, RunSettings, ServerSettings, RhsSpec } from '../protocol';

import { DEFAULT_LIMITS, DEFAULTS } from '../core/defaults';

/** The run settings a client that sends none would get: core's defaults in the protocol's shape. */
export const DEFAULT_RUN_SETTINGS: RunSettings = {
  tolerance: DEFAULTS.tolerance,
  maxIterations: DEFAULTS.maxIterations,
  omegaRange: [DEFAULTS.omegaRange[0], DEFAULTS.omegaRange[1]],
  gridPoints: DEFAULTS.gridPoints,
  rhs: { kind: DEFAULTS.rhs },
  seed: DEFAULTS.seed,
  warmStart: DEFAULTS.warmStart,
};

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Limits from a `relax` settings object (initializationOptions / didChangeConfiguration); invalid values keep defaults. */
export function limitsFrom(raw: unknown): MatrixLimits {
  const r = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<keyof ServerSettings, unknown>;
  return {
    maxRows: positive(r.maxMatrixRows, DEFAULT_LIMITS.maxRows),
    maxStoredEntries: positive(r.maxStoredEntries, DEFAULT_LIMITS.maxStoredEntries),
    maxMemoryMB: positive(r.maxMatrixMemoryMB, DEFAULT_LIMITS.maxMemoryMB),
  };
}

const RHS_KINDS: readonly RhsSpec['kind'][] = ['ones', 'a-times-ones', 'random', 'file'];

/**
 * Checks run settings sent by a client; returns the first problem as a sentence naming the setting,
 * so a bad value is refused before any work instead of surfacing as a solver error.
 */
export function runSettingsProblem(s: RunSettings | undefined): string | undefined {
  if (!s || typeof s !== 'object') return 'missing run settings';
  if (!(s.tolerance > 0 && s.tolerance < 1)) return `relax.tolerance must be in (0, 1), got ${s.tolerance}`;
  if (!Number.isInteger(s.maxIterations) || s.maxIterations < 1) {
    return `relax.maxIterations must be a positive integer, got ${s.maxIterations}`;
  }
  const r = s.omegaRange;
  if (!Array.isArray(r) || r.length !== 2 || !(r[0] > 0 && r[0] < r[1] && r[1] < 2)) {
    return `relax.omegaRange must be [low, high] with 0 < low < high < 2, got ${JSON.stringify(r)}`;
  }
  if (!Number.isInteger(s.gridPoints) || s.gridPoints < 2 || s.gridPoints > 1000) {
    return `relax.gridPoints must be an integer in [2, 1000], got ${s.gridPoints}`;
  }
  if (!s.rhs || !RHS_KINDS.includes(s.rhs.kind)) return `relax.rhs must be one of ${RHS_KINDS.join(', ')}`;
  if (s.rhs.kind === 'file' && typeof s.rhs.uri !== 'string')
    return 'a right-hand side of kind "file" needs a vector file';
  if (!Number.isInteger(s.seed)) return `relax.seed must be an integer, got ${s.seed}`;
  return undefined;
}
