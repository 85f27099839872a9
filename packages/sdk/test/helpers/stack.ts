/**
 * The real stack for tests, from @vpp/devkit: anvil (free port) loaded from the run's snapshot (the system deployed
 * with the contracts' own deployment path) and, when asked, a graph host indexing it with the real subgraph WASM,
 * resumed from the snapshot's store. `stop()` stops both processes by PID.
 */
import { startLocalStack, type LocalStack } from '@vpp/devkit';
import { inject } from 'vitest';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, publicActions, type HDAccount } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { addVppContracts, type BatteryConfigInput, type Deployment } from '../../src/index.js';

export const MNEMONIC = 'test test test test test test test test test test test junk';

type VppChain = ReturnType<typeof addVppContracts<typeof foundry>>;

export interface Stack {
  rpcUrl: string;
  deployment: Deployment;
  chain: VppChain;
  subgraphUrl: string | undefined;
  accounts: HDAccount[];
  publicClient: ReturnType<typeof makePublic>;
  walletFor(index: number): ReturnType<typeof makeWallet>;
  testClient: ReturnType<typeof makeTest>;
  /** Resolves once the subgraph has indexed `blockNumber` (default: the head). */
  waitForIndexing(blockNumber?: bigint, timeoutMs?: number): Promise<void>;
  /** The devkit stack (PIDs, graph host URLs, time travel). */
  local: LocalStack;
  stop(): Promise<void>;
}

const makePublic = (chain: VppChain, rpcUrl: string) => createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 });
const makeWallet = (chain: VppChain, rpcUrl: string, account: HDAccount) =>
  createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval: 50 }).extend(publicActions);
const makeTest = (rpcUrl: string) => createTestClient({ mode: 'anvil', chain: foundry, transport: http(rpcUrl) });

export interface StartStackOptions {
  /** Also start a graph host indexing the chain with the real subgraph. */
  graph?: boolean;
}

/** Starts anvil from the run's snapshot (and a graph host on it when asked). */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const snapshot = inject('snapshot');
  if (options.graph && !snapshot.graph) throw new Error('no subgraph in the snapshot (VPP_SKIP_SUBGRAPH=1)');
  const local = await startLocalStack({ snapshot, subgraph: options.graph ? undefined : false });
  const { rpcUrl, deployment, subgraphUrl } = local;
  const chain = addVppContracts(foundry, { deployment, subgraphUrl });
  const accounts = Array.from({ length: local.accounts.length }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
  return {
    rpcUrl,
    deployment,
    chain,
    subgraphUrl,
    accounts,
    publicClient: makePublic(chain, rpcUrl),
    walletFor: (i) => makeWallet(chain, rpcUrl, accounts[i]!),
    testClient: makeTest(rpcUrl),
    waitForIndexing: (blockNumber, timeoutMs) => local.waitForIndexing(blockNumber, timeoutMs),
    local,
    stop: () => local.stop(),
  };
}

/** A battery configuration for tests. */
export function batteryConfig(overrides: Partial<BatteryConfigInput> = {}) {
  return {
    capacityWh: 10_000_000n, // 10 MWh
    maxChargeW: 5_000_000n, // 5 MW
    maxDischargeW: 5_000_000n,
    roundTripEfficiencyBps: 9_000,
    chargeBelowPrice: parseEther('0.02'), // wei/MWh
    dischargeAbovePrice: parseEther('0.05'),
    active: true,
    serial: 'SN-0001',
    metadataURI: 'ipfs://battery',
    ...overrides,
  };
}
