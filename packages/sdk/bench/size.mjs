#!/usr/bin/env node
/**
 * Size budgets of the published bundle (dist/): what an app ships for one import, min+gz, with the peers (viem) and
 * the dependency @vpp/contracts external. esbuild bundles `export { <name> } from '@vpp/sdk'` with code splitting;
 * "initial" is the entry plus every chunk it imports statically (what loads up front), "lazy" the chunks loaded by
 * dynamic import (the revert decoder on the first error, the subgraph client for `wait({ indexed: true })`).
 * Writes bench/size.json and exits 1 when a budget is exceeded.
 *
 *   pnpm --filter @vpp/sdk build && pnpm --filter @vpp/sdk size
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1000;
const budgets = [
  { name: 'whole client (createVppClient, every action)', entry: 'esm/index.js', names: ['createVppClient'], limit: 15 * KB },
  { name: 'one write action (invest)', entry: 'esm/wallet.js', names: ['invest'], limit: 5 * KB },
  { name: 'one write action (dispatch)', entry: 'esm/wallet.js', names: ['dispatch'], limit: 5 * KB },
  { name: 'one chain read (getFundState)', entry: 'esm/public.js', names: ['getFundState'], limit: 5 * KB },
  { name: 'one subgraph read (getPortfolio)', entry: 'esm/subgraph.js', names: ['getPortfolio'], limit: 5 * KB },
  { name: 'every export', entry: 'esm/index.js', names: ['*'], limit: undefined },
];

async function measure({ entry, names }) {
  const contents = names[0] === '*' ? `export * from './dist/${entry}'` : `export { ${names.join(', ')} } from './dist/${entry}'`;
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outdir: join(root, 'node_modules', '.cache', 'size'),
    write: false,
    metafile: true,
    external: ['viem', 'viem/*', '@vpp/contracts'],
    logLevel: 'silent',
  });
  const min = new Map(result.outputFiles.map((f) => [f.path, f.contents.length]));
  const outputs = result.metafile.outputs;
  const abs = (p) => join(root, p);
  const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint === '<stdin>');
  const initial = new Set();
  const visit = (out) => {
    if (initial.has(out)) return;
    initial.add(out);
    for (const i of outputs[out].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryOut);
  const code = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  // The chunks of one group gzipped together, as one payload.
  const gzipOf = (keys) => gzipSync(Buffer.concat(keys.map((k) => code.get(abs(k)) ?? new Uint8Array())), { level: 9 }).length;
  const all = Object.keys(outputs).filter((k) => k.endsWith('.js'));
  const lazy = all.filter((k) => !initial.has(k));
  return {
    initialMinBytes: [...initial].reduce((s, k) => s + (min.get(abs(k)) ?? 0), 0),
    initialGzipBytes: gzipOf([...initial]),
    lazyGzipBytes: gzipOf(lazy),
    totalGzipBytes: gzipOf(all),
  };
}

const results = [];
let failed = false;
for (const b of budgets) {
  const m = await measure(b);
  const ok = b.limit === undefined || m.initialGzipBytes <= b.limit;
  failed ||= !ok;
  results.push({ name: b.name, import: `${b.names.join(', ')} from dist/${b.entry}`, limitGzipBytes: b.limit ?? null, ...m, ok });
  console.log(`${ok ? 'ok  ' : 'OVER'} ${b.name.padEnd(48)} initial ${(m.initialGzipBytes / KB).toFixed(2)} kB min+gz` +
    `${b.limit ? ` (budget ${b.limit / KB} kB)` : ''}, lazy ${(m.lazyGzipBytes / KB).toFixed(2)} kB`);
}
writeFileSync(
  join(root, 'bench', 'size.json'),
  JSON.stringify({ node: process.version, external: ['viem', '@vpp/contracts'], results }, null, 2) + '\n',
);
if (failed) process.exit(1);
