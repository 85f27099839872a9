import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    public: 'src/public.ts',
    wallet: 'src/wallet.ts',
    subgraph: 'src/subgraph.ts',
    errors: 'src/errors.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  splitting: true,
  treeshake: true,
  sourcemap: false,
  // Peers and dependencies stay external: the app's bundler dedupes viem / graphql and tree-shakes the ABIs.
  external: ['viem', 'graphql', 'graphql-request', 'gql.tada', '@vpp/contracts'],
});
