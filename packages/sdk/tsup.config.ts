import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
// @ts-expect-error plain ESM helper without types
import { prunedAbisPlugin } from './scripts/abi-plugin.mjs';

/** Collapses the whitespace of the GraphQL documents (template literals passed to `graphql(`) at build time. */
const minifyGraphql = {
  name: 'minify-graphql',
  setup(build: { onLoad: (o: { filter: RegExp }, cb: (a: { path: string }) => Promise<{ contents: string; loader: 'ts' }>) => void }) {
    build.onLoad({ filter: /[\\/]subgraph[\\/]documents\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(/graphql\(\s*`([^`]*)`/g, (_m, doc: string) => `graphql(\`${doc.replace(/\s+/g, ' ').trim()}\``);
      return { contents, loader: 'ts' };
    });
  },
};

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
  esbuildPlugins: [minifyGraphql, prunedAbisPlugin(new URL('./src', import.meta.url).pathname)],
  // The ABIs are bundled, pruned to what the SDK calls (see scripts/abi-plugin.mjs); types still come from @vpp/contracts.
  noExternal: ['@vpp/contracts'],
  // Peers and dependencies stay external: the app's bundler dedupes viem / graphql / graphql-request.
  external: ['viem', 'graphql', 'graphql-request'],
});
