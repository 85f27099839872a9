/**
 * Configuration, ENSjs-style: the addresses of the system and the subgraph URL live on the client's chain
 * (`chain.contracts.vpp*`, `chain.subgraphs.vpp`), so every action finds them on `client.chain`.
 * @module
 */
import type { Deployment } from '@vpp/contracts';
import type { Account, Address, Chain, Client, Transport } from 'viem';
import { VppConfigError, type VppContractName } from './errors.js';

export type { Deployment } from '@vpp/contracts';

/** What the SDK needs to know about a deployment: its addresses (the deployments file) and the subgraph URL. */
export interface VppConfig {
  /** The deployments file of the system (see `@vpp/contracts`' `parseDeployment`). */
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
 * Returns `chain` with the system's addresses (`contracts.vppPlant`, `vppFund`, `vppTrader`, `vppPriceOracle`,
 * `vppGridMarket`) and, when given, `subgraphs.vpp.url`.
 *
 * @example
 * const client = createPublicClient({ chain: addVppContracts(foundry, { deployment, subgraphUrl }), transport: http() });
 * @throws {VppConfigError} when the chain id is not the deployment's.
 */
export function addVppContracts<const TChain extends Chain>(chain: TChain, config: VppConfig): ChainWithVpp<TChain> {
  const { deployment, subgraphUrl } = config;
  if (!deployment?.contracts) throw new VppConfigError('addVppContracts: `deployment` is required.');
  if (chain.id !== deployment.chainId) {
    throw new VppConfigError(
      `addVppContracts: chain ${chain.id} (${chain.name}) is not the deployment's chain ${deployment.chainId}.`,
    );
  }
  const c = deployment.contracts;
  const blockCreated = deployment.startBlock;
  return {
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
}

/** A minimal chain for a deployment, when the client has none (e.g. a local anvil chain). */
export function chainFromDeployment(deployment: Deployment): Chain {
  return {
    id: deployment.chainId,
    name: deployment.chainId === 31337 ? 'Anvil' : `Chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  };
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
 * The client seen with `config` on its chain (a shallow copy; the client itself is not changed). Used by
 * {@link vppActions} so that a client with a plain chain (or none) works too.
 */
export function withVppConfig<TClient extends VppClient>(client: TClient, config: VppConfig): TClient {
  const chain = client.chain ?? chainFromDeployment(config.deployment);
  return { ...client, chain: addVppContracts(chain, config) };
}
