/**
 * graph-node's Legacy proof of indexing on a real anvil: the emitter fixture with its manifest's
 * `specVersion` set to 0.0.5 (graph-node's `ProofOfIndexingVersion::Legacy` below 0.0.6). As
 * poi.test.ts does for the Fast PoI, the host logs every PoI event (GRAPH_LOG_POI_EVENTS) and the test
 * hashes the whole legacy `PoI` struct of those events at once (helpers/poi-reference-legacy.ts), for
 * every block. Then: the same PoIs from a restarted host reading the persisted `Poi$` digests (the
 * SetHasher's variable-length state, in PGlite on disk), `publicProofsOfIndexing`, the PoI of a failing
 * block with its deterministic error event, and GRAPH_HOST_PROOF_OF_INDEXING=false.
 * (A 1.3.0 build relabelled: graph-node might refuse some of its features under 0.0.5, the host does
 * not check them. Here the spec version selects the PoI version, and the build's many value kinds
 * exercise the legacy Value impl.)
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import type { PoiEvent } from '../src/poi/poi.js';
import { fixtureBuildDir, type Chain } from './ingest-helpers.js';
import { referencePoi } from './helpers/poi-reference.js';
import { referenceLegacyPoi } from './helpers/poi-reference-legacy.js';
import { ANVIL_REGION as REGION, INDEXER, indexNode, poi, referencePoiOf as referencePoiOfEvents, expectPoiOfEveryBlock, failSubgraph, startPoiChain, withPoiEventLog, type Logged } from './helpers/poi-requests.js';
import { TEST_POSTGRES_URL, createTestDatabase, type TestDatabase } from './helpers/postgres.js';

const referencePoiOf = (events: Logged[], deployment: string, blockNumber: number, blockHash: string, indexer: string | null): string =>
  referencePoiOfEvents(referenceLegacyPoi, events, deployment, blockNumber, blockHash, indexer);

describe('proof of indexing, Legacy version (spec version 0.0.5)', { timeout: 120_000 }, () => {
  let chain: Chain;
  let host: GraphHost;
  let buildDir: string;
  const dataDirs: string[] = [];
  const databases: TestDatabase[] = [];
  /** The events of each block, from the last host run that processed it (a restarted host may redo a block). */
  const byBlock = new Map<number, { run: number; events: Logged[] }>();
  let run = 0;
  const logged = (): Logged[] => [...byBlock.keys()].sort((a, b) => a - b).flatMap((block) => byBlock.get(block)!.events);

  const blockHash = async (n: number): Promise<string> => (await chain.client.getBlock({ blockNumber: BigInt(n) })).hash;

  const startHost = async (dataDir: string): Promise<GraphHost> => {
    const thisRun = ++run;
    return withPoiEventLog(
      (entry) => {
        let logged = byBlock.get(entry.block);
        if (!logged || logged.run !== thisRun) byBlock.set(entry.block, (logged = { run: thisRun, events: [] }));
        logged.events.push(entry);
      },
      (logger) => startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: buildDir, dataDir, pollIntervalMs: 20, logger }),
    );
  };

  beforeAll(async () => {
    // The emitter build with a spec version below 0.0.6.
    buildDir = mkdtempSync(path.join(tmpdir(), 'graph-host-poi-legacy-build-'));
    cpSync(fixtureBuildDir, buildDir, { recursive: true });
    const manifest = readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8');
    expect(manifest).toContain('specVersion: 1.3.0');
    writeFileSync(path.join(buildDir, 'subgraph.yaml'), manifest.replace('specVersion: 1.3.0', 'specVersion: 0.0.5'));

    chain = await startPoiChain();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-poi-legacy-'));
    dataDirs.push(dataDir);
    host = await startHost(dataDir);
  });

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
    for (const dir of [...dataDirs, buildDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
  });

  it('answers the Legacy PoI of every indexed block, equal to a reference computation of its events', async () => {
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const deployment = host.deploymentId!;
    const { indexingStatuses } = await indexNode<{ indexingStatuses: { chains: unknown[] }[] }>(host.indexNodeUrl, '{ indexingStatuses { chains { network } } }');
    expect(indexingStatuses).toHaveLength(1);
    const events = logged();
    expect(events.some((l) => l.event.kind === 'SetEntity')).toBe(true);
    expect(events.some((l) => l.event.kind === 'RemoveEntity')).toBe(true);
    expect(new Set(events.map((l) => l.region))).toEqual(new Set([REGION]));
    // The fixture's entities carry most value kinds: the legacy Value impl is exercised beyond the vectors.
    const kinds = new Set(events.flatMap((l) => (l.event.kind === 'SetEntity' ? [...l.event.data].map(([, v]) => v.kind) : [])));
    for (const kind of ['String', 'Int', 'Int8', 'BigInt', 'BigDecimal', 'Bytes', 'Bool', 'Array', 'Timestamp'] as const) expect(kinds, kind).toContain(kind);
    await expectPoiOfEveryBlock(
      host.indexNodeUrl,
      deployment,
      head,
      blockHash,
      (n, hash, indexer) => referencePoiOf(events, deployment, n, hash, indexer),
      // Not the Fast PoI of the same events.
      (n, hash, answer) => expect(answer, `block ${n}`).not.toBe(referencePoiOfEvents(referencePoi, events, deployment, n, hash, INDEXER)),
    );
    expect(await poi(host.indexNodeUrl, deployment, head + 5, await blockHash(head))).toBeNull();
  });

  it('answers publicProofsOfIndexing with the Legacy PoI', async () => {
    const head = await chain.blockNumber();
    const deployment = host.deploymentId!;
    const hash = await blockHash(head);
    const { publicProofsOfIndexing } = await indexNode<{ publicProofsOfIndexing: unknown[] }>(
      host.indexNodeUrl,
      `query($requests: [PublicProofOfIndexingRequest!]!) { publicProofsOfIndexing(requests: $requests) { deployment block { number hash } proofOfIndexing } }`,
      { requests: [{ deployment, blockNumber: String(head) }] },
    );
    expect(publicProofsOfIndexing).toEqual([{ deployment, block: { number: String(head), hash }, proofOfIndexing: referencePoiOf(logged(), deployment, head, hash, null) }]);
  });

  it('gives the same PoIs after a restart, from the persisted digests, and goes on indexing', async () => {
    const head = await chain.blockNumber();
    const deployment = host.deploymentId!;
    const before: (string | null)[] = [];
    for (let n = 0; n <= head; n++) before.push(await poi(host.indexNodeUrl, deployment, n, await blockHash(n)));
    await host.stop();
    host = await startHost(dataDirs[0]!);
    await host.waitForBlock(head, 60_000);
    for (let n = 0; n <= head; n++) expect(await poi(host.indexNodeUrl, deployment, n, await blockHash(n)), `block ${n}`).toBe(before[n]);
    await chain.deposit(7n, 'after restart');
    await chain.mine(1);
    const newHead = await chain.blockNumber();
    await host.waitForBlock(newHead, 60_000);
    for (let n = head - 1; n <= newHead; n++) {
      const hash = await blockHash(n);
      expect(await poi(host.indexNodeUrl, deployment, n, hash), `block ${n}`).toBe(referencePoiOf(logged(), deployment, n, hash, INDEXER));
    }
  });

  (TEST_POSTGRES_URL ? it : it.skip)('a PostgreSQL store gives the same Legacy PoIs, also after a restart', async () => {
    const head = await chain.blockNumber();
    const deployment = host.deploymentId!;
    const database = await createTestDatabase('poi_legacy');
    databases.push(database);
    const start = () => startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: buildDir, postgresUrl: database.url, pollIntervalMs: 20, logger: { log: () => {} } });
    for (const round of ['first run', 'after a restart']) {
      const pgHost = await start();
      try {
        await pgHost.waitForBlock(head, 60_000);
        for (let n = 0; n <= head; n++) {
          const hash = await blockHash(n);
          expect(await poi(pgHost.indexNodeUrl, deployment, n, hash), `${round}, block ${n}`).toBe(await poi(host.indexNodeUrl, deployment, n, hash));
        }
      } finally {
        await pgHost.stop();
      }
    }
  });

  it("GRAPH_HOST_PROOF_OF_INDEXING=false: no Legacy PoI either (null)", async () => {
    const head = await chain.blockNumber();
    process.env.GRAPH_HOST_PROOF_OF_INDEXING = 'false';
    const plain = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: buildDir, pollIntervalMs: 20, logger: { log: () => {} } });
    try {
      await plain.waitForBlock(head, 60_000);
      expect(await poi(plain.indexNodeUrl, plain.deploymentId!, head, await blockHash(head))).toBeNull();
    } finally {
      delete process.env.GRAPH_HOST_PROOF_OF_INDEXING;
      await plain.stop();
    }
  });

  it("stores the failing block's Legacy PoI, with graph-node's deterministic error event", async () => {
    const failedAt = await failSubgraph(chain, host); // a deterministic failure
    const events = logged();
    expect(events.filter((l) => l.block === failedAt && l.event.kind === 'DeterministicError')).toHaveLength(1);
    const deployment = host.deploymentId!;
    const hash = await blockHash(failedAt);
    const answer = await poi(host.indexNodeUrl, deployment, failedAt, hash);
    expect(answer).toMatch(/^0x[0-9a-f]{64}$/);
    expect(answer).toBe(referencePoiOf(events, deployment, failedAt, hash, INDEXER));
  });
});
