import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 30_000,
    // Set-up hooks that build many subjects on a loaded 2-core machine can pass 10 s.
    hookTimeout: 60_000,
  },
});
