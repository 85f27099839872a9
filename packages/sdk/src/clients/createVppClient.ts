import {
  createClient,
  publicActions,
  walletActions,
  type Account,
  type Address,
  type Chain,
  type Client,
  type PublicActions,
  type Transport,
  type WalletActions,
} from 'viem';
import { parseAccount } from 'viem/accounts';
import { addVppContracts, chainFromDeployment, type ChainWithVpp, type Deployment } from '../config.js';
import { VppConfigError } from '../errors/common.js';
import { vppActions, type VppPublicActions, type VppWalletActions } from './vppActions.js';

export interface CreateVppClientParameters<TChain extends Chain = Chain> {
  /** The chain (default: a minimal chain for the deployment's chain id, checked against the node before the first request). */
  chain?: TChain;
  transport: Transport;
  /** The account writes are sent from (a local account, or an address the node unlocks). */
  account?: Account | Address;
  /** The deployment (see `parseDeployment`). Required: the SDK has no built-in addresses. */
  deployment: Deployment;
  /** The subgraph's GraphQL URL (needed by the subgraph reads and `wait({ indexed: true })`). */
  subgraphUrl?: string;
  /** Polling interval of receipts and watchers, ms. */
  pollingInterval?: number;
}

/** A client with viem's public and wallet actions and every VPP action. */
export type VppFullClient<TChain extends Chain = Chain> = Client<Transport, ChainWithVpp<TChain>, Account | undefined> &
  PublicActions<Transport, ChainWithVpp<TChain>> &
  WalletActions<ChainWithVpp<TChain>, Account | undefined> &
  VppPublicActions &
  VppWalletActions;

/**
 * One client for everything: viem's public and wallet actions plus every VPP action (chain reads, writes,
 * subgraph reads), configured from a deployment.
 *
 * @example
 * const vpp = createVppClient({ transport: http('http://127.0.0.1:8545'), account, deployment, subgraphUrl });
 * const { wait } = await vpp.requestDeposit({ assets: parseEther('1') });
 * await wait({ indexed: true });
 * const portfolio = await vpp.getPortfolio({ investor: account.address });
 */
export function createVppClient<TChain extends Chain = Chain>(
  parameters: CreateVppClientParameters<TChain>,
): VppFullClient<TChain> {
  const deployment = parameters?.deployment;
  if (!deployment) throw new VppConfigError('createVppClient: pass `deployment` (see parseDeployment).');
  const chain = addVppContracts((parameters.chain ?? chainFromDeployment(deployment)) as TChain, {
    deployment,
    subgraphUrl: parameters.subgraphUrl,
  });
  const client = createClient({
    chain,
    transport: parameters.transport,
    account: parameters.account === undefined ? undefined : parseAccount(parameters.account),
    key: 'vpp',
    name: 'VPP Client',
    ...(parameters.pollingInterval === undefined ? {} : { pollingInterval: parameters.pollingInterval }),
  });
  return client
    .extend(publicActions)
    .extend(walletActions)
    .extend(vppActions()) as unknown as VppFullClient<TChain>;
}
