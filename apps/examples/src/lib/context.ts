/**
 * Connects the examples to a network: reads the deployments file, and makes one SDK client per role of the
 * story (owner, admin, operator, vendor, investors) — each a viem client extended with the VPP actions.
 */
import { readFileSync } from 'node:fs';
import { createPublicClient, defineChain, http, type Address, type Chain, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { anvil } from 'viem/chains';
import { parseDeployment, type Deployment } from '@vpp/contracts';
import { waitForSubgraphBlock } from '@vpp/devkit';
import { createVppClient } from '@vpp/sdk';
import { loadAemoDay, type AemoDay } from './aemo.js';
import {
  ConfigError,
  deploymentPathFor,
  INVESTOR_NAMES,
  LOCAL_CHAIN_ID,
  requireFile,
  resolveKeys,
  type ExampleConfig,
} from './config.js';

export type VppClient = ReturnType<typeof createVppClient>;

export interface Actor {
  name: string;
  address: Address;
  client: VppClient;
}

export interface VppContext {
  config: ExampleConfig;
  chain: Chain;
  chainId: number;
  /** anvil (chain id 31337): the examples may set block timestamps. */
  local: boolean;
  deployment: Deployment;
  deploymentPath: string;
  subgraphUrl: string;
  publicClient: PublicClient;
  day: AemoDay;
  owner: Actor;
  admin: Actor;
  operator: Actor;
  vendor: Actor;
  investors: Actor[];
  /** Waits until the subgraph has indexed the chain's latest block (read-after-write for GraphQL queries). */
  waitForIndexing(timeoutMs?: number): Promise<void>;
}

/** The chain id at `rpcUrl`, or a ConfigError that says how to start a local chain. */
export async function chainIdOf(rpcUrl: string): Promise<number> {
  try {
    const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
    return await client.getChainId();
  } catch (error) {
    throw new ConfigError(
      `cannot reach RPC_URL ${rpcUrl} (${(error as Error).message.split('\n')[0]}). ` +
        'Start the local stack with `pnpm dev`, or set RPC_URL.',
    );
  }
}

/** A viem chain for `chainId`: anvil's for local chains, a minimal definition otherwise. */
export function chainFor(chainId: number, rpcUrl: string): Chain {
  if (chainId === LOCAL_CHAIN_ID) return { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  return defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function readDeployment(path: string): Deployment {
  requireFile(path, 'deploy first (`pnpm example:01`, or `pnpm dev` on the local stack), or set DEPLOYMENT');
  return parseDeployment(JSON.parse(readFileSync(path, 'utf8')));
}

export async function connect(config: ExampleConfig): Promise<VppContext> {
  const chainId = await chainIdOf(config.rpcUrl);
  const local = chainId === LOCAL_CHAIN_ID;
  const chain = chainFor(chainId, config.rpcUrl);
  const deploymentPath = deploymentPathFor(config, chainId);
  const deployment = readDeployment(deploymentPath);
  if (deployment.chainId !== chainId) {
    throw new ConfigError(`${deploymentPath} is for chain ${deployment.chainId}, but RPC_URL is chain ${chainId}`);
  }
  const keys = resolveKeys(config, chainId);
  // Local chains mine instantly: poll fast. Real networks: viem's defaults.
  const pollingInterval = local ? 50 : undefined;
  const transport = http(config.rpcUrl, { batch: false });
  const publicClient = createPublicClient({ chain, transport, ...(pollingInterval ? { pollingInterval } : {}) });
  const actor = (name: string, key: `0x${string}`): Actor => {
    const account = privateKeyToAccount(key);
    const client = createVppClient({
      chain,
      transport,
      account,
      deployment,
      subgraphUrl: config.subgraphUrl,
      ...(pollingInterval ? { pollingInterval } : {}),
    });
    return { name, address: account.address, client };
  };
  const waitForIndexing = async (timeoutMs = 60_000) => {
    const latest = Number(await publicClient.getBlockNumber());
    await waitForSubgraphBlock(config.subgraphUrl, latest, timeoutMs);
  };
  return {
    config,
    chain,
    chainId,
    local,
    deployment,
    deploymentPath,
    subgraphUrl: config.subgraphUrl,
    publicClient: publicClient as PublicClient,
    day: loadAemoDay(config.aemoDayPath),
    owner: actor('owner', keys.owner),
    admin: actor('admin', keys.admin),
    operator: actor('operator', keys.operator),
    vendor: actor('vendor', keys.vendor),
    investors: keys.investors.map((k, i) => actor(INVESTOR_NAMES[i] ?? `Investor ${i + 1}`, k)),
    waitForIndexing,
  };
}
