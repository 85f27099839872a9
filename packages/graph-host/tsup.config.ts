import { defineConfig } from 'tsup';
export default defineConfig({
  // The PGlite worker (GRAPH_HOST_PGLITE_THREAD=worker) is loaded by file next to the bundle.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'pglite-worker-entry': 'src/store/pglite-worker-entry.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  target: 'node20',
});
