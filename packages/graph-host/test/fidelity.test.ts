/**
 * graph-node behaviours that made real subgraphs fail, end to end on anvil with the fidelity fixture
 * (test/fixtures/fidelity, built by graph-cli 0.98.1): manifest `context:`, `features:
 * [nonFatalErrors]` on and off, deterministic errors failing the subgraph visibly (index-node status
 * API, `_meta`), non-deterministic RPC failures retried, ethereum.call fixed-bytes padding and NUL
 * stripping.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, type Abi, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { parse, stringify } from 'yaml';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { startAnvil, type AnvilInstance } from './helpers/anvil.js';
import { startRpcProxy } from './helpers/rpc-proxy.js';
import { ensureFixturesBuilt, fixturesDir } from './fixtures/ensure-built.js';
import { postQuery as post, type Json } from './helpers/graphql.js';

const fidelityDir = path.join(fixturesDir, 'fidelity');
const buildDir = path.join(fidelityDir, 'build');
const readArtifact = () =>
  JSON.parse(readFileSync(path.join(fidelityDir, 'out', 'Fidelity.sol', 'Fidelity.json'), 'utf8')) as { abi: Abi; bytecode: { object: Hex } };
let artifact: ReturnType<typeof readArtifact>;
const deployer = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');


const STATUS_QUERY = `{
  indexingStatuses {
    subgraph synced health entityCount node
    fatalError { message block { number hash } handler deterministic }
    nonFatalErrors { message block { number hash } handler deterministic }
    chains { network chainHeadBlock { number hash } earliestBlock { number hash } latestBlock { number hash } lastHealthyBlock { number hash } }
  }
}`;

/** The fixture manifest, edited: `features` and `startBlock` per scenario, the deployed address. */
function variant(address: Hex, edit: (manifest: Json) => void): { manifestText: string; resolveFile: (ref: string) => Promise<Uint8Array> } {
  const manifest = parse(readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8')) as Json;
  manifest.dataSources[0].source.address = address;
  edit(manifest);
  return {
    manifestText: stringify(manifest),
    resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(buildDir, ref))),
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Answers eth_call with a node error (not a revert) the first `state.failures` times. */
const FLAKY_ETH_CALL = `
  if (!Array.isArray(request) && request.method === 'eth_call' && state.failures > 0) {
    state.failures--;
    state.failed++;
    return [200, { jsonrpc: '2.0', id: request.id, error: { code: -32000, message: 'header not found' } }];
  }
`;

describe('graph-node fidelity on a subgraph written for graph-node', () => {
  let anvil: AnvilInstance;
  let address: Hex;
  const hosts: GraphHost[] = [];
  const blocks = { x: 0, y: 0, z: 0, w: 0 };

  beforeAll(async () => {
    await ensureFixturesBuilt();
    artifact = readArtifact();
    anvil = await startAnvil();
    const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
    const client = createPublicClient({ chain, transport: http(anvil.rpcUrl) });
    const wallet = createWalletClient({ chain, transport: http(anvil.rpcUrl), account: deployer });
    const deployHash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object });
    address = (await client.waitForTransactionReceipt({ hash: deployHash })).contractAddress!;
    const rpc = (method: string, params: unknown[] = []) =>
      fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    const send = async (functionName: string, args: unknown[]) => {
      const hash = await wallet.writeContract({ address, abi: artifact.abi, functionName, args, chain, account: deployer });
      return client.waitForTransactionReceipt({ hash });
    };
    // Block X: a Hello and a failing handler in the same block (automine off, then one block).
    await rpc('evm_setAutomine', [false]);
    const h1 = await wallet.writeContract({ address, abi: artifact.abi, functionName: 'hello', args: [1n, 'a\u0000b'], chain, account: deployer });
    const f1 = await wallet.writeContract({ address, abi: artifact.abi, functionName: 'fail', args: [1n], chain, account: deployer });
    await rpc('evm_mine');
    await rpc('evm_setAutomine', [true]);
    const r1 = await client.waitForTransactionReceipt({ hash: h1 });
    const r2 = await client.waitForTransactionReceipt({ hash: f1 });
    expect(r1.blockNumber).toBe(r2.blockNumber);
    blocks.x = Number(r1.blockNumber);
    blocks.y = Number((await send('fail', [2n])).blockNumber); // missing required field
    blocks.z = Number((await send('badCall', [])).blockNumber); // argument that does not encode
    blocks.w = Number((await send('hello', [2n, 'ok'])).blockNumber);
  }, 120_000);

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    await anvil?.stop();
  });

  it('nonFatalErrors: drops the failing handler\'s changes, records the errors, keeps indexing', async () => {
    const host = await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph: variant(address, () => {}), name: 'nonfatal', pollIntervalMs: 50 });
    hosts.push(host);
    await host.waitForBlock(blocks.w, 90_000);

    // Default `deny`: graph-node answers indexing_error and keeps only _meta.
    const denied = await post(host.url, '{ contextRecords { id } _meta { hasIndexingErrors } }');
    expect(denied).toEqual({ data: { _meta: { hasIndexingErrors: true } }, errors: [{ message: 'indexing_error' }] });
    // Before the first error, no indexing error.
    const before = await post(host.url, `{ contextRecords(block: { number: ${blocks.x - 1} }) { id } _meta(block: { number: ${blocks.x - 1} }) { hasIndexingErrors } }`);
    expect(before).toEqual({ data: { contextRecords: [], _meta: { hasIndexingErrors: false } } });

    const allowed = await post(
      host.url,
      `{ contextRecords(subgraphError: allow, orderBy: id) { id name flag count big8 big dec raw listLength listFirst listSecond text echo4 echo32 }
         partials(subgraphError: allow) { id } }`,
    );
    expect(allowed.errors).toEqual([{ message: 'indexing_error' }]);
    const record = {
      name: 'fidelity',
      flag: true,
      count: 42,
      big8: '9007199254740992',
      big: '123456789012345678901234567890',
      dec: '1.5',
      raw: '0xdeadbeef',
      listLength: 2,
      listFirst: 7,
      listSecond: 'two',
      echo4: '0xcafebabe',
      // 20 bytes given for bytes32: padded with zeros on the right, as ethabi encodes fixed bytes.
      echo32: '0x00000000000000000000000000000000000000aa000000000000000000000000',
    };
    // The Hello in the failing block is kept; its NUL is stripped as graph-node strips it.
    expect(allowed.data.contextRecords).toEqual([
      { id: '1', ...record, text: 'ab' },
      { id: '2', ...record, text: 'ok' },
    ]);
    // Partial(1) was saved by the handler that then aborted, Partial(2) never validated: both dropped.
    expect(allowed.data.partials).toEqual([]);

    const status = await post(host.indexNodeUrl, STATUS_QUERY);
    expect(status.errors).toBeUndefined();
    const [s] = status.data.indexingStatuses;
    // Two contextRecords and, as graph-node counts it, the PoI entity of the one causality region.
    expect(s).toMatchObject({ subgraph: host.deploymentId, health: 'unhealthy', fatalError: null, node: 'default', entityCount: '3', synced: true });
    expect(s.nonFatalErrors.map((e: Json) => [e.block.number, e.handler, e.deterministic])).toEqual([
      [blocks.x, 'handleFail', true],
      [blocks.y, 'handleFail', true],
      [blocks.z, 'handleBadCall', true],
    ]);
    expect(s.nonFatalErrors[0].message).toMatch(/^Mapping aborted at .*fidelity\.ts.*with message: fail code one/);
    expect(s.nonFatalErrors[1].message).toMatch(/missing value for non-nullable field `label`/);
    expect(s.nonFatalErrors[2].message).toMatch(
      /Failed to call function "echo4" of contract "Fidelity": type mismatch, token FixedBytes\(\[1, 2, 3, 4, 5\]\) is not of kind FixedBytes\(4\)/,
    );
    const [chain] = s.chains;
    expect(chain.network).toBe('anvil');
    expect(chain.latestBlock.number).toBe(String(blocks.w));
    expect(chain.earliestBlock).toEqual({ number: 0, hash: '0x0' });
    expect(Number(chain.chainHeadBlock.number)).toBeGreaterThanOrEqual(blocks.w);
    expect(chain.chainHeadBlock.hash).toMatch(/^0x[0-9a-f]{64}$/);

    const features = await post(host.indexNodeUrl, `{ subgraphFeatures(subgraphId: "${host.deploymentId}") { apiVersion specVersion features dataSources handlers network } }`);
    expect(features).toEqual({
      data: { subgraphFeatures: { apiVersion: '0.0.9', specVersion: '1.3.0', features: ['nonFatalErrors'], dataSources: ['ethereum/contract'], handlers: ['event'], network: 'anvil' } },
    });
    // graph-node's blockHashFromNumber: hex without 0x (its grafting integration test compares so).
    const head = (await (
      await fetch(anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBlockByNumber', params: [`0x${blocks.w.toString(16)}`, false] }),
      })
    ).json()) as { result: { hash: string } };
    const hashes = await post(host.indexNodeUrl, `{ hash: blockHashFromNumber(network: "anvil", blockNumber: ${blocks.w}) none: blockHashFromNumber(network: "anvil", blockNumber: 99999999) }`);
    expect(hashes).toEqual({ data: { hash: head.result.hash.slice(2), none: null } });
    const block = await post(host.indexNodeUrl, `{ blockData(network: "anvil", blockHash: "${head.result.hash}") }`);
    expect(block.data.blockData).toMatchObject({ hash: head.result.hash, number: `0x${blocks.w.toString(16)}` });
    // entityChangesInBlock over every block: each ContextRecord written once, as graph-node writes entities in JSON.
    const written: Json[] = [];
    for (let n = 0; n <= blocks.w; n++) {
      const changes = await post(host.indexNodeUrl, `{ entityChangesInBlock(subgraphId: "${host.deploymentId}", blockNumber: ${n}) { updates { type entities } deletions { type entities } } }`);
      expect(changes.errors).toBeUndefined();
      for (const update of changes.data.entityChangesInBlock.updates) if (update.type === 'ContextRecord') written.push(...update.entities);
      expect(changes.data.entityChangesInBlock.deletions).toEqual([]);
    }
    expect(written.map((e) => e.id).sort()).toEqual(['1', '2']);
    expect(written.find((e) => e.id === '2')).toMatchObject({ name: 'fidelity', flag: true, count: 42, big8: '9007199254740992', big: '123456789012345678901234567890', dec: '1.5', raw: '0xdeadbeef', text: 'ok' });
    const otherNetwork = await post(host.indexNodeUrl, '{ blockHashFromNumber(network: "mainnet", blockNumber: 1) }');
    expect(otherNetwork.errors[0].message).toMatch(/network `mainnet` is not indexed by this host \(anvil\)/);
    const byName = await post(host.indexNodeUrl, '{ indexingStatusForCurrentVersion(subgraphName: "nonfatal") { subgraph health } indexingStatusesForSubgraphName(subgraphName: "nonfatal") { subgraph } indexingStatusForPendingVersion(subgraphName: "nonfatal") { subgraph } }');
    expect(byName.data).toEqual({
      indexingStatusForCurrentVersion: { subgraph: host.deploymentId, health: 'unhealthy' },
      indexingStatusesForSubgraphName: [{ subgraph: host.deploymentId }],
      indexingStatusForPendingVersion: null,
    });
  }, 180_000);

  it('without nonFatalErrors a deterministic error fails the subgraph at its block, visibly', async () => {
    const host = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      subgraph: variant(address, (manifest) => delete manifest.features),
      name: 'fatal',
      pollIntervalMs: 50,
    });
    hosts.push(host);
    await expect(host.waitForBlock(blocks.w, 90_000)).rejects.toThrow(/indexing failed/);
    const status = await until('the failure in the status API', async () => {
      const result = await post(host.indexNodeUrl, STATUS_QUERY);
      const s = result.data?.indexingStatuses?.[0];
      return s?.health === 'failed' ? s : null;
    });
    expect(status.fatalError).toMatchObject({ handler: 'handleFail', deterministic: true, block: { number: blocks.x } });
    expect(status.fatalError.message).toMatch(/fail code one/);
    expect(status.nonFatalErrors).toEqual([]);
    // graph-node transacts the failing block without its changes: latest = X, last healthy = X - 1.
    expect(status.chains[0].latestBlock.number).toBe(String(blocks.x));
    expect(status.chains[0].lastHealthyBlock.number).toBe(String(blocks.x - 1));
    const earlier = await post(host.url, `{ _meta(block: { number: ${blocks.x - 1} }) { hasIndexingErrors } }`);
    expect(earlier).toEqual({ data: { _meta: { hasIndexingErrors: false } } });
    const meta = await post(host.url, '{ _meta { hasIndexingErrors block { number } } contextRecords(subgraphError: allow) { id } }');
    // Every change of the failing block is dropped, the Hello included.
    expect(meta).toEqual({
      data: { _meta: { hasIndexingErrors: true, block: { number: blocks.x } }, contextRecords: [] },
      errors: [{ message: 'indexing_error' }],
    });
  }, 180_000);

  it('an ethereum.call argument that does not encode fails the subgraph instead of retrying forever', async () => {
    const logs: string[] = [];
    const host = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      subgraph: variant(address, (manifest) => {
        delete manifest.features;
        manifest.dataSources[0].source.startBlock = blocks.z;
      }),
      name: 'badcall',
      pollIntervalMs: 50,
      logger: { log: (level, message) => logs.push(`${level} ${message}`) },
    });
    hosts.push(host);
    await expect(host.waitForBlock(blocks.w, 60_000)).rejects.toThrow(/type mismatch/);
    const [status] = host.status();
    expect(status).toMatchObject({ state: 'failed', error: { blockNumber: blocks.z, deterministic: true, handler: 'handleBadCall' } });
    expect(logs.filter((line) => line.includes('retrying'))).toEqual([]);
  }, 120_000);

  it('retries non-deterministic eth_call failures (node errors) with backoff, then indexes normally', async () => {
    const proxy = await startRpcProxy({ upstream: anvil.rpcUrl, intercept: FLAKY_ETH_CALL, state: { failures: 3, failed: 0 } });
    try {
      const host = await startGraphHost({
        rpcUrl: proxy.url,
        subgraph: variant(address, (manifest) => {
          manifest.dataSources[0].source.startBlock = blocks.w;
        }),
        name: 'flaky',
        pollIntervalMs: 50,
        logger: { log: () => {} },
      });
      hosts.push(host);
      // While retrying, graph-node reports the subgraph failed with a non-deterministic error.
      const retrying = await until('a retried failure', async () => {
        const s = (await post(host.indexNodeUrl, STATUS_QUERY)).data?.indexingStatuses?.[0];
        return s?.fatalError ? s : null;
      });
      expect(retrying.health).toBe('failed');
      expect(retrying.fatalError).toMatchObject({ deterministic: false });
      expect(retrying.fatalError.message).toMatch(/header not found/);
      await host.waitForBlock(blocks.w, 60_000);
      expect(proxy.state.failed).toBe(3);
      const s = (await post(host.indexNodeUrl, STATUS_QUERY)).data.indexingStatuses[0];
      expect(s).toMatchObject({ health: 'healthy', fatalError: null });
      const records = await post(host.url, '{ contextRecords { id text } }');
      expect(records).toEqual({ data: { contextRecords: [{ id: '2', text: 'ok' }] } });
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});
