/**
 * Subgraph composition (`kind: subgraph` data sources) on a real anvil with the composition fixture
 * (test/fixtures/composition, both subgraphs built by graph-cli 0.98.1; the composed one's codegen read
 * the source's schema from a graph-host's IPFS API). The source indexes the fixture Emitter's Deposit
 * and Tagged events into immutable entities; the composed subgraph mirrors them with two data sources
 * on the same source, numbering its handler runs. As graph-node (graph/src/data_source/subgraph.rs,
 * graph/src/blockchain/block_stream.rs): triggers per block by data source (manifest order), then by
 * the source's insert order; the composed subgraph never passes the source's latest block; reorgs,
 * restarts; refusals in graph-node's words.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadSubgraph, startGraphHost, type GraphHost } from '../src/index.js';
import { ensureFixturesBuilt, fixturesDir } from './fixtures/ensure-built.js';
import { EMITTER_ADDRESS, emitterAbi, startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { TEST_POSTGRES_URL, createTestDatabase } from './helpers/postgres.js';
import { queryData as data, type Json } from './helpers/graphql.js';
import { addFile } from './helpers/ipfs.js';

const sourceIpfsDir = path.join(fixturesDir, 'composition', 'source', 'build-ipfs');
const composedBuildDir = path.join(fixturesDir, 'composition', 'composed', 'build');
const quiet = { log: () => {} };
const backends = [{ backend: 'PGlite' }, ...(TEST_POSTGRES_URL ? [{ backend: 'PostgreSQL' }] : [])];

async function admin(host: GraphHost, method: string, params: Record<string, unknown>): Promise<Json> {
  const response = await fetch(host.adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await response.json()) as Json;
}

async function deploy(host: GraphHost, name: string, hash: string): Promise<Json> {
  await admin(host, 'subgraph_create', { name });
  return admin(host, 'subgraph_deploy', { name, ipfs_hash: hash });
}

/** The source as `graph build --ipfs` uploaded it in build.sh: the same files, so the same deployment id. */
async function uploadSource(host: GraphHost): Promise<string> {
  const id = readFileSync(path.join(sourceIpfsDir, 'deployment-id'), 'utf8').trim();
  for (const file of readdirSync(sourceIpfsDir).filter((f) => f.startsWith('Qm'))) {
    expect(await addFile(host, readFileSync(path.join(sourceIpfsDir, file)))).toBe(file);
  }
  return id;
}

/** Uploads a built subgraph as `graph deploy` does: every `file:` to IPFS, the manifest pointing at them. */
async function uploadBuild(host: GraphHost, buildDir: string, edit: (manifest: Json) => void = () => {}): Promise<string> {
  const manifest = parse(readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8')) as Json;
  const links = async (node: unknown): Promise<void> => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === 'file' && typeof value === 'string') (node as Json)[key] = { '/': `/ipfs/${await addFile(host, readFileSync(path.join(buildDir, value)))}` };
      else await links(value);
    }
  };
  await links(manifest);
  edit(manifest);
  return addFile(host, new TextEncoder().encode(stringify(manifest)));
}

const DEPOSITS = `deposits(first: 1000, orderBy: id) { id account amount note blockNumber logIndex }`;
const TAGS = `tags(first: 1000, orderBy: id) { id weight values blockNumber logIndex }`;
const MIRRORS = `mirrors(first: 1000, orderBy: id) { id account amount doubled note sourceBlock sourceLogIndex seq source }`;
const TAG_MIRRORS = `tagMirrors(first: 1000, orderBy: id) { id weight valuesSum seq }`;
const AUDITS = `audits(first: 1000, orderBy: id) { id seq network }`;
const TOTALS = `accountTotals(first: 1000, orderBy: id) { id deposits amount }`;

/**
 * What the composed subgraph must hold, computed from the source's entities: per block, the Mirror data
 * source's triggers (Deposit, then Tag: the source's insert order within a type is its log order),
 * then the Audit data source's, numbered in that order.
 */
function expectedComposed(source: Json, sourceId: string) {
  const deposits = source.deposits as Json[];
  const tags = source.tags as Json[];
  const blocks = [...new Set([...deposits, ...tags].map((e) => Number(e.blockNumber)))].sort((a, b) => a - b);
  const byLog = (a: Json, b: Json) => Number(a.logIndex) - Number(b.logIndex);
  const mirrors: Json[] = [];
  const tagMirrors: Json[] = [];
  const audits: Json[] = [];
  let seq = 0;
  for (const block of blocks) {
    const inBlock = deposits.filter((d) => Number(d.blockNumber) === block).sort(byLog);
    // The Mirror data source handles both types: the source wrote them in log order, so that is their vid order.
    const written = [...inBlock.map((d) => ({ deposit: d })), ...tags.filter((x) => Number(x.blockNumber) === block).map((t) => ({ tag: t }))].sort((a, b) =>
      byLog((a as Json).deposit ?? (a as Json).tag, (b as Json).deposit ?? (b as Json).tag),
    );
    for (const { deposit: d, tag: t } of written as { deposit?: Json; tag?: Json }[]) {
      if (!d) {
        tagMirrors.push({ id: t!.id, weight: t!.weight, valuesSum: String((t!.values as string[]).reduce((sum, v) => sum + BigInt(v), 0n)), seq: seq++ });
        continue;
      }
      mirrors.push({
        id: d.id,
        account: d.account,
        amount: d.amount,
        doubled: String(BigInt(d.amount) * 2n),
        note: d.note,
        sourceBlock: d.blockNumber,
        sourceLogIndex: d.logIndex,
        seq: seq++,
        source: `0x${Buffer.from(sourceId, 'utf8').toString('hex')}`,
      });
    }
    for (const d of inBlock) audits.push({ id: d.id, seq: seq++, network: 'anvil' });
  }
  const totals = new Map<string, { deposits: number; amount: bigint }>();
  for (const d of deposits) {
    const t = totals.get(d.account as string) ?? { deposits: 0, amount: 0n };
    totals.set(d.account as string, { deposits: t.deposits + 1, amount: t.amount + BigInt(d.amount) });
  }
  const byId = (a: Json, b: Json) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    mirrors: mirrors.sort(byId),
    tagMirrors: tagMirrors.sort(byId),
    audits: audits.sort(byId),
    accountTotals: [...totals].map(([id, t]) => ({ id, deposits: t.deposits, amount: String(t.amount) })).sort(byId),
  };
}

async function meta(url: string): Promise<number> {
  return (await data(url, '{ _meta { block { number } } }'))._meta.block.number as number;
}

describe('subgraph composition (kind: subgraph)', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    await ensureFixturesBuilt();
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** Several Emitter transactions mined in one block (automine off), in this order. */
  async function oneBlock(chain: Chain, calls: { fn: 'deposit' | 'tag'; args: unknown[] }[]): Promise<number> {
    await chain.rpc('evm_setAutomine', [false]);
    const hashes: `0x${string}`[] = [];
    try {
      for (const { fn, args } of calls) {
        hashes.push(await chain.wallet.writeContract({ address: EMITTER_ADDRESS, abi: emitterAbi, functionName: fn, args, chain: chain.wallet.chain, account: chain.wallet.account! }));
      }
      await chain.mine(1);
    } finally {
      await chain.rpc('evm_setAutomine', [true]);
    }
    const receipts = await Promise.all(hashes.map((hash) => chain.client.waitForTransactionReceipt({ hash })));
    expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(1);
    return Number(receipts[0]!.blockNumber);
  }
  const deposit = (amount: bigint, note: string) => ({ fn: 'deposit' as const, args: [amount, -amount / 2n, note, '0xdeadbeef', `0x${'ab'.repeat(32)}`, false] });
  const tag = (label: string, values: bigint[], weight: bigint) => ({ fn: 'tag' as const, args: [label, values, weight] });

  async function setup(backend: string, label: string) {
    const chain = await startChainWithEmitter();
    cleanups.push(() => chain.stop());
    const dataDir = mkdtempSync(path.join(tmpdir(), `graph-host-comp-${label}-`));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let postgresUrl: string | undefined;
    if (backend === 'PostgreSQL') {
      const database = await createTestDatabase(`comp_${label}`);
      cleanups.push(() => database.drop());
      postgresUrl = database.url;
    }
    const start = async (opts: { subgraph?: string } = {}) => {
      const host = await startGraphHost({ rpcUrl: chain.rpcUrl, dataDir, name: 'composed', pollIntervalMs: 50, logger: quiet, ...(postgresUrl ? { postgresUrl } : {}), ...opts });
      cleanups.push(() => host.stop());
      return host;
    };
    return { chain, start };
  }

  const urls = (host: GraphHost) => ({ source: host.url.replace(/composed$/, 'source'), composed: host.url });

  /** Both subgraphs at `block`, the composed one's entities equal to what the source's entities give. */
  async function expectConsistent(host: GraphHost, sourceId: string, block: number) {
    await host.waitForBlock(block, 60_000, 'source');
    await host.waitForBlock(block, 60_000, 'composed');
    const source = await data(urls(host).source, `{ ${DEPOSITS} ${TAGS} }`);
    const composed = await data(urls(host).composed, `{ ${MIRRORS} ${TAG_MIRRORS} ${AUDITS} ${TOTALS} }`);
    expect(composed).toEqual(expectedComposed(source, sourceId));
    return { source, composed };
  }

  it.each(backends)(
    "mirrors the source's entities in graph-node's order, waits for the source, follows reorgs and restarts ($backend)",
    async ({ backend }) => {
      const { chain, start } = await setup(backend, 'main');
      let host = await start();
      const sourceId = await uploadSource(host);
      expect((await deploy(host, 'source', sourceId)).error).toBeUndefined();
      const composedId = await uploadBuild(host, composedBuildDir);
      expect((await deploy(host, 'composed', composedId)).error).toBeUndefined();

      // Blocks with several triggers of both types and both data sources.
      await chain.deposit(10n, 'first');
      const mixed = await oneBlock(chain, [deposit(3n, 'a'), tag('t1', [1n, 2n], 7n), deposit(5n, 'b'), tag('t2', [4n], 9n), deposit(8n, 'c')]);
      const { composed } = await expectConsistent(host, sourceId, mixed);
      // The order within the mixed block: Mirror's triggers in the source's write order across types
      // (vid), then Audit's: a t1 b t2 c, then a b c.
      const mixedMirrors = (composed.mirrors as Json[]).filter((m) => Number(m.sourceBlock) === mixed);
      const order = [
        ...mixedMirrors.map((m) => ({ seq: m.seq as number, what: `mirror ${m.note}` })),
        ...(composed.tagMirrors as Json[]).map((t) => ({ seq: t.seq as number, what: `tag ${t.weight}` })),
        ...(composed.audits as Json[]).filter((a) => mixedMirrors.some((m) => m.id === a.id)).map((a) => ({ seq: a.seq as number, what: `audit ${mixedMirrors.find((m) => m.id === a.id)!.note}` })),
      ].sort((x, y) => x.seq - y.seq);
      expect(order.map((o) => o.what)).toEqual(['mirror a', 'tag 7', 'mirror b', 'tag 9', 'mirror c', 'audit a', 'audit b', 'audit c']);
      // Processed in the source's block: not there one block before.
      const one = (composed.mirrors as Json[]).find((m) => m.note === 'a')!;
      expect((await data(urls(host).composed, `{ mirror(id: "${one.id}", block: { number: ${mixed - 1} }) { id } }`)).mirror).toBeNull();
      expect((await data(urls(host).composed, `{ mirror(id: "${one.id}", block: { number: ${mixed} }) { id } }`)).mirror).toEqual({ id: one.id });

      // Waits for the source: with the source removed the composed subgraph stays where it is.
      expect((await admin(host, 'subgraph_remove', { name: 'source' })).error).toBeUndefined();
      const before = await meta(urls(host).composed);
      await chain.deposit(21n, 'while-away');
      await chain.mine(3);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await meta(urls(host).composed)).toBe(before);
      const statuses = await data(host.indexNodeUrl, `{ indexingStatuses(subgraphs: ["${composedId}"]) { health fatalError { message } chains { latestBlock { number } } } }`);
      expect(statuses.indexingStatuses[0]).toMatchObject({ health: 'healthy', fatalError: null, chains: [{ latestBlock: { number: String(before) } }] });
      // Said once in the composed subgraph's log, not at every poll.
      const waits = await data(urls(host).composed, `{ _logs(search: "[${sourceId}] is not deployed on this host") { text } }`);
      expect(waits._logs).toEqual([{ text: `source subgraph [${sourceId}] is not deployed on this host; waiting for it` }]);
      // Back (same id, its store resumes): the composed subgraph catches up.
      expect((await deploy(host, 'source', sourceId)).error).toBeUndefined();
      await expectConsistent(host, sourceId, await chain.blockNumber());

      // A reorg of depth 3 under both subgraphs.
      const snapshot = await chain.rpc<string>('evm_snapshot');
      await chain.deposit(100n, 'orphan-1');
      await oneBlock(chain, [deposit(101n, 'orphan-2'), tag('orphan', [1n], 1n)]);
      await chain.deposit(102n, 'orphan-3');
      const orphanHead = await chain.blockNumber();
      await expectConsistent(host, sourceId, orphanHead);
      expect(await chain.rpc<boolean>('evm_revert', [snapshot])).toBe(true);
      await chain.mine(1);
      await chain.deposit(200n, 'canonical-1');
      await oneBlock(chain, [tag('canonical', [5n, 6n], 2n), deposit(201n, 'canonical-2')]);
      await chain.mine(1);
      const head = await chain.blockNumber();
      expect(head).toBeGreaterThan(orphanHead);
      const afterReorg = await expectConsistent(host, sourceId, head);
      expect((afterReorg.composed.mirrors as Json[]).map((m) => m.note)).not.toContain('orphan-2');
      expect((afterReorg.composed.mirrors as Json[]).map((m) => m.note)).toContain('canonical-2');
      const seqs = [...afterReorg.composed.mirrors, ...afterReorg.composed.tagMirrors, ...afterReorg.composed.audits].map((e: Json) => e.seq as number);
      expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i));

      // Status API: graph-node's features of a composed subgraph.
      const features = await data(host.indexNodeUrl, `{ subgraphFeatures(subgraphId: "${composedId}") { dataSources handlers network } }`);
      expect(features.subgraphFeatures).toMatchObject({ dataSources: ['subgraph'], handlers: ['entity'] });

      // A restart restores both (the source first) and the composed subgraph resumes.
      await host.stop();
      await chain.deposit(300n, 'after-restart');
      host = await start();
      const final = await expectConsistent(host, sourceId, await chain.blockNumber());
      expect((final.composed.mirrors as Json[]).filter((m) => m.note === 'after-restart')).toHaveLength(1);
      await host.stop();

      // Loaded directly (a build dir, as `graph-host start --subgraph`): a new deployment of the name, from the start.
      host = await start({ subgraph: composedBuildDir });
      expect(host.deploymentId).not.toBe(composedId);
      await expectConsistent(host, sourceId, await chain.blockNumber());
      await host.stop();
    },
  );

  it('refuses what graph-node refuses, in its words', async () => {
    const { start } = await setup('PGlite', 'refusals');
    const host = await start();
    const sourceId = await uploadSource(host);
    const refusal = async (edit: (manifest: Json) => void) => {
      const hash = await uploadBuild(host, composedBuildDir, edit);
      const answer = await deploy(host, `composed-${hash.slice(-6).toLowerCase()}`, hash);
      return answer.error?.message as string | undefined;
    };
    // The source's manifest is known but it is not deployed here yet.
    expect(await refusal(() => {})).toBe(`source subgraph [${sourceId}] of data source Mirror is not deployed on this host; deploy it first`);
    expect((await deploy(host, 'source', sourceId)).error).toBeUndefined();
    const unknown = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o';
    expect(
      await refusal((m) => {
        for (const ds of m.dataSources) ds.source.address = unknown;
      }),
    ).toBe(`Failed to resolve source subgraph [${unknown}] manifest`);
    expect(
      await refusal((m) => {
        m.dataSources[1].mapping.handlers[0].entity = 'Counter';
      }),
    ).toBe('Entity Counter is not immutable and cannot be used as a mapping entity');
    expect(
      await refusal((m) => {
        m.dataSources[1].mapping.handlers[0].entity = 'Nope';
      }),
    ).toBe('Entity Nope not found in source manifest');
    expect(
      await refusal((m) => {
        m.dataSources[0].network = 'mainnet';
      }),
    ).toBe(`data source Mirror: network \`mainnet\` differs from the network \`anvil\` of source subgraph [${sourceId}]`);
    expect(
      await refusal((m) => {
        for (let i = 0; i < 5; i++) m.dataSources.push({ ...m.dataSources[1], name: `More${i}`, source: { address: `QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5${i}`, startBlock: 0 } });
      }),
    ).toBe('a composed subgraph can use at most 5 source subgraphs; this one uses 6');
    // Loading alone refuses a manifest that mixes subgraph and chain data sources, or is below 1.3.0.
    const manifestText = readFileSync(path.join(composedBuildDir, 'subgraph.yaml'), 'utf8');
    const resolveFile = async (ref: string) => new Uint8Array(readFileSync(path.join(composedBuildDir, ref)));
    const old = manifestText.replace('specVersion: 1.3.0', 'specVersion: 1.2.0');
    await expect(loadSubgraph({ manifestText: old, resolveFile })).rejects.toThrow('data source Mirror: kind subgraph needs spec version 1.3.0 or later (the manifest has 1.2.0)');
    const mixed = parse(manifestText) as Json;
    mixed.dataSources.push({ ...parse(readFileSync(path.join(fixturesDir, 'emitter', 'build', 'subgraph.yaml'), 'utf8')).dataSources[0], name: 'Chain' });
    await expect(loadSubgraph({ manifestText: stringify(mixed), resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(ref.startsWith('Emitter') ? path.join(fixturesDir, 'emitter', 'build') : composedBuildDir, ref))) })).rejects.toThrow(
      'a subgraph with `kind: subgraph` data sources cannot also have other data sources or templates',
    );
    // Still serving: the source indexes on.
    expect(await meta(host.url.replace(/composed$/, 'source'))).toBeGreaterThanOrEqual(0);
    await host.stop();
  });
});
