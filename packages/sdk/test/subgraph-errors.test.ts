/**
 * Subgraph errors thrown for real by a real graph host: a subgraph whose mapping fails deterministically (the graph
 * host's own failing fixture: the emitter subgraph asserts `code != 7`) gives SubgraphIndexingError, and a query
 * against a schema without the VPP entities gives SubgraphQueryError.
 */
import { inject } from 'vitest';
import { createPublicClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVppContracts,
  getFundStatistics,
  requestDeposit,
  SubgraphIndexingError,
  SubgraphQueryError,
  waitForIndexedBlock,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
// The graph host's failing fixture (a real subgraph build and contract).
import { ensureFixturesBuilt } from '../../graph-host/test/fixtures/ensure-built.js';
import { fixtureBuildDir, startChainWithEmitter, type Chain } from '../../graph-host/test/ingest-helpers.js';
import { startStack, type Stack } from './helpers/stack.js';

let chain: Chain;
let host: { url: string; waitForBlock(n: number, ms?: number): Promise<void>; stop(): Promise<void> } | undefined;
let failingBlock: bigint;
let stack: Stack;

beforeAll(async () => {
  await ensureFixturesBuilt();
  chain = await startChainWithEmitter();
  await chain.deposit(10n, 'before');
  failingBlock = (await chain.boom(7n)).blockNumber;
  await chain.deposit(20n, 'after');
  const { startGraphHost } = (await import(
    process.env.VPP_GRAPH_HOST_MODULE ?? '@vpp/graph-host'
  )) as typeof import('@vpp/graph-host');
  host = await startGraphHost({
    rpcUrl: chain.rpcUrl,
    subgraph: fixtureBuildDir,
    name: 'vpp',
    dataDir: null,
    port: 0,
    pollIntervalMs: 50,
    logger: { log: () => {} },
  });
  await host.waitForBlock(Number(failingBlock) + 1, 60_000).catch(() => {}); // fails: indexing failed
  stack = await startStack(); // a VPP chain, to show that a failed subgraph does not break chain writes
}, 300_000);
afterAll(async () => {
  await host?.stop();
  await chain?.stop();
  await stack?.stop();
});

describe('subgraph errors from a real graph host', () => {
  const client = () =>
    createPublicClient({
      chain: addVppContracts(foundry, { deployment: inject('deployment'), subgraphUrl: host!.url }),
      transport: http(stack.rpcUrl),
    });

  it('SubgraphIndexingError when the subgraph failed (hasIndexingErrors / indexing_error)', async () => {
    // _meta answers hasIndexingErrors: true: waiting stops at once instead of timing out
    const started = Date.now();
    const e = await expectError(
      waitForIndexedBlock(client(), { blockNumber: failingBlock + 1n, timeoutMs: 30_000 }),
      SubgraphIndexingError,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(e.url).toBe(host!.url);
  });

  it('a failed subgraph does not affect chain writes, and waiting for it reports the indexing error', async () => {
    const wallet = stack.walletFor(1);
    const { wait } = await requestDeposit(wallet, { assets: 10n ** 16n });
    const receipt = await wait();
    expect(receipt.status).toBe('success');
    await expectError(waitForIndexedBlock(client(), { blockNumber: receipt.blockNumber, timeoutMs: 5_000 }), SubgraphIndexingError);
  });

  it('SubgraphQueryError when the endpoint serves another schema', async () => {
    // getFundStatistics asks for `fund` / `plant`, which the emitter subgraph does not have
    const e = await expectError(getFundStatistics(client()), SubgraphQueryError);
    expect(e.errors.length).toBeGreaterThan(0);
    expect(e.errors[0]!.message).toMatch(/fund|plant|Cannot query field/);
  });
});
