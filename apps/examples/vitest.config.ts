import { defineConfig } from 'vitest/config';

// Every test file starts its own local stack (anvil + graph host) on free ports and stops it afterwards.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
