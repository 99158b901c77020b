import type { MatrixLimits } from './io/types';

/** Default size limits of every entry point (editor settings, CLI flags, learning runs, serve). */
export const DEFAULT_LIMITS: MatrixLimits = { maxRows: 10_000_000, maxStoredEntries: 100_000_000, maxMemoryMB: 4096 };

/** How a user sets each limit: the editor setting and the CLI flag; messages name both. */
export const LIMIT_KNOBS: Record<keyof MatrixLimits, { setting: string; flag: string }> = {
  maxRows: { setting: 'relax.maxMatrixRows', flag: '--max-rows' },
  maxStoredEntries: { setting: 'relax.maxStoredEntries', flag: '--max-entries' },
  maxMemoryMB: { setting: 'relax.maxMatrixMemoryMB', flag: '--max-memory-mb' },
};

/** Right-hand sides every front end can build (src/core/rhs.ts); a vector file is the other choice. */
export const RHS_KINDS = ['ones', 'a-times-ones', 'random'] as const;
export type RhsKind = (typeof RHS_KINDS)[number];

/**
 * The one set of run defaults: the CLI flags, the server's fallbacks and the client's settings read
 * them from here; package.json's `contributes.configuration` is checked against SETTING_DEFAULTS.
 */
export const DEFAULTS = {
  /** Relative residual tolerance (dimensionless). */
  tolerance: 1e-8,
  maxIterations: 10_000,
  omegaRange: [1, 1.99] as readonly [number, number],
  /** Evenly spaced omegas of a folder sequence's grid (and of learners' grids). */
  gridPoints: 20,
  method: 'sor' as 'sor' | 'ssor-cg' | 'cg',
  rhs: 'ones' as RhsKind,
  /** Seed of the random right-hand side and of the learners. */
  seed: 0,
  learner: 'auto',
  warmStart: false,
};

/** Every `relax.*` setting's default, keyed as package.json names it. */
export const SETTING_DEFAULTS: Record<string, unknown> = {
  'relax.tolerance': DEFAULTS.tolerance,
  'relax.maxIterations': DEFAULTS.maxIterations,
  'relax.omegaRange': [...DEFAULTS.omegaRange],
  'relax.gridPoints': DEFAULTS.gridPoints,
  'relax.method': DEFAULTS.method,
  'relax.rhs': DEFAULTS.rhs,
  'relax.seed': DEFAULTS.seed,
  'relax.learner': DEFAULTS.learner,
  'relax.warmStart': DEFAULTS.warmStart,
  [LIMIT_KNOBS.maxRows.setting]: DEFAULT_LIMITS.maxRows,
  [LIMIT_KNOBS.maxStoredEntries.setting]: DEFAULT_LIMITS.maxStoredEntries,
  [LIMIT_KNOBS.maxMemoryMB.setting]: DEFAULT_LIMITS.maxMemoryMB,
};
