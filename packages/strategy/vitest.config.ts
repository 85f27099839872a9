import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // 2 shared cores: the anvil property test and the CPU-bound tests should not all run at once.
    maxWorkers: 2,
  },
});
