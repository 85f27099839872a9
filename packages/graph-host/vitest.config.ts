import { defineConfig } from 'vitest/config';

// Suites start anvils, hosts and databases and stop them in afterAll hooks; on a loaded 2-core CI machine
// (three packages' suites at once) stopping several of them takes longer than vitest's 10 s hook default.
// A hung cleanup still fails, after two minutes instead of ten seconds.
const shared = { exclude: ['**/node_modules/**', '.bench-before/**'], hookTimeout: 120_000 };
/** Suites that assert a hostile query is answered within a second: run alone, after the others. */
const TIMED = ['test/query-limits.test.ts', 'test/server-safety.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        // Two files at a time: most of a suite's time is waiting on anvil, a host process or a
        // database, and vitest's default (cores - 1) would run them one by one on 2 cores.
        test: { ...shared, name: 'host', include: ['test/**/*.test.ts'], exclude: [...shared.exclude, ...TIMED], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        test: { ...shared, name: 'timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
