import { defineConfig } from 'tsup';

// Declarations only (one .d.ts / .d.cts per entry, internal types inlined): the JavaScript is built unbundled by
// scripts/build.mjs. `tsup` runs after it (see the build script) and must not clean dist/.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    public: 'src/public.ts',
    wallet: 'src/wallet.ts',
    subgraph: 'src/subgraph.ts',
    errors: 'src/errors.ts',
  },
  format: ['esm', 'cjs'],
  // stripInternal: the declarations of internal modules stay out — the GraphQL documents' inferred types (input
  // filters of the whole schema) are too large for TypeScript to serialize (TS7056) and are not public API.
  dts: { only: true, compilerOptions: { stripInternal: true } },
  clean: false,
  target: 'es2022',
  external: ['viem', '@vpp/contracts'],
});
