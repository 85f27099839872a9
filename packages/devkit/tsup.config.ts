import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  shims: true,
  // Workspace packages stay imports: the graph host and the subgraph build helper resolve their own files.
  external: ['@vpp/contracts', '@vpp/graph-host', '@vpp/subgraph', 'viem'],
});
