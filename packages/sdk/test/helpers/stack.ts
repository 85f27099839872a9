/**
 * The real stack for tests: anvil (free port) + the system deployed with the contracts' own forge script, and
 * optionally the local graph host indexing it with the real subgraph WASM. `stop()` stops everything started.
 */
import { startAnvil } from '@vpp/contracts/node';
import { inject } from 'vitest';
import { ANVIL_ARGS } from './global-setup.js';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEther,
  publicActions,
  type Chain,
  type HDAccount,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { addVppContracts, type Deployment } from '../../src/index.js';

export const MNEMONIC = 'test test test test test test test test test test test junk';

export interface Stack {
  rpcUrl: string;
  deployment: Deployment;
  chain: ReturnType<typeof addVppContracts<typeof foundry>>;
  subgraphUrl: string | undefined;
  accounts: HDAccount[];
  publicClient: ReturnType<typeof makePublic>;
  walletFor(index: number): ReturnType<typeof makeWallet>;
  testClient: ReturnType<typeof makeTest>;
  /** The graph host, when started. */
  graph: { url: string; waitForBlock(n: number, ms?: number): Promise<unknown>; stop(): Promise<void> } | undefined;
  stop(): Promise<void>;
}

const makePublic = (chain: Chain, rpcUrl: string) =>
  createPublicClient({ chain: chain as ReturnType<typeof addVppContracts<typeof foundry>>, transport: http(rpcUrl), pollingInterval: 50 });
const makeWallet = (chain: Chain, rpcUrl: string, account: HDAccount) =>
  createWalletClient({
    account,
    chain: chain as ReturnType<typeof addVppContracts<typeof foundry>>,
    transport: http(rpcUrl),
    pollingInterval: 50,
  }).extend(publicActions);
const makeTest = (rpcUrl: string) => createTestClient({ mode: 'anvil', chain: foundry, transport: http(rpcUrl) });

export interface StartStackOptions {
  /** Also start a graph host indexing the chain with the real subgraph. */
  graph?: boolean;
}

/** Starts anvil from the global setup's deployed state (and a graph host on it when asked). */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const anvil = await startAnvil({ args: [...ANVIL_ARGS, '--load-state', inject('anvilState')] });
  const n = 10;
  let graph: Stack['graph'];
  try {
    const deployment = inject('deployment');
    if (options.graph) {
      const build = inject('subgraphBuild');
      if (!build) throw new Error('no subgraph build (the global setup builds it unless VPP_SKIP_SUBGRAPH=1)');
      // VPP_GRAPH_HOST_MODULE: another build of the graph host (e.g. a patched checkout) for local debugging.
      const { startGraphHost } = (await import(
        process.env.VPP_GRAPH_HOST_MODULE ?? '@vpp/graph-host'
      )) as typeof import('@vpp/graph-host');
      graph = await startGraphHost({
        rpcUrl: anvil.rpcUrl,
        subgraph: build,
        name: 'vpp',
        dataDir: null,
        port: 0,
        pollIntervalMs: 50,
      });
    }
    const subgraphUrl = graph?.url;
    const chain = addVppContracts(foundry, { deployment, subgraphUrl });
    const accounts = Array.from({ length: n }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
    return {
      rpcUrl: anvil.rpcUrl,
      deployment,
      chain,
      subgraphUrl,
      accounts,
      publicClient: makePublic(chain, anvil.rpcUrl),
      walletFor: (i) => makeWallet(chain, anvil.rpcUrl, accounts[i]!),
      testClient: makeTest(anvil.rpcUrl),
      graph,
      async stop() {
        await graph?.stop();
        await anvil.stop();
      },
    };
  } catch (error) {
    await graph?.stop().catch(() => {});
    await anvil.stop();
    throw error;
  }
}

/** A battery configuration for tests. */
export function batteryConfig(overrides: Partial<import('../../src/index.js').BatteryConfigInput> = {}) {
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
