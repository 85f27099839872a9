/**
 * graph-node's proof of indexing on a real anvil with the emitter fixture (graph-cli 0.98.1 build,
 * spec version 1.3.0: the Fast PoI). Checked against an independent reference computation: the
 * host logs every PoI event (graph-node's GRAPH_LOG_POI_EVENTS) and the test hashes the whole
 * `PoI` struct of those events at once, as graph-node's reference.rs does, for every block. Then:
 * the same PoIs after a SIGKILL and restart, after a reorg (equal to a fresh host's), a different
 * PoI when an entity value differs, graph-node's null cases, `entityCount` with the `Poi$` entity,
 * `publicProofsOfIndexing`, and the PoI of a failed subgraph's failing block.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import type { PoiEvent } from '../src/poi/poi.js';
import { ANVIL_REGION as REGION, INDEXER, indexNode, poi, referencePoiOf as referencePoiOfEvents, expectPoiOfEveryBlock, failSubgraph, startPoiChain, withPoiEventLog, type Logged } from './helpers/poi-requests.js';
import { fixtureBuildDir, fullState, type Chain } from './ingest-helpers.js';
import { killMidSync, spawnHost, statusOf } from './helpers/cli-host.js';
import { TEST_POSTGRES_URL, createTestDatabase, type TestDatabase } from './helpers/postgres.js';
import { referencePoi } from './helpers/poi-reference.js';

/** reference.rs (Fast) over the logged events of blocks 0..=blockNumber. */
const referencePoiOf = (events: Logged[], deployment: string, blockNumber: number, blockHash: string, indexer: string | null): string =>
  referencePoiOfEvents(referencePoi, events, deployment, blockNumber, blockHash, indexer);

describe('proof of indexing', { timeout: 120_000 }, () => {
  let chain: Chain;
  let host: GraphHost;
  const logged: Logged[] = [];
  const children: ChildProcess[] = [];
  const dataDirs: string[] = [];
  const databases: TestDatabase[] = [];

  const blockHash = async (n: number): Promise<string> => (await chain.client.getBlock({ blockNumber: BigInt(n) })).hash;

  beforeAll(async () => {
    chain = await startPoiChain();
    host = await withPoiEventLog(
      (entry) => logged.push(entry),
      (logger) => startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20, logger }),
    );
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await host?.stop();
    await chain?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
  });

  it('answers the PoI of every indexed block, equal to a reference computation of its events', async () => {
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const deployment = host.deploymentId!;
    expect(logged.some((l) => l.event.kind === 'SetEntity')).toBe(true);
    expect(logged.some((l) => l.event.kind === 'RemoveEntity')).toBe(true);
    expect(new Set(logged.map((l) => l.region))).toEqual(new Set([REGION]));
    await expectPoiOfEveryBlock(host.indexNodeUrl, deployment, head, blockHash, (n, hash, indexer) => referencePoiOf(logged, deployment, n, hash, indexer));
  });

  it("answers null where graph-node does, and hashes whatever block hash it is given", async () => {
    const head = await chain.blockNumber();
    const deployment = host.deploymentId!;
    const hash = await blockHash(head);
    expect(await poi(host.indexNodeUrl, 'QmUnknownDeployment', head, hash)).toBeNull();
    expect(await poi(host.indexNodeUrl, deployment, head + 5, hash)).toBeNull();
    // graph-node does not check that the hash is the block's (its FIXME): another hash is another PoI.
    const other = await poi(host.indexNodeUrl, deployment, head, `0x${'11'.repeat(32)}`);
    expect(other).toMatch(/^0x[0-9a-f]{64}$/);
    expect(other).not.toBe(await poi(host.indexNodeUrl, deployment, head, hash));
    expect(await poi(host.indexNodeUrl, deployment, head, hash, `0x${'22'.repeat(20)}`)).not.toBe(await poi(host.indexNodeUrl, deployment, head, hash));
    await expect(poi(host.indexNodeUrl, deployment, head, 'not hex')).rejects.toThrow(/invalid blockHash/);
    await expect(poi(host.indexNodeUrl, deployment, head, hash, '0x1234')).rejects.toThrow(/invalid indexer/);
  });

  it('counts the Poi$ entity in entityCount, and answers publicProofsOfIndexing', async () => {
    const head = await chain.blockNumber();
    const deployment = host.deploymentId!;
    const state = await fullState(host.url);
    const entities = Object.values(state).reduce((sum, list) => sum + list.length, 0);
    const { indexingStatuses } = await indexNode<{ indexingStatuses: { entityCount: string }[] }>(host.indexNodeUrl, '{ indexingStatuses { entityCount } }');
    expect(indexingStatuses[0]!.entityCount).toBe(String(entities + 1)); // one causality region: one Poi$ entity

    const hash = await blockHash(head);
    const { publicProofsOfIndexing } = await indexNode<{ publicProofsOfIndexing: unknown[] }>(
      host.indexNodeUrl,
      `query($requests: [PublicProofOfIndexingRequest!]!) { publicProofsOfIndexing(requests: $requests) { deployment block { number hash } proofOfIndexing } }`,
      { requests: [{ deployment, blockNumber: String(head) }, { deployment, blockNumber: String(head + 10) }, { deployment: 'QmNope', blockNumber: '1' }] },
    );
    expect(publicProofsOfIndexing).toEqual([
      { deployment, block: { number: String(head), hash }, proofOfIndexing: referencePoiOf(logged, deployment, head, hash, null) },
      { deployment, block: { number: String(head + 10), hash: null }, proofOfIndexing: null },
      { deployment: 'QmNope', block: { number: '1', hash: null }, proofOfIndexing: null },
    ]);
  });

  it('refuses hostile PoI requests with an error and keeps answering: over 100 public requests, a negative or huge block', async () => {
    const deployment = host.deploymentId!;
    const many = Array.from({ length: 101 }, () => ({ deployment, blockNumber: '1' }));
    await expect(
      indexNode(host.indexNodeUrl, 'query($r: [PublicProofOfIndexingRequest!]!) { publicProofsOfIndexing(requests: $r) { proofOfIndexing } }', { r: many }),
    ).rejects.toThrow(/at most 100 requests/);
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const hash = await blockHash(head);
    expect(await poi(host.indexNodeUrl, deployment, -1, hash)).toBeNull();
    await expect(poi(host.indexNodeUrl, deployment, 2 ** 40, hash)).rejects.toThrow();
    // Still serving.
    expect(await poi(host.indexNodeUrl, deployment, head, hash)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('GRAPH_HOST_PROOF_OF_INDEXING=false (a process-wide setting): no PoI (null) and no Poi$ entity, the same entities', async () => {
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const withPoi = await fullState(host.url);
    process.env.GRAPH_HOST_PROOF_OF_INDEXING = 'false';
    const plain = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20, logger: { log: () => {} } });
    try {
      await plain.waitForBlock(head, 60_000);
      expect(await poi(plain.indexNodeUrl, plain.deploymentId!, head, await blockHash(head))).toBeNull();
      const state = await fullState(plain.url);
      expect(state).toEqual(withPoi);
      const entities = Object.values(state).reduce((sum, list) => sum + list.length, 0);
      const { indexingStatuses } = await indexNode<{ indexingStatuses: { entityCount: string }[] }>(plain.indexNodeUrl, '{ indexingStatuses { entityCount } }');
      expect(indexingStatuses[0]!.entityCount).toBe(String(entities));
    } finally {
      delete process.env.GRAPH_HOST_PROOF_OF_INDEXING;
      await plain.stop();
    }
  });

  for (const backend of ['PGlite', ...(TEST_POSTGRES_URL ? ['PostgreSQL'] : [])]) it(`gives the same PoIs after a SIGKILL mid-sync and a restart (${backend})`, async () => {
    // A longer history than one flush (500 blocks), so the kill lands between two flushes, mid-sync
    // (shared by the backends' runs: mined once).
    const history = await chain.blockNumber();
    if (history < 700) await chain.mine(700 - history);
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-poi-'));
    dataDirs.push(dataDir);
    const args: string[] = [];
    if (backend === 'PostgreSQL') {
      const database = await createTestDatabase('poi_restart');
      databases.push(database);
      args.push('--postgres-url', database.url);
    }
    const first = await spawnHost(chain.rpcUrl, dataDir, args);
    children.push(first.child);
    const killedAt = await killMidSync(first, head, 5);
    const deadline = Date.now() + 60_000;
    const second = await spawnHost(chain.rpcUrl, dataDir, args);
    children.push(second.child);
    while ((await statusOf(second)).latestBlock?.number !== head) {
      if (Date.now() > deadline + 60_000) throw new Error('the restarted host did not reach the head');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const deployment = host.deploymentId!;
    const checked = [0, 1, 2, 3, 4, 5, 6, 7, 8, Math.max(killedAt, 0), killedAt + 1, head];
    for (const n of checked) {
      const hash = await blockHash(n);
      expect(await poi(second.indexNodeUrl, deployment, n, hash), `block ${n} (killed at ${killedAt})`).toBe(await poi(host.indexNodeUrl, deployment, n, hash));
    }
    second.child.kill('SIGTERM');
    await second.exited;
    // A kill that came too late leaves a plain restart: still checked, but say so.
    expect(killedAt, 'the first process should be killed mid-sync').toBeGreaterThanOrEqual(0);
  }, 300_000);

  it('after a reorg, re-indexes the new branch to the PoIs of a fresh host; a different value is a different PoI', async () => {
    const hosts: { name: string; host: GraphHost }[] = [{ name: 'in memory', host }];
    if (TEST_POSTGRES_URL) {
      const database = await createTestDatabase('poi');
      databases.push(database);
      hosts.push({ name: 'PostgreSQL', host: await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20, postgresUrl: database.url, logger: { log: () => {} } }) });
    }
    const deployment = host.deploymentId!;
    const ancestor = await chain.blockNumber();
    for (const { host: h } of hosts) await h.waitForBlock(ancestor, 60_000);
    const snapshot = await chain.rpc<string>('evm_snapshot');
    const orphanFrom = logged.length;
    await chain.deposit(500n, 'orphan');
    await chain.mine(2);
    const orphanHead = await chain.blockNumber();
    const orphanBlock = ancestor + 1;
    const orphanHash = await blockHash(orphanBlock);
    for (const { host: h } of hosts) await h.waitForBlock(orphanHead, 60_000);
    for (let i = orphanFrom; i < logged.length; i++) orphaned.add(i);
    const orphanPoi = await poi(host.indexNodeUrl, deployment, orphanBlock, orphanHash);
    const ancestorPoi = await poi(host.indexNodeUrl, deployment, ancestor, await blockHash(ancestor));

    expect(await chain.rpc<boolean>('evm_revert', [snapshot])).toBe(true);
    await chain.deposit(501n, 'orphan'); // the same call with another amount
    await chain.mine(4);
    const newHead = await chain.blockNumber();
    const fresh = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 20, logger: { log: () => {} } });
    try {
      await fresh.waitForBlock(newHead, 120_000);
      for (const { name, host: h } of hosts) {
        await h.waitForBlock(newHead, 60_000);
        expect(h.status()[0]!.reorgs, name).toBeGreaterThanOrEqual(1);
        for (let n = ancestor - 2; n <= newHead; n++) {
          const hash = await blockHash(n);
          expect(await poi(h.indexNodeUrl, deployment, n, hash), `${name}, block ${n}`).toBe(await poi(fresh.indexNodeUrl, deployment, n, hash));
        }
        // The reverted block's events are gone: the ancestor's PoI is unchanged, and the block now
        // holding a deposit of 501 instead of 500 has another PoI, even hashed with the orphan's hash.
        expect(await poi(h.indexNodeUrl, deployment, ancestor, await blockHash(ancestor)), name).toBe(ancestorPoi);
        const replaced = await poi(h.indexNodeUrl, deployment, orphanBlock, orphanHash);
        expect(replaced, name).toMatch(/^0x[0-9a-f]{64}$/);
        expect(replaced, name).not.toBe(orphanPoi);
      }
    } finally {
      await fresh.stop();
      for (const { host: h } of hosts.slice(1)) await h.stop();
    }
  }, 240_000);

  it("stores the failing block's PoI, with graph-node's deterministic error event, when the subgraph fails", async () => {
    const start = logged.length;
    const failedAt = await failSubgraph(chain, host); // a deterministic failure
    const deployment = host.deploymentId!;
    const hash = await blockHash(failedAt);
    const { indexingStatuses } = await indexNode<{ indexingStatuses: { health: string; chains: { latestBlock: { number: string } }[] }[] }>(
      host.indexNodeUrl,
      '{ indexingStatuses { health chains { latestBlock { number } } } }',
    );
    expect(indexingStatuses[0]).toMatchObject({ health: 'failed', chains: [{ latestBlock: { number: String(failedAt) } }] });
    const errorEvents = logged.slice(start).filter((l) => l.event.kind === 'DeterministicError');
    expect(errorEvents).toHaveLength(1);
    expect(errorEvents[0]!.block).toBe(failedAt);
    // As graph-node, the failing handler is skipped and the block's later triggers still run for the
    // PoI (here the block handler, after the event handlers); their changes are not stored.
    const failedBlockEvents = logged.slice(start).filter((l) => l.block === failedAt).map((l) => l.event);
    const errorIndex = failedBlockEvents.findIndex((e) => e.kind === 'DeterministicError');
    expect(failedBlockEvents.slice(errorIndex + 1).some((e) => e.kind === 'SetEntity' && e.entityType === 'BlockRecord')).toBe(true);
    const records = await fetch(host.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ blockRecords(subgraphError: allow, where: { number: ${failedAt} }) { id } }` }),
    }).then((r) => r.json() as Promise<{ data: { blockRecords: unknown[] } }>);
    expect(records.data.blockRecords).toEqual([]);
    // The reference sees the events of the current branch only (the orphaned ones were logged too).
    const current = logged.filter((l, i) => !orphaned.has(i));
    const answer = await poi(host.indexNodeUrl, deployment, failedAt, hash);
    expect(answer).toMatch(/^0x[0-9a-f]{64}$/);
    expect(answer).toBe(referencePoiOf(current, deployment, failedAt, hash, INDEXER));
    expect(answer).not.toBe(await poi(host.indexNodeUrl, deployment, failedAt - 1, hash));
  });

  /** Indexes into `logged` of events of blocks later reverted: filled by the reorg test from the host's log order. */
  const orphaned = new Set<number>();
});
