/**
 * The SDK as an outsider installs it: the publishable packages are packed (`pnpm pack`, which rewrites `workspace:`
 * ranges), installed with npm from the tarballs into fresh projects under the OS temp directory (outside the
 * workspace, no pnpm, no links), type-checked with the project's own tsconfig and run against the real local stack
 * (anvil + the deployed system + the subgraph on a graph host, started with @vpp/devkit from the run's snapshot):
 *
 *   esm-bundler  ESM TypeScript, moduleResolution bundler, compiled with tsc and run with node
 *   esm-node16   ESM TypeScript, module/moduleResolution node16, compiled with tsc and run with node
 *   cjs          CommonJS, require()
 *   browser      TypeScript with lib dom, no @types/node, skipLibCheck false; bundled for the browser and run
 *
 * The four projects are subdirectories of one temporary npm project that holds the install (node_modules is found
 * by walking up, as in a monorepo of the user's): one `npm install` instead of four. npm reuses one cache directory
 * across runs (node_modules/.cache/consumer-npm), so only the first run downloads viem.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * The consumer projects' environment: the workspace's own is not an outsider's. pnpm's bin shims set NODE_PATH to
 * the workspace's hoisted node_modules (Node would find the monorepo's packages through it) and pnpm passes its
 * settings as npm_config_*; both are dropped.
 */
const outsiderEnv = () => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|NODE_PATH$|NODE_OPTIONS$|VITEST|TSX)/i.test(key)) env[key] = value;
  }
  return { ...env, npm_config_cache: npmCache };
};
const options = (cwd: string, env?: NodeJS.ProcessEnv) =>
  ({ cwd, encoding: 'utf8', timeout: 180_000, maxBuffer: 16 << 20, env: env ?? outsiderEnv() }) as const;
/** In a consumer project (the outsider's environment). */
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { ...options(cwd), stdio: ['ignore', 'pipe', 'pipe'] });

function pack(dir: string): string {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { ...options(dir, process.env), stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split('\n')
    .pop()!
    .trim();
  return out.startsWith('/') ? out : join(work, out);
}

/** The tarballs and viem installed with npm into `work` (what a user installs: no @types/node). */
async function install(): Promise<void> {
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, dependencies: { '@vpp/sdk': `file:${tarballs.sdk}`, '@vpp/contracts': `file:${tarballs.contracts}`, viem: viemVersion } }),
  );
  await promisify(execFile)('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], options(work));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vpp-consumer-'));
  tarballs.contracts = pack(contractsRoot);
  tarballs.sdk = pack(sdkRoot);
  // npm installs while the stack starts.
  [stack] = await Promise.all([startLocalStack({ snapshot: inject('snapshot') }), install()]);
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

/** A fresh project directory with its own package.json, using the installed packages. */
function project(name: string, packageJson: object, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, ...packageJson }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const config = (name: string) => ({
  name,
  rpcUrl: stack.rpcUrl,
  subgraphUrl: stack.subgraphUrl!,
  deployment: stack.deployment,
  ownerKey: stack.accounts[0]!.privateKey, // deployer, owner and admin
  strangerKey: stack.accounts[8]!.privateKey,
});

/**
 * The program every TypeScript project runs (ESM and the browser): a write with its decoded outcome, waited for until
 * the subgraph indexed it, a subgraph read at the receipt's block, and a typed contract error. The `IsAny` line fails
 * to compile if the declarations degrade to `any` (a type that does not resolve).
 */
const program = `import { createVppClient, getBatteryHistory, NotAdminError, parseDeployment, VppError } from '@vpp/sdk';
import { http, parseEther, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { config } from './config.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
const deployment = parseDeployment(config.deployment);
const owner = createVppClient({ transport: http(config.rpcUrl), account: privateKeyToAccount(config.ownerKey as Hex), deployment, subgraphUrl: config.subgraphUrl, pollingInterval: 50 });
const serial = \`CONSUMER-\${config.name}\`;
const battery = { capacityWh: 10_000_000n, maxChargeW: 5_000_000n, maxDischargeW: 5_000_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial };
const receipt = await (await owner.addBattery({ config: battery })).wait({ indexed: true, timeoutMs: 60_000 });
const batteryId: bigint = receipt.outcome.batteryId;
const indexed = await getBatteryHistory(owner, { batteryId, blockNumber: receipt.blockNumber });
const typed: [IsAny<typeof receipt.outcome>, IsAny<typeof indexed>, IsAny<typeof owner.addBattery>] = [false, false, false];
const stranger = createVppClient({ transport: http(config.rpcUrl), account: privateKeyToAccount(config.strangerKey as Hex), deployment });
let errorName = '';
try {
  await stranger.declareDividend({ basisPoints: 100 });
} catch (error) {
  if (error instanceof NotAdminError && error instanceof VppError) errorName = error.name;
}
console.log(JSON.stringify({ batteryId: batteryId.toString(), indexedSerial: indexed.serialText, errorName, typed }));
`;
const configTs = (name: string) => `export const config = ${JSON.stringify(config(name))} as const;\n`;

function check(output: string, name: string) {
  const line = JSON.parse(output.trim().split('\n').pop()!) as { batteryId: string; indexedSerial: string; errorName: string };
  expect(BigInt(line.batteryId)).toBeGreaterThan(0n);
  expect(line.indexedSerial).toBe(`CONSUMER-${name}`);
  expect(line.errorName).toBe('NotAdminError');
}

/** Whether TypeScript (or Node) would find @types/node from `dir`: node_modules/@types/node in it or any parent. */
function typesNodeVisibleFrom(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', '@types', 'node'))) return true;
    if (dirname(d) === d) return false;
  }
}

const tsconfig = (compilerOptions: object) =>
  JSON.stringify({
    compilerOptions: { target: 'ES2022', strict: true, types: [], lib: ['ES2022', 'DOM'], ...compilerOptions },
    include: ['*.ts'],
  });

describe('installed from the tarballs with npm, outside the workspace', () => {
  // skipLibCheck here: checking viem's declarations costs ~4x the compile; the browser project below checks every
  // declaration (skipLibCheck false), and the IsAny line catches declarations that do not resolve in this mode.
  for (const resolution of ['bundler', 'node16'] as const) {
    it(`ESM TypeScript, moduleResolution ${resolution}`, () => {
      const name = `esm-${resolution}`;
      const dir = project(name, { type: 'module' }, {
        'tsconfig.json': tsconfig({ module: resolution === 'bundler' ? 'ESNext' : 'Node16', moduleResolution: resolution, outDir: 'out', skipLibCheck: true }),
        'config.ts': configTs(name),
        'main.ts': program,
      });
      run('node', [tsc, '-p', '.'], dir);
      check(run('node', ['out/main.js'], dir), name);
    });
  }

  it('CommonJS require', () => {
    const dir = project('cjs', { type: 'commonjs' }, {
      'main.js': `const { createVppClient, parseDeployment, NotAdminError } = require('@vpp/sdk');
const { getBatteryHistory } = require('@vpp/sdk/subgraph');
const { http, parseEther } = require('viem');
const { privateKeyToAccount } = require('viem/accounts');
const config = ${JSON.stringify(config('cjs'))};
(async () => {
  const deployment = parseDeployment(config.deployment);
  const owner = createVppClient({ transport: http(config.rpcUrl), account: privateKeyToAccount(config.ownerKey), deployment, subgraphUrl: config.subgraphUrl, pollingInterval: 50 });
  const serial = 'CONSUMER-' + config.name;
  const battery = { capacityWh: 10000000n, maxChargeW: 5000000n, maxDischargeW: 5000000n, roundTripEfficiencyBps: 9000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial };
  const receipt = await (await owner.addBattery({ config: battery })).wait({ indexed: true, timeoutMs: 60000 });
  const indexed = await getBatteryHistory(owner, { batteryId: receipt.outcome.batteryId, blockNumber: receipt.blockNumber });
  const stranger = createVppClient({ transport: http(config.rpcUrl), account: privateKeyToAccount(config.strangerKey), deployment });
  const errorName = await stranger.declareDividend({ basisPoints: 100 }).then(() => '', (e) => (e instanceof NotAdminError ? e.name : String(e)));
  console.log(JSON.stringify({ batteryId: receipt.outcome.batteryId.toString(), indexedSerial: indexed.serialText, errorName }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
    });
    check(run('node', ['main.js'], dir), 'cjs');
  });

  it('browser-style TypeScript: no @types/node, skipLibCheck false, bundled for the browser', async () => {
    const dir = project('browser', { type: 'module' }, {
      'tsconfig.json': tsconfig({ module: 'ESNext', moduleResolution: 'bundler', noEmit: true, skipLibCheck: false }),
      'config.ts': configTs('browser'),
      'main.ts': program,
    });
    expect(typesNodeVisibleFrom(dir)).toBe(false);
    run('node', [tsc, '-p', '.'], dir); // 0 errors, or execFileSync throws with tsc's output
    await build({ entryPoints: [join(dir, 'main.ts')], bundle: true, platform: 'browser', format: 'esm', outfile: join(dir, 'bundle.js'), logLevel: 'error' });
    const bundle = readFileSync(join(dir, 'bundle.js'), 'utf8');
    expect(bundle).not.toMatch(/require\("(node:)?(fs|path|net|child_process)"\)/);
    check(run('node', ['bundle.js'], dir), 'browser');
  });
});
