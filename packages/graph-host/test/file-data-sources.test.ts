/**
 * File data sources (`kind: file/ipfs` templates) on a real anvil with the files fixture
 * (test/fixtures/files, built by graph-cli 0.98.1, indexing the fixture Emitter's `Removed(string)`
 * as commands), files added through the host's IPFS API. As graph-node (runner.rs
 * handle_offchain_triggers, offchain.rs, tests/runner-tests file-data-sources): a file present when its
 * data source is created is processed in that block, a file added later at the next block processed;
 * a duplicate (same template, source, context) is dropped; each data source has its own causality
 * region (chain handlers do not see file entities, a file handler sees neither chain entities nor other
 * files'), GraphQL sees every region; `done_at` and regions are persisted (restart resumes pending
 * ones, processed ones stay processed); a reorg removes a data source created in the reverted blocks
 * with its entities and re-processes one whose processing was reverted. Errors in graph-node's words.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cidV0, openStore, startGraphHost, type CreatedDataSource, type GraphHost, type DataSourceInstance } from '../src/index.js';
import { FileDataSources } from '../src/ingest/file-data-sources.js';
import { ensureFixturesBuilt, fixturesDir } from './fixtures/ensure-built.js';
import { startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { TEST_POSTGRES_URL, createTestDatabase, type TestDatabase } from './helpers/postgres.js';
import { addFile } from './helpers/ipfs.js';
import { spawnHost } from './helpers/cli-host.js';
import { postQuery as post, queryData as data, type Json } from './helpers/graphql.js';

const buildDir = path.join(fixturesDir, 'files', 'build');
const quiet = { log: () => {} };
const backends = [{ backend: 'PGlite' }, ...(TEST_POSTGRES_URL ? [{ backend: 'PostgreSQL' }] : [])];

/** The CID `addFile` will give `content`, without adding it (a host whose store stays without it). */
function cidOf(content: string): string {
  return cidV0(new TextEncoder().encode(content));
}

const hex = (text: string) => `0x${Buffer.from(text, 'utf8').toString('hex')}`;
const FILE_FIELDS = 'id content size address label peekFound';

describe('file data sources (file/ipfs)', () => {
  let chain: Chain;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    await ensureFixturesBuilt();
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A fresh chain (the Emitter at the fixture's address) and a host on the backend, persisted (dir or database). */
  async function setup(backend: string, label: string) {
    const started = await startChainWithEmitter();
    chain = started;
    // This chain, not whichever `chain` is current when the cleanups run.
    cleanups.push(() => started.stop());
    const dataDir = mkdtempSync(path.join(tmpdir(), `graph-host-fds-${label}-`));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let database: TestDatabase | null = null;
    if (backend === 'PostgreSQL') {
      database = await createTestDatabase(`fds_${label}`);
      cleanups.push(() => database!.drop());
    }
    const start = async (logger = quiet) => {
      const host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: buildDir, name: 'files', dataDir, pollIntervalMs: 50, logger, ...(database ? { postgresUrl: database.url } : {}) });
      cleanups.push(() => host.stop());
      return host;
    };
    /** The persisted file data sources (the store opened directly, the host stopped). */
    const storedDataSources = async (deploymentId: string): Promise<DataSourceInstance[]> => {
      const store = await openStore({
        schemaText: readFileSync(path.join(buildDir, 'schema.graphql'), 'utf8'),
        dataDir: path.join(dataDir, 'deployments', deploymentId),
        ...(database ? { postgresUrl: database.url } : {}),
        deploymentId,
        immutableEntities: new Set(['Request', 'Probe', 'FileContent']),
        causalityRegionEntities: new Set(['FileContent']),
      });
      try {
        return store.dynamicDataSources();
      } finally {
        await store.close();
      }
    };
    return { start, storedDataSources, dataDir, cliArgs: ['--name', 'files', ...(database ? ['--postgres-url', database.url] : [])] };
  }

  const command = async (text: string) => Number((await chain.remove(text)).blockNumber);

  it.each(backends)(
    'processes files when found, once per duplicate, in causality regions of their own, across a restart ($backend)',
    async ({ backend }) => {
      const { start, storedDataSources } = await setup(backend, 'main');
      let host = await start();

      // A file present when its data source is created: processed in the creating block.
      const cidA = await addFile(host, 'hello file');
      const a = await command(cidA);
      await host.waitForBlock(a, 30_000, 'files');
      expect((await data(host.url, `{ fileContent(id: "${cidA}") { ${FILE_FIELDS} } }`)).fileContent).toEqual({
        id: cidA,
        content: 'hello file',
        size: 10,
        address: hex(cidA),
        label: null,
        peekFound: false,
      });
      expect((await data(host.url, `{ fileContent(id: "${cidA}", block: { number: ${a - 1} }) { id } }`)).fileContent).toBeNull();

      // The same template, source and context again: a duplicate, dropped (its handler would hit
      // FileContent's id again and fail).
      const dup = await command(cidA);
      // A file not there yet, with a context: pending until the file appears.
      const textB = 'added later';
      const cidB = cidOf(textB);
      const b = await command(`ctx:later:${cidB}`);
      await chain.mine(2);
      await host.waitForBlock(b + 2, 30_000, 'files');
      expect(host.status()[0]!.error).toBeUndefined();
      expect((await data(host.url, `{ fileContent(id: "${cidB}") { id } }`)).fileContent).toBeNull();
      expect(await addFile(host, textB)).toBe(cidB);
      await chain.mine(1);
      const found = b + 3;
      await host.waitForBlock(found, 30_000, 'files');
      // Processed with the next block the host processed after the file appeared.
      expect((await data(host.url, `{ fileContent(id: "${cidB}") { ${FILE_FIELDS} } }`)).fileContent).toEqual({
        id: cidB,
        content: textB,
        size: textB.length,
        address: hex(cidB),
        label: 'later',
        peekFound: false,
      });
      expect((await data(host.url, `{ fileContent(id: "${cidB}", block: { number: ${found - 1} }) { id } }`)).fileContent).toBeNull();

      // Isolation: a chain handler does not see a file's entity; a file handler sees neither another
      // file's nor a chain handler's; GraphQL sees them all.
      const probe = await command(`probe:${cidA}`);
      await command('claim:on-chain');
      const cidC = await addFile(host, 'peeks at A');
      const cidD = await addFile(host, 'peeks at the chain');
      await command(`peek:${cidA}:${cidC}`);
      const last = await command(`peek:on-chain:${cidD}`);
      await host.waitForBlock(last, 30_000, 'files');
      const seen = await data(host.url, `{ probes { cid visible } fileContents(orderBy: content) { content peekFound label } }`);
      expect(seen.probes).toEqual([{ cid: cidA, visible: false }]);
      expect(seen.fileContents).toEqual([
        { content: 'added later', peekFound: false, label: 'later' },
        { content: 'claimed on chain', peekFound: false, label: null },
        { content: 'hello file', peekFound: false, label: null },
        { content: 'peeks at A', peekFound: false, label: null },
        { content: 'peeks at the chain', peekFound: false, label: null },
      ]);
      expect(probe).toBeGreaterThan(found);

      // A file handler may create file data sources (graph-node's newer runner): processed from the
      // next block on, in a region of their own.
      const nested = await addFile(host, 'created by a file handler');
      const spawner = await addFile(host, `file:${nested}`);
      const spawned = await command(`spawn:${spawner}`);
      await host.waitForBlock(spawned, 30_000, 'files');
      expect((await data(host.url, `{ fileContent(id: "${nested}") { id } }`)).fileContent).toBeNull();
      await chain.mine(1);
      await host.waitForBlock(spawned + 1, 30_000, 'files');
      expect((await data(host.url, `{ fileContent(id: "${nested}") { content } }`)).fileContent).toEqual({ content: 'created by a file handler' });

      // Pending at the stop: resumed after the restart.
      const textE = 'after the restart';
      const cidE = cidOf(textE);
      const e = await command(cidE);
      await host.waitForBlock(e, 30_000, 'files');
      const deploymentId = host.deploymentId!;
      await host.stop();

      const stored = (await storedDataSources(deploymentId)).map((ds) => ({ name: ds.name, source: ds.source, region: ds.causalityRegion, doneAt: ds.doneAt }));
      // Regions in creation order; the duplicate used one up (graph-node takes the next region before
      // its duplicate check) and was not stored.
      expect(stored).toEqual([
        { name: 'TextFile', source: cidA, region: 1, doneAt: a },
        { name: 'TextFile', source: cidB, region: 3, doneAt: found },
        { name: 'TextFile', source: cidC, region: 4, doneAt: last - 1 },
        { name: 'TextFile', source: cidD, region: 5, doneAt: last },
        { name: 'Spawner', source: spawner, region: 6, doneAt: spawned },
        { name: 'TextFile', source: nested, region: 7, doneAt: spawned + 1 },
        { name: 'TextFile', source: cidE, region: 8, doneAt: null },
      ]);
      expect(dup).toBe(a + 1);

      host = await start();
      expect(await addFile(host, textE)).toBe(cidE);
      await chain.mine(1);
      await host.waitForBlock(e + 1, 30_000, 'files');
      expect((await data(host.url, `{ fileContent(id: "${cidE}") { content } }`)).fileContent).toEqual({ content: textE });
      // Processed ones were not processed again (that would have failed on their immutable ids).
      expect(host.status()[0]!.error).toBeUndefined();
      await host.stop();
      expect((await storedDataSources(deploymentId)).map((ds) => ds.doneAt)).toEqual([a, found, last - 1, last, spawned, spawned + 1, e + 1]);
    },
    180_000,
  );

  it.each(backends)('reverts file data sources and their entities on a reorg ($backend)', async ({ backend }) => {
    const { start } = await setup(backend, 'reorg');
    const host = await start();
    const cidR = await addFile(host, 'reverted');
    // A data source created before the fork whose file is found in the reverted blocks.
    const textP = 'processed in a reverted block';
    const cidP = cidOf(textP);
    const created = await command(cidP);
    await host.waitForBlock(created, 30_000, 'files');

    const snapshot = await chain.rpc<string>('evm_snapshot');
    const r = await command(cidR);
    await addFile(host, textP);
    await chain.mine(1);
    await host.waitForBlock(r + 1, 30_000, 'files');
    expect((await data(host.url, `{ fileContents(orderBy: content) { content } }`)).fileContents).toEqual([{ content: textP }, { content: 'reverted' }]);

    // The new branch: longer, without the command of block r.
    expect(await chain.rpc<boolean>('evm_revert', [snapshot])).toBe(true);
    await chain.mine(3);
    const head = created + 3;
    await host.waitForBlock(head, 30_000, 'files');
    const deadline = Date.now() + 30_000;
    while (host.status()[0]!.reorgs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.status()[0]!.reorgs).toBeGreaterThan(0);
    await chain.mine(1);
    await host.waitForBlock(head + 1, 30_000, 'files');
    // The data source created in block r is gone with its entity; the one whose processing was
    // reverted is pending again and processed on the new branch (its file is still there).
    const after = await data(host.url, `{ fileContents { id content } }`);
    expect(after.fileContents).toEqual([{ id: cidP, content: textP }]);
    const at = await data(host.url, `{ fileContent(id: "${cidP}", block: { number: ${created} }) { id } }`);
    expect(at.fileContent).toBeNull();
    expect(host.status()[0]!.error).toBeUndefined();
  }, 120_000);

  it('forgets what a discarded block created: its regions and duplicates, as the retried block creates them again', () => {
    const files = new FileDataSources({ local: null });
    const source = cidOf('never added');
    const created = (context?: string): CreatedDataSource => ({
      kind: 'file/ipfs',
      name: 'TextFile',
      templateName: 'TextFile',
      network: 'anvil',
      address: null,
      startBlock: 7,
      creationBlock: 7,
      source,
      ...(context ? { context: new Map([['label', { kind: 'String' as const, value: context }]]) } : {}),
    });
    files.reset([{ ...created(), causalityRegion: 3, doneAt: 5 }]);
    files.begin();
    // The persisted one is the original; another context is no duplicate; regions continue from 3.
    expect(files.admit([created(), created('x')]).map((ds) => ds.causalityRegion)).toEqual([5]);
    expect(files.hasPending()).toBe(true);
    files.rollback();
    expect(files.hasPending()).toBe(false);
    files.begin();
    expect(files.admit([created('x'), created('x')]).map((ds) => ds.causalityRegion)).toEqual([4]);
    files.markProcessed([4]);
    expect(files.hasPending()).toBe(false);
    files.close();
  });

  it.each(backends)('resumes pending file data sources after a SIGKILL of the host ($backend)', async ({ backend }) => {
    const { start, dataDir, cliArgs } = await setup(backend, 'kill');
    const cli = await spawnHost(chain.rpcUrl, dataDir, cliArgs, buildDir);
    cleanups.push(() => {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    });
    const done = await addFile({ ipfsUrl: `http://127.0.0.1:${cli.ipfsPort}` }, 'processed before the kill');
    await command(done);
    const textP = 'pending at the kill';
    const cidP = cidOf(textP);
    const pending = await command(cidP);
    const deadline = Date.now() + 60_000;
    let persisted = -1;
    while (persisted < pending && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      persisted = (await post(cli.url, '{ _meta { block { number } } }')).data?._meta?.block?.number ?? -1;
    }
    expect(persisted, 'the creating block must be persisted before the kill').toBeGreaterThanOrEqual(pending);
    cli.child.kill('SIGKILL');
    await cli.exited;

    const host = await start();
    expect(await addFile(host, textP)).toBe(cidP);
    await chain.mine(1);
    await host.waitForBlock(pending + 1, 30_000, 'files');
    expect((await data(host.url, '{ fileContents(orderBy: content) { content } }')).fileContents).toEqual([
      { content: textP },
      { content: 'processed before the kill' },
    ]);
    // The processed one was not run again (its immutable id would have conflicted).
    expect(host.status()[0]!.error).toBeUndefined();
  }, 180_000);

  it('fetches from a remote IPFS API (--ipfs) in the background, within GRAPH_MAX_IPFS_FILE_BYTES', async () => {
    const { start } = await setup('PGlite', 'remote');
    // The remote: another host's IPFS API (kubo's /api/v0/cat), holding files the indexing host lacks.
    const remote = await startGraphHost({ rpcUrl: chain.rpcUrl, logger: quiet });
    cleanups.push(() => remote.stop());
    const small = await addFile(remote, 'from the remote API');
    const large = await addFile(remote, 'x'.repeat(2000));
    process.env.GRAPH_MAX_IPFS_FILE_BYTES = '1000';
    let host: GraphHost;
    try {
      host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: buildDir, name: 'files', pollIntervalMs: 50, logger: quiet, remoteIpfsUrl: remote.ipfsUrl });
    } finally {
      delete process.env.GRAPH_MAX_IPFS_FILE_BYTES;
    }
    cleanups.push(() => host.stop());
    await command(small);
    let block = await command(large);
    // Chain indexing does not wait for the fetch: the blocks are indexed, the file comes later and is
    // processed with a block after it arrived.
    await host.waitForBlock(block, 30_000, 'files');
    const deadline = Date.now() + 30_000;
    let found: Json | null = null;
    while (!found && Date.now() < deadline) {
      await chain.mine(1);
      await host.waitForBlock(++block, 30_000, 'files');
      found = (await data(host.url, `{ fileContent(id: "${small}") { content } }`)).fileContent;
    }
    expect(found).toEqual({ content: 'from the remote API' });
    await chain.mine(3);
    await host.waitForBlock(block + 3, 30_000, 'files');
    // The file over the cap is never processed, and it is no failure.
    expect((await data(host.url, `{ fileContent(id: "${large}") { id } }`)).fileContent).toBeNull();
    expect(host.status()[0]!.error).toBeUndefined();
  }, 120_000);

  it('fails in graph-node words: a type outside the entities, a conflicting id, a chain data source from a file handler; refuses file/arweave and grafting; subgraphFeatures', async () => {
    const { start } = await setup('PGlite', 'errors');
    const host = await start();
    const features = await post(host.indexNodeUrl, `{ subgraphFeatures(subgraphId: "${host.deploymentId}") { dataSources handlers } }`);
    expect(features.data.subgraphFeatures.dataSources.sort()).toEqual(['ethereum/contract', 'file/ipfs']);

    // graph-node turns a file handler's deterministic error into a non-deterministic one (runner.rs):
    // reported as failed, deterministic false, retried.
    const cid = await addFile(host, 'bad file');
    const badBlock = await command(`bad:${cid}`);
    const expected =
      "entity type `Request` is not on the 'entities' list for data source `BadFile`. Hint: Add `Request` to the 'entities' list, which currently is: `FileContent`.";
    const deadline = Date.now() + 30_000;
    while (!host.status()[0]!.error && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const error = host.status()[0]!.error!;
    expect(error.message).toContain(expected);
    expect(error.deterministic).toBe(false);
    const statuses = await post(host.indexNodeUrl, '{ indexingStatuses { health fatalError { message deterministic } } }');
    expect(statuses.data.indexingStatuses[0].health).toBe('failed');
    expect(statuses.data.indexingStatuses[0].fatalError.deterministic).toBe(false);
    // Retried (backoff 250, 500, 1000 ms), it fails again: the block is never skipped.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(host.status()[0]!.error?.message).toContain(expected);
    expect(host.status()[0]!.latestBlock!.number).toBeLessThan(badBlock);
    await host.stop();

    // A chain handler writing the id of a file's entity: graph-node's exclusion constraint violation.
    const { start: startOther } = await setup('PGlite', 'conflict');
    const other = await startOther();
    const fileCid = await addFile(other, 'conflicting');
    const first = await command(fileCid);
    await other.waitForBlock(first, 30_000, 'files');
    await command(`claim:${fileCid}`);
    const until = Date.now() + 30_000;
    while (!other.status()[0]!.error && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(other.status()[0]!.error!.message).toContain('conflicting key value violates exclusion constraint "file_content_id_block_range_excl"');
    expect(other.status()[0]!.error!.deterministic).toBe(false);
    await other.stop();

    // A file handler creating a chain data source: graph-node's error, non-deterministic.
    const { start: startSpawning } = await setup('PGlite', 'spawn');
    const spawning = await startSpawning();
    const spawner = await addFile(spawning, 'chain:0x0000000000000000000000000000000000000001');
    await command(`spawn:${spawner}`);
    const spawnDeadline = Date.now() + 30_000;
    while (!spawning.status()[0]!.error && Date.now() < spawnDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spawning.status()[0]!.error!.message).toContain('Attempted to create on-chain data source in offchain data source handler. This is not yet supported.');
    expect(spawning.status()[0]!.error!.deterministic).toBe(false);
    await spawning.stop();

    const edited = (edit: (manifest: Json) => void) => {
      const manifest = parse(readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8')) as Json;
      edit(manifest);
      return { manifestText: stringify(manifest), resolveFile: async (ref: string) => new Uint8Array(readFileSync(path.join(buildDir, ref))) };
    };
    await expect(
      startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: edited((manifest) => (manifest.templates[0].kind = 'file/arweave')), name: 'arweave', logger: quiet }),
    ).rejects.toThrow('template TextFile: kind file/arweave is not supported by this host');
    await expect(
      startGraphHost({
        rpcUrl: chain.rpcUrl,
        subgraph: edited((manifest) => {
          manifest.features = ['grafting'];
          manifest.graft = { base: 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH', block: 1 };
        }),
        name: 'grafted',
        logger: quiet,
      }),
    ).rejects.toThrow('grafting a subgraph with file data source templates is not supported by this host');
  }, 120_000);
});
