/**
 * Node-only helpers for local development and tests: start anvil from the npm package on a free port, and
 * deploy the whole system with the same forge script users run (one deployment path, not two).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseDeployment, type Deployment } from './deployment.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Anvil's first default account (well known; for local chains only). */
export const ANVIL_PRIVATE_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;

/**
 * The native binary of a Foundry tool from its npm platform package. Spawning it directly (not the npm
 * launcher script) means killing the child really stops the node, with nothing orphaned.
 */
function foundryBinary(tool: 'anvil' | 'forge'): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const platformPackage = `@foundry-rs/${tool}-${process.platform}-${arch}`;
  try {
    const launcher = createRequire(import.meta.url).resolve(`@foundry-rs/${tool}/package.json`);
    const platformJson = createRequire(launcher).resolve(`${platformPackage}/package.json`);
    return join(dirname(platformJson), 'bin', tool);
  } catch {
    return join(packageRoot, 'node_modules', '.bin', tool);
  }
}

export const anvilBinary = (): string => foundryBinary('anvil');
export const forgeBinary = (): string => foundryBinary('forge');

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AnvilInstance {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface StartAnvilOptions {
  port?: number;
  /** Unix seconds of the genesis block (lets a replay of a historical day keep real timestamps). */
  timestamp?: number;
  blockTime?: number;
  chainId?: number;
  args?: string[];
}

/** Starts anvil on a free port and waits until it answers JSON-RPC. */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilInstance> {
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--host', '127.0.0.1', '--silent'];
  if (options.timestamp !== undefined) args.push('--timestamp', String(options.timestamp));
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  args.push(...(options.args ?? []));
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited early (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { rpcUrl, port, process: child, stop };
}

export interface DeploySystemOptions {
  rpcUrl: string;
  /** Deployer key; defaults to anvil's first account. */
  privateKey?: `0x${string}`;
  owner?: `0x${string}`;
  intervalSeconds?: number;
  maxPriceAge?: number;
  maxBatchSize?: number;
  /** Ether (wei) the deployer deposits into the reference GridMarket. */
  marketFundingWei?: bigint;
  /** Where to write the deployments file; defaults to a temporary file (deleted after reading). */
  deploymentsPath?: string;
}

/** Deploys the whole system with script/Deploy.s.sol (forge) and returns the deployments file's content. */
export async function deploySystem(options: DeploySystemOptions): Promise<Deployment> {
  const tmp = options.deploymentsPath ? null : mkdtempSync(join(tmpdir(), 'vpp-deploy-'));
  const deploymentsPath = options.deploymentsPath ?? join(tmp!, 'deployment.json');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PRIVATE_KEY: options.privateKey ?? ANVIL_PRIVATE_KEY_0,
    DEPLOYMENTS_PATH: deploymentsPath,
  };
  if (options.owner) env.OWNER = options.owner;
  if (options.intervalSeconds !== undefined) env.INTERVAL_SECONDS = String(options.intervalSeconds);
  if (options.maxPriceAge !== undefined) env.MAX_PRICE_AGE = String(options.maxPriceAge);
  if (options.maxBatchSize !== undefined) env.MAX_BATCH_SIZE = String(options.maxBatchSize);
  if (options.marketFundingWei !== undefined) env.MARKET_FUNDING_WEI = options.marketFundingWei.toString();
  const args = ['script', 'script/Deploy.s.sol:DeployScript', '--rpc-url', options.rpcUrl, '--broadcast', '--slow'];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(forgeBinary(), args, { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`forge script failed (${code}):\n${output.slice(-4000)}`)),
      );
    });
    return parseDeployment(JSON.parse(readFileSync(deploymentsPath, 'utf8')));
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
