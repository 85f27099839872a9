/**
 * The SDK as an outsider installs it: the publishable packages are packed (`pnpm pack`, which rewrites `workspace:`
 * ranges), installed with npm from the tarballs into fresh projects under the OS temp directory (outside the
 * workspace, no pnpm, no links), type-checked with the project's own tsconfig and run against the real local stack
 * (anvil + the deployed system + the subgraph deployed to a graph host, started with @vpp/devkit):
 *
 *   esm-bundler  ESM TypeScript, moduleResolution bundler
 *   esm-node16   ESM TypeScript, module/moduleResolution node16
 *   cjs          CommonJS, require()
 *   browser      TypeScript with lib dom, no @types/node, skipLibCheck false; bundled for the browser and run
 *
 * npm reuses one cache directory across runs (node_modules/.cache/consumer-npm), so only the first run downloads
 * viem.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '@vpp/devkit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const sdkRoot = join(import.meta.dirname, '..');
const contractsRoot = join(sdkRoot, '..', 'contracts');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const npmCache = join(sdkRoot, 'node_modules', '.cache', 'consumer-npm');
const viemVersion = (JSON.parse(readFileSync(require.resolve('viem/package.json'), 'utf8')) as { version: string }).version;

let stack: LocalStack;
let work: string;
const tarballs: Record<string, string> = {};

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, npm_config_cache: npmCache } });

function pack(dir: string): string {
  const out = run('pnpm', ['pack', '--pack-destination', work], dir).trim().split('\n').pop()!.trim();
  return out.startsWith('/') ? out : join(work, out);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vpp-consumer-'));
  tarballs.contracts = pack(contractsRoot);
  tarballs.sdk = pack(sdkRoot);
  stack = await startLocalStack({
    anvil: { loadState: inject('anvilState') },
    deployment: inject('deployment'),
    subgraph: { build: inject('subgraphBuild') },
  });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function listTarball(file: string): string[] {
  return run('tar', ['-tzf', file], work).trim().split('\n');
}
function manifestOf(file: string): Record<string, unknown> {
  return JSON.parse(run('tar', ['-xzOf', file, 'package/package.json'], work)) as Record<string, unknown>;
}

describe('the packed packages', () => {
  it('have no workspace: ranges, no dev shims, a LICENSE and complete metadata', () => {
    for (const [name, file] of Object.entries(tarballs)) {
      const manifest = manifestOf(file);
      expect(JSON.stringify(manifest), name).not.toContain('workspace:');
      for (const key of ['license', 'repository', 'homepage', 'bugs', 'keywords', 'engines', 'description']) expect(manifest[key], `${name}.${key}`).toBeDefined();
      expect(manifest.sideEffects, name).toBe(false);
      const files = listTarball(file);
      expect(files, name).toContain('package/LICENSE');
      expect(files, name).toContain('package/README.md');
      expect(files, name).toContain('package/CHANGELOG.md');
    }
    const contracts = manifestOf(tarballs.contracts!);
    expect(Object.keys(contracts.exports as object)).not.toContain('./node');
    expect((contracts.peerDependencies as Record<string, string>).viem).toMatch(/^\^2\./);
    expect(contracts.dependencies ?? {}).not.toHaveProperty('viem');
    expect(listTarball(tarballs.contracts!).some((f) => f.includes('bin/solc') || f.includes('dist/node'))).toBe(false);
    const sdk = manifestOf(tarballs.sdk!);
    expect((sdk.dependencies as Record<string, string>)['@vpp/contracts']).toMatch(/^\^0\./);
    expect((sdk.peerDependencies as Record<string, string>).viem).toMatch(/^\^2\./);
  });
});

/** A fresh npm project with the tarballs and viem installed. */
function project(name: string, packageJson: object, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, ...packageJson, dependencies: { '@vpp/sdk': `file:${tarballs.sdk}`, '@vpp/contracts': `file:${tarballs.contracts}`, viem: viemVersion } }),
  );
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

const config = () => ({
  rpcUrl: stack.rpcUrl,
  subgraphUrl: stack.subgraphUrl!,
  deployment: stack.deployment,
  privateKey: stack.accounts[4]!.privateKey,
  stranger: stack.accounts[8]!.privateKey,
});

/** The program every project runs (TypeScript, the same for ESM and the browser). */
const program = `import { createVppClient, getPortfolio, NotAdminError, parseDeployment, VppError } from '@vpp/sdk';
import { http, parseEther, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { config } from './config.js';

const deployment = parseDeployment(config.deployment);
const account = privateKeyToAccount(config.privateKey as Hex);
const vpp = createVppClient({ transport: http(config.rpcUrl), account, deployment, subgraphUrl: config.subgraphUrl, pollingInterval: 50 });
const receipt = await (await vpp.invest({ amount: parseEther('2') })).wait({ indexed: true, timeoutMs: 30_000 });
const portfolio = await getPortfolio(vpp, { investor: account.address, blockNumber: receipt.blockNumber });
const stranger = createVppClient({ transport: http(config.rpcUrl), account: privateKeyToAccount(config.stranger as Hex), deployment });
let errorName = '';
try {
  await stranger.declareDividend({ basisPoints: 100 });
} catch (error) {
  if (error instanceof NotAdminError && error instanceof VppError) errorName = error.name;
}
console.log(JSON.stringify({ minted: receipt.outcome.sharesMinted.toString(), indexedShares: portfolio.shares.toString(), errorName }));
`;
const configTs = () => `export const config = ${JSON.stringify(config())} as const;\n`;

function check(output: string) {
  const line = JSON.parse(output.trim().split('\n').pop()!) as { minted: string; indexedShares: string; errorName: string };
  expect(BigInt(line.minted)).toBeGreaterThan(0n);
  expect(BigInt(line.indexedShares)).toBeGreaterThanOrEqual(BigInt(line.minted));
  expect(line.errorName).toBe('NotAdminError');
}

describe('installed from the tarballs with npm, outside the workspace', () => {
  for (const resolution of ['bundler', 'node16'] as const) {
    it(`ESM TypeScript, moduleResolution ${resolution}`, () => {
      const module = resolution === 'bundler' ? 'ESNext' : 'Node16';
      const dir = project(`esm-${resolution}`, { type: 'module' }, {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { target: 'ES2022', module, moduleResolution: resolution, strict: true, outDir: 'out', skipLibCheck: false, types: [], lib: ['ES2022', 'DOM'] },
          include: ['*.ts'],
        }),
        'config.ts': configTs(),
        'main.ts': program,
      });
      run('node', [tsc, '-p', '.'], dir);
      check(run('node', ['out/main.js'], dir));
    });
  }

  it('CommonJS require', () => {
    const dir = project('cjs', { type: 'commonjs' }, {
      'main.js': `const { createVppClient, parseDeployment, NotAdminError } = require('@vpp/sdk');
const { getPortfolio } = require('@vpp/sdk/subgraph');
const { http, parseEther } = require('viem');
const { privateKeyToAccount } = require('viem/accounts');
const config = ${JSON.stringify(config())};
(async () => {
  const account = privateKeyToAccount(config.privateKey);
  const vpp = createVppClient({ transport: http(config.rpcUrl), account, deployment: parseDeployment(config.deployment), subgraphUrl: config.subgraphUrl, pollingInterval: 50 });
  const receipt = await (await vpp.invest({ amount: parseEther('2') })).wait({ indexed: true, timeoutMs: 30000 });
  const portfolio = await getPortfolio(vpp, { investor: account.address, blockNumber: receipt.blockNumber });
  const stranger = createVppClient({ transport: http(config.rpcUrl), account: privateKeyToAccount(config.stranger), deployment: parseDeployment(config.deployment) });
  const errorName = await stranger.declareDividend({ basisPoints: 100 }).then(() => '', (e) => (e instanceof NotAdminError ? e.name : String(e)));
  console.log(JSON.stringify({ minted: receipt.outcome.sharesMinted.toString(), indexedShares: portfolio.shares.toString(), errorName }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
    });
    check(run('node', ['main.js'], dir));
  });

  it('browser-style TypeScript: no @types/node, skipLibCheck false, bundled for the browser', async () => {
    const dir = project('browser', { type: 'module' }, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['ES2022', 'DOM'] },
        include: ['*.ts'],
      }),
      'config.ts': configTs(),
      'main.ts': program,
    });
    expect(() => require.resolve('@types/node/package.json', { paths: [dir] })).toThrow();
    run('node', [tsc, '-p', '.'], dir); // 0 errors, or execFileSync throws with tsc's output
    await build({ entryPoints: [join(dir, 'main.ts')], bundle: true, platform: 'browser', format: 'esm', outfile: join(dir, 'bundle.js'), logLevel: 'error' });
    const bundle = readFileSync(join(dir, 'bundle.js'), 'utf8');
    expect(bundle).not.toMatch(/require\("(node:)?(fs|path|net|child_process)"\)/);
    check(run('node', ['bundle.js'], dir));
  });
});
