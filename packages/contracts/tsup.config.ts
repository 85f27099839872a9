import { defineConfig } from 'tsup';

export default defineConfig([
  { entry: { index: 'ts/index.ts' }, format: ['esm', 'cjs'], dts: true, clean: true, target: 'es2022' },
  { entry: { node: 'ts/node.ts', local: 'ts/local.ts' }, format: ['esm'], dts: { entry: { node: 'ts/node.ts' } }, target: 'node20' },
]);
