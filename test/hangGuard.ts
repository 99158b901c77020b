/**
 * The one time limit tests use, and only to stop a hung child process or page wait: 20 minutes, far beyond
 * any honest run on a loaded 2-core machine. Never a performance assertion (timings belong in benchmarks).
 */
export const HANG_GUARD_MS = 20 * 60_000;
