/**
 * Node-only helpers for local development and tests: start anvil from the npm package on a free port, and
 * deploy the whole system with the same forge script users run (one deployment path, not two).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  getContractAddress,
  http,
  type Address,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Deployment } from './deployment.js';
import { energyInvestmentFundAbi, energyPriceOracleAbi, gridMarketAbi, virtualPowerPlantAbi } from './generated/abis.js';
import {
  energyInvestmentFundBytecode,
  energyInvestmentFundLinkReferences,
  energyPriceOracleBytecode,
  fundPurchasesBytecode,
  gridMarketBytecode,
  virtualPowerPlantBytecode,
} from './generated/bytecode.js';
import { linkBytecode } from './link.js';

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
        // Something else may hold the port and never answer: each probe is bounded, so the deadline holds.
        signal: AbortSignal.timeout(1000),
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
  privateKey?: Hex;
  owner?: Address;
  intervalSeconds?: number;
  maxPriceAge?: number;
  minValidPrice?: bigint;
  maxValidPrice?: bigint;
  maxBatchSize?: number;
  /** Fund epoch length, seconds (default 86400; local demos use short epochs). */
  epochSeconds?: bigint;
  /** Timelock of purchases and oracle/market swaps, seconds (default 172800; local may use a few seconds). */
  timelockSeconds?: bigint;
  /** Cap of one battery purchase, wei (default 1000 ether). */
  maxPurchaseWei?: bigint;
  /** Ether (wei) the deployer deposits into the reference GridMarket. */
  marketFundingWei?: bigint;
  /** Also write the deployments file here (same shape as script/Deploy.s.sol writes). */
  deploymentsPath?: string;
}

/**
 * Deploys the whole system from the compiled artifacts with viem — the same steps and defaults as
 * script/Deploy.s.sol (which Foundry users run). Tests and the demo use this path because it needs no
 * forge process: `forge script` re-checks the whole project's compilation on every run (tens of seconds with
 * solcjs) and races with concurrent forge runs over out/.
 */
export async function deploySystem(options: DeploySystemOptions): Promise<Deployment> {
  const account = privateKeyToAccount(options.privateKey ?? ANVIL_PRIVATE_KEY_0);
  const owner = options.owner ?? account.address;
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ transport });
  const chainId = await publicClient.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const wallet = createWalletClient({ account, chain, transport });
  const startBlock = Number(await publicClient.getBlockNumber());
  const params = {
    intervalSeconds: options.intervalSeconds ?? 300,
    maxPriceAge: options.maxPriceAge ?? 600,
    minValidPrice: options.minValidPrice ?? -(10n ** 24n),
    maxValidPrice: options.maxValidPrice ?? 10n ** 25n,
    maxBatchSize: options.maxBatchSize ?? 50,
  };

  const deployed = async (hash: Hex): Promise<Address> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deployment ${hash} failed`);
    return getAddress(receipt.contractAddress);
  };
  const confirmed = async (hash: Hex): Promise<void> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
  };

  // Libraries first, as forge script deploys them, so both paths give the same addresses.
  const fundPurchases = await deployed(await wallet.deployContract({ abi: [], bytecode: fundPurchasesBytecode }));
  const energyPriceOracle = await deployed(
    await wallet.deployContract({ abi: energyPriceOracleAbi, bytecode: energyPriceOracleBytecode, args: [owner, 'ETH / MWh'] }),
  );
  const gridMarket = await deployed(
    await wallet.deployContract({ abi: gridMarketAbi, bytecode: gridMarketBytecode, args: [owner] }),
  );
  // The fund calls its FundPurchases library (linked), and is bound to the VirtualPowerPlant's address, predicted
  // from the deployer's nonce: the two do not fit one initcode (EIP-3860). Explicit nonces keep the prediction true.
  const fundNonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' });
  const predictedRoot = getContractAddress({ from: account.address, nonce: BigInt(fundNonce + 1) });
  const fundHash = await wallet.deployContract({
    abi: energyInvestmentFundAbi,
    bytecode: linkBytecode(energyInvestmentFundBytecode, energyInvestmentFundLinkReferences, {
      FundPurchases: fundPurchases,
    }),
    args: [
      predictedRoot,
      {
        epochDuration: options.epochSeconds ?? 86_400n,
        timelockDelay: options.timelockSeconds ?? 172_800n,
        maxPurchaseWei: options.maxPurchaseWei ?? 1_000n * 10n ** 18n,
      },
    ],
    nonce: fundNonce,
  });
  const fund = await deployed(fundHash);
  const rootHash = await wallet.deployContract({
    abi: virtualPowerPlantAbi,
    bytecode: virtualPowerPlantBytecode,
    args: [owner, fund, energyPriceOracle, gridMarket, params],
    nonce: fundNonce + 1,
  });
  const virtualPowerPlant = await deployed(rootHash);
  if (virtualPowerPlant !== predictedRoot) {
    throw new Error(`deploySystem: VirtualPowerPlant landed at ${virtualPowerPlant}, not ${predictedRoot}`);
  }
  const [energyInvestmentFund, energyTrader] = await Promise.all([
    publicClient.readContract({ address: virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'fund' }),
    publicClient.readContract({ address: virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'trader' }),
  ]);
  if (getAddress(owner) === account.address) {
    await confirmed(
      await wallet.writeContract({
        address: energyPriceOracle,
        abi: energyPriceOracleAbi,
        functionName: 'setReporter',
        args: [account.address, true],
      }),
    );
    await confirmed(
      await wallet.writeContract({
        address: gridMarket,
        abi: gridMarketAbi,
        functionName: 'setFundAuthorized',
        args: [energyInvestmentFund, true],
      }),
    );
    if (options.marketFundingWei && options.marketFundingWei > 0n) {
      await confirmed(
        await wallet.writeContract({
          address: gridMarket,
          abi: gridMarketAbi,
          functionName: 'deposit',
          value: options.marketFundingWei,
        }),
      );
    }
  }
  const deployment: Deployment = {
    chainId,
    startBlock,
    deployer: account.address,
    owner: getAddress(owner),
    contracts: {
      virtualPowerPlant,
      energyInvestmentFund: getAddress(energyInvestmentFund),
      energyTrader: getAddress(energyTrader),
      energyPriceOracle,
      gridMarket,
    },
  };
  if (options.deploymentsPath) {
    mkdirSync(dirname(options.deploymentsPath), { recursive: true });
    writeFileSync(options.deploymentsPath, JSON.stringify(deployment, null, 2) + '\n');
  }
  return deployment;
}
