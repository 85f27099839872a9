import { defineConfig } from 'vitest/config';

// Each test file starts its own anvil on a free port (and stops it); 2 shared cores: two files at a time.
export default defineConfig({
  // TEMPORARY until @vpp/strategy builds (see strategy-shim.ts)
  resolve: { alias: { '@vpp/strategy': new URL('./strategy-shim.ts', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
