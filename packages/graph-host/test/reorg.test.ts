/**
 * Reorg of depth >= 3 on a real anvil (evm_snapshot / evm_revert, then a different, longer branch):
 * the host reverts to the common ancestor and ends in exactly the state of a host that only saw
 * the final chain. The same chain is followed at once by a host on PGlite and, when
 * GRAPH_HOST_TEST_POSTGRES_URL is set, one on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { fixtureBuildDir, fullState, gql, startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { TEST_POSTGRES_URL, createTestDatabase, type TestDatabase } from './helpers/postgres.js';

describe('chain reorganisation', () => {
  let chain: Chain;
  const hosts: { backend: string; host: GraphHost }[] = [];
  let database: TestDatabase | null = null;

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    hosts.push({ backend: 'PGlite', host: await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20 }) });
    if (TEST_POSTGRES_URL) {
      database = await createTestDatabase('reorg');
      const postgresUrl = database.url;
      hosts.push({ backend: 'PostgreSQL', host: await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20, postgresUrl }) });
    }
  }, 180_000);

  afterAll(async () => {
    for (const { host } of hosts) await host.stop();
    await database?.drop();
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
    for (const { host, backend } of hosts) {
      await host.waitForBlock(oldHead, 30_000);
      const before = await gql<{ depositEvents: unknown[]; children: unknown[] }>(host.url, '{ depositEvents { id } children { id } }');
      expect(before.depositEvents, backend).toHaveLength(2);
      expect(before.children, backend).toHaveLength(1);
    }

    // Branch B: back to the ancestor, different transactions, longer than branch A.
    expect(await chain.rpc<boolean>('evm_revert', [snapshot])).toBe(true);
    expect(await chain.blockNumber()).toBe(ancestor);
    await chain.deposit(300n, 'branch-b-1');
    await chain.remove('b-note');
    await chain.deposit(400n, 'branch-b-2');
    await chain.mine(3);
    const newHead = await chain.blockNumber();
    expect(newHead).toBeGreaterThan(oldHead);

    const afterReorg: Record<string, Awaited<ReturnType<typeof fullState>>> = {};
    for (const { host, backend } of hosts) {
      await host.waitForBlock(newHead, 30_000);
      const state = (afterReorg[backend] = await fullState(host.url));
      expect((state.depositEvents as { note: string }[]).map((d) => d.note).sort(), backend).toEqual(['branch-b-1', 'branch-b-2', 'common']);
      expect(state.children, backend).toEqual([]);
      expect(state.taggedEvents, backend).toEqual([]);
      expect(host.status()[0]!.reorgs, backend).toBeGreaterThanOrEqual(1);
    }

    const fresh = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20 });
    try {
      await fresh.waitForBlock(newHead, 120_000);
      const reference = await fullState(fresh.url);
      for (const { backend } of hosts) expect(afterReorg[backend], backend).toEqual(reference);
    } finally {
      await fresh.stop();
    }
  }, 240_000);
});
