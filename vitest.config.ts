import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 30_000,
    // Two workers on two cores: most test time is spent waiting on a database or a browser, and by
    // default Vitest keeps one core free (one worker here).
    maxWorkers: 2,
  },
});
