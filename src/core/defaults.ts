import type { MatrixLimits } from './io/types';

/** Default size limits of every entry point (editor settings, CLI flags, learning runs, serve). */
export const DEFAULT_LIMITS: MatrixLimits = { maxRows: 10_000_000, maxStoredEntries: 100_000_000, maxMemoryMB: 4096 };

/** How a user sets each limit: the editor setting and the CLI flag; messages name both. */
export const LIMIT_KNOBS: Record<keyof MatrixLimits, { setting: string; flag: string }> = {
  maxRows: { setting: 'relax.maxMatrixRows', flag: '--max-rows' },
  maxStoredEntries: { setting: 'relax.maxStoredEntries', flag: '--max-entries' },
  maxMemoryMB: { setting: 'relax.maxMatrixMemoryMB', flag: '--max-memory-mb' },
};
