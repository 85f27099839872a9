import { defineConfig } from 'vitest/config';

// Suites start anvils, hosts and databases and stop them in afterAll hooks; on a loaded 2-core CI machine
// (three packages' suites at once) stopping several of them takes longer than vitest's 10 s hook default.
// A hung cleanup still fails, after two minutes instead of ten seconds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.bench-before/**'],
    hookTimeout: 120_000,
  },
});
