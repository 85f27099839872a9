/**
 * Configuration, ENSjs-style: the addresses of the system and the subgraph URL live on the client's chain
 * (`chain.contracts.vpp*`, `chain.subgraphs.vpp`), so every action finds them on `client.chain`. Nothing is
 * assumed: no built-in deployment, no default chain.
 * @module
 */
import { parseDeployment as parseDeploymentFile, type Deployment } from '@vpp/contracts';
import type { Account, Address, Chain, Client, Transport } from 'viem';
import { ChainMismatchError, VppConfigError } from './errors/common.js';
import type { VppContractName } from './errors/contract.js';

export type { Deployment, DeploymentContracts } from '@vpp/contracts';

/** What the SDK needs to know about a deployment: its addresses (the deployments file) and the subgraph URL. */
export interface VppConfig {
  /** The deployments file of the system, e.g. `parseDeployment(JSON.parse(readFileSync('deployments/1.json', 'utf8')))`. */
  deployment: Deployment;
  /** GraphQL endpoint of the subgraph indexing this deployment (needed by the subgraph reads only). */
  subgraphUrl?: string | undefined;
}

/** The contracts the SDK adds to a chain. */
export interface VppChainContracts {
  vppPlant: { address: Address; blockCreated?: number };
  vppFund: { address: Address; blockCreated?: number };
  vppTrader: { address: Address; blockCreated?: number };
  vppPriceOracle: { address: Address; blockCreated?: number };
  vppGridMarket: { address: Address; blockCreated?: number };
}

/** A chain with the VPP contracts (and, when configured, the subgraph) added. */
export type ChainWithVpp<TChain extends Chain = Chain> = TChain & {
  contracts: NonNullable<TChain['contracts']> & VppChainContracts;
  subgraphs?: { vpp: { url: string } };
};

/** Any viem client: actions only need `request` and the chain (writes also an account). */
export type VppClient<
  TChain extends Chain | undefined = Chain | undefined,
  TAccount extends Account | undefined = Account | undefined,
> = Client<Transport, TChain, TAccount>;

/**
 * Validates and normalises (checksums) a parsed deployments file (`@vpp/contracts`' `parseDeployment`, throwing
 * {@link VppConfigError}).
 *
 * @example
 * const deployment = parseDeployment(JSON.parse(readFileSync('deployments/31337.json', 'utf8')));
 */
export function parseDeployment(json: unknown): Deployment {
  try {
    return parseDeploymentFile(json);
  } catch (error) {
    throw new VppConfigError(`Invalid deployments file: ${(error as Error).message}.`, { cause: error });
  }
}

/** Chains made by {@link chainFromDeployment}: the node's chain id is checked once before the first request. */
const unverified = new WeakSet<object>();
const verified = new WeakMap<object, Promise<void>>();

/**
 * Returns `chain` with the system's addresses (`contracts.vppPlant`, `vppFund`, `vppTrader`, `vppPriceOracle`,
 * `vppGridMarket`) and, when given, `subgraphs.vpp.url`.
 *
 * @example
 * const client = createPublicClient({ chain: addVppContracts(foundry, { deployment, subgraphUrl }), transport: http() });
 * @throws {VppConfigError} when the chain id is not the deployment's.
 */
export function addVppContracts<const TChain extends Chain>(chain: TChain, config: VppConfig): ChainWithVpp<TChain> {
  const { deployment, subgraphUrl } = config ?? ({} as VppConfig);
  if (!deployment?.contracts) throw new VppConfigError('addVppContracts: `deployment` is required.');
  if (!chain || typeof chain.id !== 'number') throw new VppConfigError('addVppContracts: `chain` is required (a viem Chain).');
  if (chain.id !== deployment.chainId) {
    throw new VppConfigError(
      `addVppContracts: chain ${chain.id} (${chain.name}) is not the deployment's chain ${deployment.chainId}.`,
    );
  }
  if (subgraphUrl !== undefined && !/^https?:\/\//.test(subgraphUrl)) {
    throw new VppConfigError(`addVppContracts: subgraphUrl must be an http(s) URL, got ${JSON.stringify(subgraphUrl)}.`);
  }
  const c = deployment.contracts;
  const blockCreated = deployment.startBlock;
  const configured = {
    ...chain,
    contracts: {
      ...chain.contracts,
      vppPlant: { address: c.virtualPowerPlant, blockCreated },
      vppFund: { address: c.energyInvestmentFund, blockCreated },
      vppTrader: { address: c.energyTrader, blockCreated },
      vppPriceOracle: { address: c.energyPriceOracle, blockCreated },
      vppGridMarket: { address: c.gridMarket, blockCreated },
    },
    ...(subgraphUrl ? { subgraphs: { ...(chain as { subgraphs?: object }).subgraphs, vpp: { url: subgraphUrl } } } : {}),
  } as ChainWithVpp<TChain>;
  if (unverified.has(chain)) unverified.add(configured);
  return configured;
}


/**
 * A minimal chain for a deployment, for a client that has none. The chain id is the deployment's; the SDK checks
 * it against the node (`eth_chainId`) before its first request ({@link ChainMismatchError}).
 */
export function chainFromDeployment(deployment: Deployment): Chain {
  const chain: Chain = {
    id: deployment.chainId,
    name: `Chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  };
  unverified.add(chain);
  return chain;
}

/** Checks once per chain object that the node serves a chain built by {@link chainFromDeployment}. @internal */
export function verifyChain(client: VppClient, endpoint: string): Promise<void> | undefined {
  const chain = client.chain;
  if (!chain || !unverified.has(chain)) return undefined;
  let check = verified.get(chain);
  if (!check) {
    check = (async () => {
      const id = Number(await client.request({ method: 'eth_chainId' } as never));
      if (id !== chain.id) throw new ChainMismatchError({ endpoint, nodeChainId: id, deploymentChainId: chain.id });
    })();
    check.catch(() => verified.delete(chain));
    verified.set(chain, check);
  }
  return check;
}

/** The address of one of the system's contracts on the client's chain. */
export function getVppAddress(client: VppClient, contract: VppContractName): Address {
  const address = (client.chain?.contracts as Partial<VppChainContracts> | undefined)?.[contract]?.address;
  if (!address) {
    throw new VppConfigError(
      `No ${contract} address on the client's chain: use addVppContracts(chain, { deployment }) or client.extend(vppActions({ deployment })).`,
    );
  }
  return address;
}

/** The subgraph URL on the client's chain. */
export function getSubgraphUrl(client: VppClient): string {
  const url = (client.chain as { subgraphs?: { vpp?: { url?: string } } } | undefined)?.subgraphs?.vpp?.url;
  if (!url) {
    throw new VppConfigError(
      'No subgraph URL on the client: pass `subgraphUrl` to addVppContracts / vppActions / createVppClient.',
    );
  }
  return url;
}

/**
 * The client seen with `config` on its chain (a shallow copy; the client itself is not changed). Used by the
 * decorators so that a client with a plain chain (or none) works too.
 */
export function withVppConfig<TClient extends VppClient>(client: TClient, config: VppConfig): TClient {
  const chain = client.chain ?? chainFromDeployment(config.deployment);
  return { ...client, chain: addVppContracts(chain, config) };
}
