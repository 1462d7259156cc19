import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each file gets its own process, so a local stack per file never meets another's env.
    pool: 'forks',
  },
});
