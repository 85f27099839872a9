#!/usr/bin/env node
/**
 * Size budgets of the published bundle (dist/): what an app ships for one import, min+gz, with the peer viem and the
 * dependency @vpp/contracts external (no GraphQL client ships: documents are sent as text with fetch).
 *
 * Each import is bundled twice, with code splitting, as an app's production build does:
 * - Rollup (Vite's production bundler): the budget. "initial" is the entry chunk plus every chunk it imports
 *   statically; "lazy" the chunks behind dynamic imports (the revert decoder, loaded on the first error; the
 *   subgraph client of `wait({ indexed: true })`; the action groups the client binds lazily).
 * - esbuild, reported beside it: esbuild assigns a module to chunks by which entries can reach its file, so a
 *   module that is loaded lazily but also re-exported from the imported entry (the root re-exports every action and
 *   error class) lands in the initial chunks; its "initial" overstates what is loaded up front.
 * Bundles are minified with esbuild; a group of chunks is gzipped (level 9) as one payload. Writes bench/size.json and
 * exits 1 when a Rollup budget is exceeded.
 *
 *   pnpm --filter @vpp/sdk build && pnpm --filter @vpp/sdk size
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { rollup } from 'rollup';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1000;
const budgets = [
  { name: 'whole client (createVppClient, every action)', entry: 'index.js', names: ['createVppClient'], limit: 15 * KB },
  { name: 'one write action (requestDeposit)', entry: 'wallet.js', names: ['requestDeposit'], limit: 5 * KB },
  { name: 'one write action (dispatch)', entry: 'wallet.js', names: ['dispatch'], limit: 5 * KB },
  { name: 'one write action (addBattery)', entry: 'wallet.js', names: ['addBattery'], limit: 5 * KB },
  { name: 'one chain read (getFundState)', entry: 'public.js', names: ['getFundState'], limit: 5 * KB },
  { name: 'one subgraph read (getPortfolio)', entry: 'subgraph.js', names: ['getPortfolio'], limit: 5 * KB },
  { name: 'every export', entry: 'index.js', names: ['*'], limit: undefined },
];
const isExternal = (id) => id === 'viem' || id.startsWith('viem/') || id === '@vpp/contracts' || id.startsWith('@vpp/contracts/');
const source = ({ entry, names }) =>
  names[0] === '*' ? `export * from '${join(root, 'dist', 'esm', entry)}';` : `export { ${names.join(', ')} } from '${join(root, 'dist', 'esm', entry)}';`;

/** Sizes of a set of chunks { file: { code, imports, isEntry } }: the entry's static closure and the rest. */
function sizes(chunks) {
  const entry = [...chunks].find(([, c]) => c.isEntry)[0];
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file) || !chunks.has(file)) return;
    initial.add(file);
    for (const i of chunks.get(file).imports) visit(i);
  };
  visit(entry);
  const gzip = (files) => gzipSync(Buffer.concat(files.map((f) => Buffer.from(chunks.get(f).code))), { level: 9 }).length;
  const all = [...chunks.keys()];
  return {
    initialMinBytes: [...initial].reduce((s, f) => s + Buffer.byteLength(chunks.get(f).code), 0),
    initialGzipBytes: gzip([...initial]),
    lazyGzipBytes: gzip(all.filter((f) => !initial.has(f))),
    chunks: all.length,
  };
}

async function withRollup(budget) {
  const bundle = await rollup({
    input: '\0entry',
    external: isExternal,
    plugins: [{ name: 'entry', resolveId: (id) => (id === '\0entry' ? id : null), load: (id) => (id === '\0entry' ? source(budget) : null) }],
    // The package says "sideEffects": false, which Vite/Rollup (through its resolver) and webpack honour.
    treeshake: { moduleSideEffects: false },
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const chunks = new Map();
  for (const o of output) {
    if (o.type !== 'chunk') continue;
    const { code } = await transform(o.code, { minify: true, format: 'esm' });
    chunks.set(o.fileName, { code, imports: o.imports, isEntry: o.isEntry });
  }
  return sizes(chunks);
}

async function withEsbuild(budget) {
  const result = await build({
    stdin: { contents: source(budget), resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outdir: join(root, 'node_modules', '.cache', 'size'),
    write: false,
    metafile: true,
    external: ['viem', 'viem/*', '@vpp/contracts', '@vpp/contracts/*'],
    logLevel: 'silent',
  });
  const code = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  const chunks = new Map();
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    chunks.set(file, {
      code: code.get(join(root, file)) ?? '',
      imports: out.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
      isEntry: out.entryPoint === '<stdin>',
    });
  }
  return sizes(chunks);
}

const results = [];
let failed = false;
for (const b of budgets) {
  const [r, e] = [await withRollup(b), await withEsbuild(b)];
  const ok = b.limit === undefined || r.initialGzipBytes <= b.limit;
  failed ||= !ok;
  results.push({ name: b.name, import: `${b.names.join(', ')} from @vpp/sdk${b.entry === 'index.js' ? '' : `/${b.entry.replace('.js', '')}`}`, limitGzipBytes: b.limit ?? null, ok, rollup: r, esbuild: e });
  const kB = (n) => (n / KB).toFixed(2);
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${b.name.padEnd(46)} initial ${kB(r.initialGzipBytes)} kB${b.limit ? ` (budget ${b.limit / KB})` : ''}, lazy ${kB(r.lazyGzipBytes)}` +
      ` | esbuild initial ${kB(e.initialGzipBytes)}, lazy ${kB(e.lazyGzipBytes)}`,
  );
}
writeFileSync(
  join(root, 'bench', 'size.json'),
  `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, external: ['viem', '@vpp/contracts'], unit: 'bytes, minified + gzip -9', results }, null, 2)}\n`,
);
if (failed) process.exit(1);
