/**
 * Manifest-driven trigger filters on the real fixture WASM: `topic1` event filters and `polling` /
 * `once` block handler filters, loaded from modified manifest text through the file-resolver source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, pad, toHex, type Abi, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { parse, stringify } from 'yaml';
import { SubgraphRuntime, loadSubgraph } from '../src/runtime/index.js';
import type { BlockData, DataSourceInstance, RpcLog, RpcReceipt, RpcTransaction } from '../src/types.js';
import { startAnvil } from './helpers/anvil.js';
import { MemoryEntityCache } from './helpers/memory-cache.js';
import { emitterArtifact, emitterBuildDir, ensureFixturesBuilt } from './fixtures/ensure-built.js';

// anvil's first two default accounts.
const alice = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const bob = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

async function rpc<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function fetchBlock(rpcUrl: string, runtime: SubgraphRuntime, blockNumber: number, dataSources: DataSourceInstance[]): Promise<BlockData> {
  const raw = await rpc<Record<string, unknown> & { hash: Hex; parentHash: Hex; timestamp: Hex; transactions: RpcTransaction[] }>(
    rpcUrl,
    'eth_getBlockByNumber',
    [toHex(blockNumber), true],
  );
  const logs: RpcLog[] = [];
  for (const filter of runtime.logFilters(dataSources)) {
    logs.push(...(await rpc<RpcLog[]>(rpcUrl, 'eth_getLogs', [{ blockHash: raw.hash, address: filter.address, topics: [filter.topic0] }])));
  }
  const receipts = new Map<string, RpcReceipt>();
  for (const tx of raw.transactions) receipts.set(tx.hash, await rpc<RpcReceipt>(rpcUrl, 'eth_getTransactionReceipt', [tx.hash]));
  const { transactions, ...header } = raw;
  return {
    header: { number: blockNumber, hash: raw.hash, parentHash: raw.parentHash, timestamp: BigInt(raw.timestamp), raw: header },
    logs,
    transactions: new Map(transactions.map((tx) => [tx.hash, tx])),
    receipts,
  };
}

describe('trigger filters from the manifest', () => {
  let anvil: Awaited<ReturnType<typeof startAnvil>>;
  let emitterAddress: Hex;
  const blocks: number[] = [];
  const runtimes: SubgraphRuntime[] = [];

  /** Loads the fixture with a modified manifest and returns a runtime plus its data sources. */
  async function variant(edit: (manifest: Record<string, any>) => void): Promise<{ runtime: SubgraphRuntime; dataSources: DataSourceInstance[]; schemaText: string }> {
    const manifest = parse(readFileSync(path.join(emitterBuildDir, 'subgraph.yaml'), 'utf8')) as Record<string, any>;
    manifest.dataSources[0].source.address = emitterAddress;
    edit(manifest);
    const subgraph = await loadSubgraph({
      manifestText: stringify(manifest),
      resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(emitterBuildDir, ref))),
    });
    const runtime = new SubgraphRuntime(subgraph, { rpcUrl: anvil.rpcUrl });
    runtimes.push(runtime);
    return { runtime, dataSources: subgraph.dataSources, schemaText: subgraph.schemaText };
  }

  beforeAll(async () => {
    await ensureFixturesBuilt();
    anvil = await startAnvil();
    const emitter = JSON.parse(readFileSync(emitterArtifact('Emitter'), 'utf8')) as { abi: Abi; bytecode: { object: Hex } };
    const publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
    const wallet = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl) });
    const deploy = await wallet.deployContract({ abi: emitter.abi, bytecode: emitter.bytecode.object, account: alice, chain: foundry });
    emitterAddress = (await publicClient.waitForTransactionReceipt({ hash: deploy })).contractAddress!;
    // Four blocks, alternating depositors.
    for (const [index, account] of [alice, bob, alice, bob].entries()) {
      const hash = await wallet.writeContract({
        address: emitterAddress,
        abi: emitter.abi,
        functionName: 'deposit',
        args: [BigInt(index + 1), 0n, `d${index}`, '0x', pad('0x01'), false],
        account,
        chain: foundry,
      });
      blocks.push(Number((await publicClient.waitForTransactionReceipt({ hash })).blockNumber));
    }
  }, 240_000);

  afterAll(async () => {
    for (const runtime of runtimes) runtime.close();
    await anvil?.stop();
  });

  it('topic1 filter keeps only the matching indexed address', async () => {
    const { runtime, dataSources, schemaText } = await variant((manifest) => {
      const handlers = manifest.dataSources[0].mapping.eventHandlers as Record<string, unknown>[];
      handlers[0]!.topic1 = [alice.address];
    });
    const cache = new MemoryEntityCache(schemaText);
    for (const blockNumber of blocks) {
      cache.beginBlock();
      runtime.processBlock(await fetchBlock(anvil.rpcUrl, runtime, blockNumber, dataSources), dataSources, cache);
    }
    expect(cache.get('Account', alice.address.toLowerCase())).not.toBeNull();
    expect(cache.get('Account', bob.address.toLowerCase())).toBeNull();
    expect(cache.count('DepositEvent')).toBe(2);
  });

  it('polling block handlers run every N blocks from startBlock; once runs at startBlock only', async () => {
    const start = blocks[0]!;
    const polling = await variant((manifest) => {
      manifest.dataSources[0].source.startBlock = start;
      manifest.dataSources[0].mapping.blockHandlers[0].filter = { kind: 'polling', every: 2 };
    });
    const once = await variant((manifest) => {
      manifest.dataSources[0].source.startBlock = start;
      manifest.dataSources[0].mapping.blockHandlers[0].filter = { kind: 'once' };
    });
    for (const { runtime, dataSources, schemaText } of [polling, once]) {
      const cache = new MemoryEntityCache(schemaText);
      for (let blockNumber = start - 1; blockNumber <= blocks[3]!; blockNumber++) {
        cache.beginBlock();
        runtime.processBlock(await fetchBlock(anvil.rpcUrl, runtime, blockNumber, dataSources), dataSources, cache);
      }
      const recorded = [...(cache.entities.get('BlockRecord')?.keys() ?? [])].map(Number).sort((a, b) => a - b);
      if (runtime === polling.runtime) {
        const expected: number[] = [];
        for (let n = start; n <= blocks[3]!; n += 2) expected.push(n);
        expect(recorded).toEqual(expected);
      } else {
        expect(recorded).toEqual([start]);
      }
    }
  });
});
