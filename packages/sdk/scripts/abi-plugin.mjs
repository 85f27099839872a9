// esbuild plugin (used by tsup and the size benchmark): bundles the ABIs from @vpp/contracts — the generated,
// `as const` ABIs, never copied — keeping only what the SDK uses: every custom error (for revert decoding) and the
// functions the sources name ('functionName' string literals), without events or `internalType`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceStrings(dir) {
  const names = new Set();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) for (const n of sourceStrings(path)) names.add(n);
    else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'([A-Za-z_]\w*)'/g)) names.add(m[1]);
  }
  return names;
}

export function prunedAbisPlugin(srcDir) {
  return {
    name: 'vpp-pruned-abis',
    setup(build) {
      build.onResolve({ filter: /^@vpp\/contracts$/ }, () => ({ path: '@vpp/contracts', namespace: 'vpp-abis' }));
      build.onLoad({ filter: /.*/, namespace: 'vpp-abis' }, async () => {
        const contracts = await import('@vpp/contracts');
        const used = sourceStrings(srcDir);
        const strip = (v) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'internalType' ? undefined : x)));
        const lines = Object.entries(contracts)
          .filter(([name, value]) => name.endsWith('Abi') && Array.isArray(value))
          .map(([name, abi]) => {
            const kept = abi.filter((i) => i.type === 'error' || (i.type === 'function' && used.has(i.name)));
            return `export const ${name} = ${JSON.stringify(strip(kept))};`;
          });
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}
