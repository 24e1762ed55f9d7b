import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Two workers on the two cores: most test time waits on a database or a browser (the suite on both
    // backends in ~6 min instead of ~14 in CI). Under that load a set-up hook that builds many subjects
    // can pass 10 s, and a test 30 s: the limits catch hangs, not slowness.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
