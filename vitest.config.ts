import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from './test/hangGuard';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // A hang guard only (tests assert behaviour, never time): generous enough for a 2-core machine under any load.
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    teardownTimeout: HANG_GUARD_MS,
    pool: 'forks',
    globalSetup: ['test/globalSetup.ts'],
  },
});
