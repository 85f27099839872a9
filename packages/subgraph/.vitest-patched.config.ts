import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: { alias: { '@vpp/graph-host': '/tmp/gh-patched/index.js' } },
  test: { root: '/work/main/packages/subgraph', include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000 },
});
