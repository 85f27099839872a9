/**
 * Call handlers and `filter: call` block handlers on anvil's `trace_filter`, with the calls fixture
 * (test/fixtures/calls, built by graph-cli 0.98.1), as graph-node runs them: calls to the data source
 * whose selector matches, direct or from another contract; not calls that reverted, nor calls whose
 * transaction reverted later; a transaction's events before its calls; in backfill and at the head.
 * A node without `trace_filter` fails the subgraph visibly instead of retrying forever.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { parse, stringify } from 'yaml';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DeploymentManager, IpfsFileStore, startGraphHost, type GraphHost } from '../src/index.js';
import { startAnvil, type AnvilInstance } from './helpers/anvil.js';
import { TEST_POSTGRES_URL, createTestDatabase } from './helpers/postgres.js';
import { startRpcProxy } from './helpers/rpc-proxy.js';
import { ensureFixturesBuilt, fixturesDir } from './fixtures/ensure-built.js';
import { postQuery as post, type Json } from './helpers/graphql.js';

const callsDir = path.join(fixturesDir, 'calls');
const buildDir = path.join(callsDir, 'build');
type Artifact = { abi: Abi; bytecode: { object: Hex } };
const artifact = (name: 'Calls' | 'Caller'): Artifact =>
  JSON.parse(readFileSync(path.join(callsDir, 'out', 'Calls.sol', `${name}.json`), 'utf8')) as Artifact;
const deployer = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');

function manifestFor(address: Address, edit: (manifest: Json) => void = () => {}): { manifestText: string; resolveFile: (ref: string) => Promise<Uint8Array> } {
  const manifest = parse(readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8')) as Json;
  manifest.dataSources[0].source.address = address;
  edit(manifest);
  return { manifestText: stringify(manifest), resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(buildDir, ref))) };
}

const TRIGGERS = '{ triggers(orderBy: seq, first: 100) { seq kind value label newTotal from to txIndex blockNumber } callBlocks(orderBy: number) { number } }';

describe('call handlers (trace_filter)', () => {
  let anvil: AnvilInstance;
  let calls: Address;
  let caller: Address;
  let send: (to: 'calls' | 'caller', functionName: string, args: unknown[], gas?: bigint) => Promise<Hex>;
  let mined: (hash: Hex) => Promise<{ blockNumber: number; status: string; transactionIndex: number }>;
  let rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  const hosts: GraphHost[] = [];
  /** Blocks of the first test's calls, for the endBlock test. */
  const seen = { inner: 0, triggersAtHead: 0 };

  beforeAll(async () => {
    await ensureFixturesBuilt();
    anvil = await startAnvil();
    const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
    const client = createPublicClient({ chain, transport: http(anvil.rpcUrl) });
    const wallet = createWalletClient({ chain, transport: http(anvil.rpcUrl), account: deployer });
    const deploy = async (name: 'Calls' | 'Caller') => {
      const hash = await wallet.deployContract({ abi: artifact(name).abi, bytecode: artifact(name).bytecode.object });
      return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    };
    calls = await deploy('Calls');
    caller = await deploy('Caller');
    send = (to, functionName, args, gas) =>
      wallet.writeContract({
        address: to === 'calls' ? calls : caller,
        abi: artifact(to === 'calls' ? 'Calls' : 'Caller').abi,
        functionName,
        args,
        chain,
        account: deployer,
        // An explicit gas limit sends a transaction that reverts instead of failing its estimate.
        ...(gas ? { gas } : {}),
      });
    mined = async (hash) => {
      const receipt = await client.waitForTransactionReceipt({ hash });
      return { blockNumber: Number(receipt.blockNumber), status: receipt.status, transactionIndex: receipt.transactionIndex };
    };
    rpc = async (method, params = []) => {
      const response = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
      return ((await response.json()) as Json).result;
    };
  }, 120_000);

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    await anvil?.stop();
  });

  it('runs call handlers in graph-node\'s order, skips reverted calls and transactions, in backfill and at the head', async () => {
    const direct = await mined(await send('calls', 'add', [5n, 'direct']));
    const inner = await mined(await send('caller', 'callAdd', [calls, 7n]));
    const undone = await mined(await send('caller', 'callThenRevert', [calls, 9n], 300_000n));
    const reverted = await mined(await send('calls', 'fail', [1n], 300_000n));
    expect([undone.status, reverted.status]).toEqual(['reverted', 'reverted']);
    const touched = await mined(await send('calls', 'touch', []));
    // Two transactions in one block: each one's event, then its call.
    await rpc('evm_setAutomine', [false]);
    const first = await send('caller', 'callAdd', [calls, 11n]);
    const second = await send('calls', 'add', [13n, 'second']);
    await rpc('evm_mine');
    await rpc('evm_setAutomine', [true]);
    const [a, b] = [await mined(first), await mined(second)];
    expect([a.blockNumber, a.transactionIndex, b.transactionIndex]).toEqual([b.blockNumber, 0, 1]);
    // More than HEAD_MODE_BLOCKS blocks so far: the first range is a backfill.
    for (let i = 0; i < 10; i++) await rpc('evm_mine');

    const host = await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph: manifestFor(calls), name: 'calls', pollIntervalMs: 50 });
    hosts.push(host);
    await host.waitForBlock(Number(await rpc('eth_blockNumber')), 60_000);

    const lower = (address: Address) => address.toLowerCase();
    const event = (value: number, block: number, txIndex = 0) => ({ kind: 'event', value: String(value), label: null, newTotal: null, from: null, to: null, txIndex: String(txIndex), blockNumber: String(block) });
    const call = (value: number, label: string, total: number, from: Address, block: number, txIndex = 0) => ({
      kind: 'call',
      value: String(value),
      label,
      newTotal: String(total),
      from: lower(from),
      to: lower(calls),
      txIndex: String(txIndex),
      blockNumber: String(block),
    });
    const expected = [
      event(5, direct.blockNumber),
      call(5, 'direct', 5, deployer.address, direct.blockNumber),
      event(7, inner.blockNumber),
      call(7, 'inner', 12, caller, inner.blockNumber),
      event(11, a.blockNumber, 0),
      call(11, 'inner', 23, caller, a.blockNumber, 0),
      event(13, b.blockNumber, 1),
      call(13, 'second', 36, deployer.address, b.blockNumber, 1),
    ];
    const backfilled = await post(host.url, TRIGGERS);
    expect(backfilled.errors).toBeUndefined();
    expect(backfilled.data.triggers.map(({ seq: _seq, ...rest }: Json) => rest)).toEqual(expected);
    expect(backfilled.data.triggers.map((t: Json) => t.seq)).toEqual(expected.map((_, i) => i));
    // `filter: call` block handlers: every block with a call to the contract that did not revert itself
    // (graph-node counts the call undone by its transaction, not the reverted one), any function.
    expect(backfilled.data.callBlocks.map((r: Json) => Number(r.number))).toEqual([direct.blockNumber, inner.blockNumber, undone.blockNumber, touched.blockNumber, a.blockNumber]);

    // At the head (ranges of a few blocks): the same rules, block by block.
    const headDirect = await mined(await send('calls', 'add', [17n, 'head']));
    const headInner = await mined(await send('caller', 'callAdd', [calls, 19n]));
    await mined(await send('caller', 'callThenRevert', [calls, 23n], 300_000n));
    await host.waitForBlock(Number(await rpc('eth_blockNumber')), 60_000);
    const atHead = await post(host.url, TRIGGERS);
    expect(atHead.data.triggers.slice(expected.length).map(({ seq: _seq, ...rest }: Json) => rest)).toEqual([
      event(17, headDirect.blockNumber),
      call(17, 'head', 53, deployer.address, headDirect.blockNumber),
      event(19, headInner.blockNumber),
      call(19, 'inner', 72, caller, headInner.blockNumber),
    ]);
    expect(atHead.data.callBlocks.length).toBe(8);

    // Timeseries points: graph-node's ids ((block << 32) | sequence in the block) and block timestamps,
    // whatever the mapping set (it saves every point with id 0).
    const points = (await post(host.url, '{ points(orderBy: id, first: 100) { id timestamp value } }')).data.points as Json[];
    const timestampOf = async (n: number) => BigInt(((await rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as Json).timestamp);
    const expectedPoints = [];
    for (const [block, seq, value] of [
      [direct.blockNumber, 0, 5],
      [inner.blockNumber, 0, 7],
      [a.blockNumber, 0, 11],
      [a.blockNumber, 1, 13],
      [headDirect.blockNumber, 0, 17],
      [headInner.blockNumber, 0, 19],
    ] as const) {
      expectedPoints.push({ id: String((BigInt(block) << 32n) | BigInt(seq)), timestamp: String((await timestampOf(block)) * 1_000_000n), value: String(value) });
    }
    expect(points).toEqual(expectedPoints);

    // Fulltext search (`_Schema_ @fulltext` over Trigger.label and Trigger.kind, English, rank).
    const search = async (args: string) => {
      const answer = await post(host.url, `{ triggerSearch(${args}) { value kind label } }`);
      return answer.errors ? answer : answer.data.triggerSearch.map((t: Json) => `${t.kind}:${t.value}:${t.label ?? ''}`);
    };
    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(await search('text: "inner"'))).toEqual(['call:11:inner', 'call:19:inner', 'call:7:inner']);
    // Stemmed as English: `events` finds `event`.
    expect((await search('text: "events"')).length).toBe(6);
    // Best rank first: both words before one of them.
    const ranked = await search('text: "call | inner"');
    expect(sorted(ranked.slice(0, 3))).toEqual(['call:11:inner', 'call:19:inner', 'call:7:inner']);
    expect(sorted(ranked.slice(3))).toEqual(['call:13:second', 'call:17:head', 'call:5:direct']);
    expect(sorted(await search('text: "call", where: { value_gt: "10" }'))).toEqual(['call:11:inner', 'call:13:second', 'call:17:head', 'call:19:inner']);
    expect(await search(`text: "inner", block: { number: ${inner.blockNumber} }`)).toEqual(['call:7:inner']);
    expect((await search('text: "call", first: 2, skip: 4')).length).toBe(2);
    // Bounded: a long tsquery would hold PGlite (and the host's thread) for minutes.
    const many = Array.from({ length: 101 }, (_, i) => `w${i}`).join(' | ');
    expect((await search(`text: "${many}"`)).errors[0].message).toBe(`fulltext search text is limited to 100 words and 1000 characters (it has 101 and ${many.length})`);
    const invalid = await search('text: "inner &"');
    expect(invalid.errors[0].message).toBe('invalid fulltext search text "inner &": use words joined by & (and), | (or), ! (not) and <-> (followed by)');

    // graph-node's handler kinds in the index-node API.
    const features = await post(host.indexNodeUrl, `{ subgraphFeatures(subgraphId: "${host.deploymentId}") { handlers } }`);
    expect(features.data.subgraphFeatures.handlers).toEqual(['block_filter_call', 'call', 'event']);
    seen.inner = inner.blockNumber;
    seen.triggersAtHead = atHead.data.triggers.length;
  }, 120_000);

  it('endBlock: a data source triggers nothing after it; when every data source has one, indexing stops at the highest', async () => {
    const endBlock = seen.inner;
    // One data source up to endBlock, a copy from the next block on: every trigger runs exactly once.
    const split = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      subgraph: manifestFor(calls, (manifest) => {
        const later = structuredClone(manifest.dataSources[0]);
        manifest.dataSources[0].source.endBlock = endBlock;
        later.name = 'CallsLater';
        later.source.startBlock = endBlock + 1;
        manifest.dataSources.push(later);
      }),
      name: 'calls-split',
      pollIntervalMs: 50,
    });
    hosts.push(split);
    const head = Number(await rpc('eth_blockNumber'));
    await split.waitForBlock(head, 60_000);
    const all = await post(split.url, '{ triggers(first: 100) { id } }');
    expect(all.data.triggers.length).toBe(seen.triggersAtHead);

    // Only the ending data source: the subgraph stops at its endBlock, below the chain head.
    const ending = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      subgraph: manifestFor(calls, (manifest) => {
        manifest.dataSources[0].source.endBlock = endBlock;
      }),
      name: 'calls-ending',
      pollIntervalMs: 50,
    });
    hosts.push(ending);
    await ending.waitForBlock(endBlock, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stopped = await post(ending.url, '{ triggers(orderBy: seq) { blockNumber } _meta { block { number } } }');
    expect(stopped.data._meta.block.number).toBe(endBlock);
    expect(stopped.data.triggers.length).toBe(4);
    expect(Math.max(...stopped.data.triggers.map((t: Json) => Number(t.blockNumber)))).toBe(endBlock);
    expect(ending.status()[0]!.state).toBe('synced');
    expect(head).toBeGreaterThan(endBlock);
  }, 120_000);

  it.each([{ backend: 'PGlite' }, ...(TEST_POSTGRES_URL ? [{ backend: 'PostgreSQL' }] : [])])(
    'grafts onto a deployment of this host ($backend): the base\'s versions up to the graft block, then its own indexing (graph-node\'s checks first)',
    async ({ backend }) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-graft-'));
      const database = backend === 'PostgreSQL' ? await createTestDatabase('graft') : null;
      const manager = new DeploymentManager({
        rpcUrl: anvil.rpcUrl,
        dataDir,
        ipfs: new IpfsFileStore(null),
        logger: { log: () => {} },
        indexer: { pollIntervalMs: 50 },
        ...(database ? { postgresUrl: database.url } : {}),
      });
      try {
        const head = Number(await rpc('eth_blockNumber'));
        const { id: baseId } = await manager.deployLocal('base', manifestFor(calls));
        await manager.byId(baseId)!.indexer.waitForBlock(head, 60_000);
        const graftAt = seen.inner;
        const grafted = (block: number, base = baseId) =>
          manifestFor(calls, (manifest) => {
            manifest.features = [...(manifest.features ?? []), 'grafting'];
            manifest.graft = { base, block };
          });
        // graph-node's validation, in its words.
        await expect(
          manager.deployLocal(
            'undeclared',
            manifestFor(calls, (manifest) => {
              delete manifest.features;
              manifest.graft = { base: baseId, block: graftAt };
            }),
          ),
        ).rejects.toThrow('The feature `grafting, fullTextSearch` is used by the subgraph but it is not declared in the manifest.');
        await expect(manager.deployLocal('nobase', grafted(graftAt, 'QmTQbJ234d2Po7xKZS5wKPiYuMYsCAqqY4df5czESjEXn4'))).rejects.toThrow(
          'the graft base is invalid: deployment `QmTQbJ234d2Po7xKZS5wKPiYuMYsCAqqY4df5czESjEXn4` does not exist on this host',
        );
        await expect(manager.deployLocal('ahead', grafted(head + 100))).rejects.toThrow(
          `the graft base is invalid: failed to graft onto \`${baseId}\` at block ${head + 100} since it has only processed block ${head}`,
        );

        const { id: graftId } = await manager.deployLocal('grafted', grafted(graftAt));
        const deployment = manager.byId(graftId)!;
        await deployment.indexer.waitForBlock(head, 60_000);
        const query = async (id: string, text: string) => (await manager.byId(id)!.executor.execute({ query: text })) as Json;
        const all = '{ triggers(orderBy: seq, first: 100) { seq kind value label blockNumber } counter(id: "c") { next } callBlocks(orderBy: number) { number } }';
        // The same answers as the base: copied up to the graft block, indexed by the graft after it
        // (its Counter continues from the copied one, so the sequence has no gap or repeat).
        expect(await query(graftId, all)).toEqual(await query(baseId, all));
        const before = `{ triggers(block: { number: ${graftAt} }, orderBy: seq) { seq } counter(id: "c", block: { number: ${graftAt} }) { next } }`;
        expect(await query(graftId, before)).toEqual(await query(baseId, before));
        // The graft processed only the blocks after the graft block.
        const progress = deployment.indexer.progress();
        expect(progress.latestBlock?.number).toBe(head);
        const baseProgress = manager.byId(baseId)!.indexer.progress();
        expect(progress.handlerCalls).toBeLessThan(baseProgress.handlerCalls);
        expect(progress.handlerCalls).toBeGreaterThan(0);
      } finally {
        await manager.closeAll();
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('fails the subgraph visibly when the node has no trace_filter', async () => {
    const proxy = await startRpcProxy({
      upstream: anvil.rpcUrl,
      intercept: `
        if (!Array.isArray(request) && request.method === 'trace_filter') {
          state.refused++;
          return [200, { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } }];
        }`,
      state: { refused: 0 },
    });
    try {
      const host = await startGraphHost({ rpcUrl: proxy.url, subgraph: manifestFor(calls), name: 'no-traces', pollIntervalMs: 50, logger: { log: () => {} } });
      hosts.push(host);
      const deadline = Date.now() + 30_000;
      let status = host.status()[0]!;
      while (status.state !== 'failed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = host.status()[0]!;
      }
      expect(status.state).toBe('failed');
      expect(status.error?.deterministic).toBe(true);
      expect(status.error?.message).toMatch(/trace_filter/);
      // graph-node's status API says the same (its tooling asks there).
      const statuses = await post(host.indexNodeUrl, '{ indexingStatuses { health fatalError { message deterministic } } }');
      expect(statuses.data.indexingStatuses).toEqual([{ health: 'failed', fatalError: { message: status.error!.message, deterministic: true } }]);
      expect(proxy.state.refused).toBe(1);
    } finally {
      await proxy.stop();
    }
  }, 60_000);
});
