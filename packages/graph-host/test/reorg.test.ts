/**
 * Reorg of depth >= 3 on a real anvil (evm_snapshot / evm_revert, then a different, longer branch):
 * the host reverts to the common ancestor and ends in exactly the state of a host that only saw
 * the final chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { fixtureBuildDir, fullState, gql, startChainWithEmitter, type Chain } from './ingest-helpers.js';

describe('chain reorganisation', () => {
  let chain: Chain;
  let host: GraphHost;

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20 });
  }, 180_000);

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
  });

  it('reverts the orphaned branch and indexes the new one', async () => {
    await chain.deposit(100n, 'common');
    const ancestor = await chain.blockNumber();
    const snapshot = await chain.rpc<string>('evm_snapshot');

    // Branch A (to be orphaned): 4 blocks with events, a new data source and an entity removal.
    await chain.deposit(200n, 'orphan-1');
    const child = await chain.createChild('orphan-child');
    await chain.ping(child, 9n);
    await chain.tag('orphan', [1n], 1n);
    const oldHead = await chain.blockNumber();
    expect(oldHead - ancestor).toBeGreaterThanOrEqual(3);
    await host.waitForBlock(oldHead, 30_000);
    const before = await gql<{ depositEvents: unknown[]; children: unknown[] }>(host.url, '{ depositEvents { id } children { id } }');
    expect(before.depositEvents).toHaveLength(2);
    expect(before.children).toHaveLength(1);

    // Branch B: back to the ancestor, different transactions, longer than branch A.
    expect(await chain.rpc<boolean>('evm_revert', [snapshot])).toBe(true);
    expect(await chain.blockNumber()).toBe(ancestor);
    await chain.deposit(300n, 'branch-b-1');
    await chain.remove('b-note');
    await chain.deposit(400n, 'branch-b-2');
    await chain.mine(3);
    const newHead = await chain.blockNumber();
    expect(newHead).toBeGreaterThan(oldHead);

    await host.waitForBlock(newHead, 30_000);
    const afterReorg = await fullState(host.url);
    expect((afterReorg.depositEvents as { note: string }[]).map((d) => d.note).sort()).toEqual(['branch-b-1', 'branch-b-2', 'common']);
    expect(afterReorg.children).toEqual([]);
    expect(afterReorg.taggedEvents).toEqual([]);
    expect(host.status()[0]!.reorgs).toBeGreaterThanOrEqual(1);

    const fresh = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20 });
    try {
      await fresh.waitForBlock(newHead, 120_000);
      expect(afterReorg).toEqual(await fullState(fresh.url));
    } finally {
      await fresh.stop();
    }
  }, 240_000);
});
