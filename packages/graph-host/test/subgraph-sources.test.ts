/**
 * A composed subgraph reads its source's persisted entities block range by block range. The source
 * may revert blocks at any time (a reorg): a read must never be used when the source reverted, or
 * was reverting, between the moment its latest block was taken and the moment the entities are used.
 * The source's revert sequence is odd while a revert runs (its database already reverted, its latest
 * block not yet): the composed subgraph waits then. Found by the PostgreSQL composition suite under a
 * loaded CI: a revert in progress let the composed subgraph read the reverted range as empty.
 */
import { describe, expect, it } from 'vitest';
import { Indexer } from '../src/ingest/indexer.js';
import { SourceUnavailableError, SubgraphSources, type SourceDeployment } from '../src/ingest/subgraph-sources.js';
import { loadSubgraph, SubgraphRuntime } from '../src/runtime/index.js';
import { openStore } from '../src/store/index.js';
import type { BlockPtr, DataSourceInstance, LoadedSubgraph, WrittenEntity } from '../src/types.js';
import { fixtureBuildDir, startChainWithEmitter } from './ingest-helpers.js';

const SOURCE = 'QmSource';

/** A source deployment whose latest block, revert sequence and persisted entities the test sets. */
function fakeSource() {
  const state = {
    latest: { number: 10, hash: '0x0a' } as BlockPtr | null,
    revertSequence: 0,
    written: [{ block: 9, type: 'Deposit', entity: new Map([['id', { kind: 'String' as const, value: 'canonical-1' }]]) }] as WrittenEntity[],
  };
  const source: SourceDeployment = {
    latestBlock: () => state.latest,
    revertSequence: () => state.revertSequence,
    store: {
      blockHash: () => null,
      entitiesInRange: async (_types: string[], from: number, to: number) => state.written.filter((w) => w.block >= from && w.block <= to),
    },
  };
  return { state, source };
}

function composed(source: SourceDeployment) {
  const dataSource = { kind: 'subgraph', name: 'Mirror', network: 'anvil', address: null, startBlock: 0, sourceDeployment: SOURCE } as DataSourceInstance;
  const subgraph = { dataSources: [dataSource] } as unknown as LoadedSubgraph;
  return new SubgraphSources(subgraph, () => [{ handler: 'handleDeposit', entity: 'Deposit' }], (id) => (id === SOURCE ? source : null));
}

describe('SubgraphSources across a source revert', () => {
  it('waits while the source reverts (its latest block is not yet the ancestor)', () => {
    const { state, source } = fakeSource();
    const sources = composed(source);
    expect(sources.latestBlock()).toBe(10);
    // The revert began: the database may already hold only the ancestor's state, the latest block still says 10.
    state.revertSequence = 1;
    expect(() => sources.latestBlock()).toThrow(SourceUnavailableError);
    expect(() => sources.latestBlock()).toThrow(/reverting blocks; waiting for it/);
    state.revertSequence = 2;
    state.latest = { number: 7, hash: '0x07' };
    expect(sources.latestBlock()).toBe(7);
  });

  it('refuses entities read across a revert that began or ended after the latest block was taken', async () => {
    for (const after of [1, 2]) {
      const { state, source } = fakeSource();
      const sources = composed(source);
      expect(sources.latestBlock()).toBe(10);
      const triggers = await sources.triggers(8, 10);
      expect(triggers.get(9)?.map((t) => t.entity.get('id'))).toEqual([{ kind: 'String', value: 'canonical-1' }]);
      state.revertSequence = after;
      expect(() => sources.assertUnchanged()).toThrow(SourceUnavailableError);
    }
  });
});

describe('Indexer.revertSequence around a real reorg', () => {
  it('is odd while the store reverts (latestBlock still the reverted head) and even again once latestBlock is the ancestor', async () => {
    const chain = await startChainWithEmitter();
    const subgraph = await loadSubgraph(fixtureBuildDir);
    const runtime = new SubgraphRuntime(subgraph, { rpcUrl: chain.rpcUrl });
    const store = await openStore({ schemaText: subgraph.schemaText, dataDir: null, deploymentId: 'QmRevertSequence', immutableEntities: subgraph.immutableEntities, causalityRegionEntities: subgraph.causalityRegionEntities });
    const indexer = new Indexer({ rpcUrl: chain.rpcUrl, subgraph, runtime, store, deploymentId: 'QmRevertSequence', pollIntervalMs: 20 });
    const seen: { during: number; latestDuring: number | undefined; after?: number }[] = [];
    const revertTo = store.revertTo.bind(store);
    store.revertTo = async (ptr) => {
      const call: (typeof seen)[number] = { during: indexer.revertSequence(), latestDuring: indexer.latestBlock()?.number };
      seen.push(call);
      await revertTo(ptr);
    };
    try {
      indexer.start();
      await chain.deposit(1n, 'common');
      const ancestor = await chain.blockNumber();
      await indexer.waitForBlock(ancestor, 30_000);
      const snapshot = await chain.rpc<string>('evm_snapshot');
      await chain.deposit(2n, 'orphan');
      await chain.mine(2);
      const orphanHead = await chain.blockNumber();
      await indexer.waitForBlock(orphanHead, 30_000);
      expect(indexer.revertSequence()).toBe(0);
      await chain.rpc('evm_revert', [snapshot]);
      await chain.mine(4);
      const head = await chain.blockNumber();
      await indexer.waitForBlock(head, 30_000);
      expect(seen).toEqual([{ during: 1, latestDuring: orphanHead }]);
      expect(indexer.revertSequence()).toBe(2);
    } finally {
      await indexer.stop();
      await store.close();
      runtime.close();
      await chain.stop();
    }
  }, 120_000);
});
