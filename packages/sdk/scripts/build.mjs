#!/usr/bin/env node
// Builds dist/ for publishing: the JavaScript unbundled, one file per source module (dist/esm as ES modules,
// dist/cjs as CommonJS), like viem, so an app's bundler tree-shakes per module and the modules the SDK imports
// lazily (the revert decoder, the subgraph client of `wait({ indexed: true })`) stay lazy. Declarations come from
// tsup's dts build (tsup.config.ts): dist/*.d.ts and dist/*.d.cts per entry.
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Collapses the whitespace of the GraphQL documents (template literals passed to `graphql(`) and marks the calls pure. */
const minifyGraphql = {
  name: 'minify-graphql',
  setup(b) {
    b.onLoad({ filter: /[\\/]subgraph[\\/]documents\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      // Pure: an action bundles only the documents it sends (esbuild and other bundlers keep an unannotated call).
      const contents = source.replace(/graphql\(\s*`([^`]*)`/g, (_m, doc) => `/* @__PURE__ */ graphql(\`${doc.replace(/\s+/g, ' ').trim()}\``);
      return { contents, loader: 'ts' };
    });
  },
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
const entryPoints = sources(join(root, 'src'));
for (const format of ['esm', 'cjs']) {
  await build({
    entryPoints,
    outbase: join(root, 'src'),
    outdir: join(root, 'dist', format),
    format,
    platform: 'neutral',
    target: 'es2022',
    bundle: false,
    define: { __SDK_VERSION__: JSON.stringify(version) },
    // In CommonJS a lazy `import('./x.js')` of a sibling CJS module yields { default: module.exports } and no named
    // exports (Node's lexer does not see esbuild's neutral-platform exports): load it with require, still lazily.
    ...(format === 'cjs' ? { supported: { 'dynamic-import': false } } : {}),
    plugins: [minifyGraphql],
    logLevel: 'warning',
  });
}
// dist/cjs holds CommonJS with .js names: say so to Node and to TypeScript.
mkdirSync(join(root, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(root, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
console.log(`built ${entryPoints.length} modules as ESM and CJS`);
