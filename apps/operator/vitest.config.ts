import { defineConfig } from 'vitest/config';

// Each test file starts its own anvil on a free port (and stops it); 2 shared cores: two files at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
