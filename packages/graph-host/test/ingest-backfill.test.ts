/**
 * The backfill's request pattern, seen by a real HTTP proxy in front of anvil: eth_getLogs in
 * chunks that cover the chain once (the first ones primed while the store opens and claimed by the
 * indexer, never asked twice), and the same state as a host that read the chain directly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFunctionData, type Abi, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, EMITTER_ADDRESS, indexedState, startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { startRpcProxy, type RpcProxy } from './helpers/rpc-proxy.js';

/** Records every eth_getLogs block range asked for (batched or not) and forwards everything. */
const RECORD = `
  for (const call of Array.isArray(request) ? request : [request]) {
    const filter = call.method === 'eth_getLogs' ? call.params[0] : null;
    if (filter && filter.fromBlock) state.ranges.push([Number(filter.fromBlock), Number(filter.toBlock)]);
  }
`;

/** The benchmark's contract: calls the Emitter's `tag` many times in one transaction. */
const batcher = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'TagBatcher.json'), 'utf8')) as { abi: Abi; bytecode: Hex };
const BATCHED = 5;

describe('backfill requests', () => {
  let chain: Chain;
  let proxy: RpcProxy<{ ranges: [number, number][] }>;
  let batchHash: Hex;

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    // One Tagged event per block over 30 blocks, then empty blocks: several eth_getLogs chunks.
    for (let i = 0; i < 30; i++) await chain.tag(`label-${i}`, [BigInt(i), BigInt(i * 2)], BigInt(i % 7));
    // Then several events of one transaction, whose handler mutates the event's transaction and block.
    const deployed = await chain.client.waitForTransactionReceipt({
      hash: await chain.rpc<Hex>('eth_sendTransaction', [{ from: ACCOUNT, data: batcher.bytecode, gas: '0x1000000' }]),
    });
    const data = encodeFunctionData({ abi: batcher.abi, functionName: 'tagMany', args: [EMITTER_ADDRESS, BigInt(BATCHED), 1000n] });
    batchHash = await chain.rpc<Hex>('eth_sendTransaction', [{ from: ACCOUNT, to: deployed.contractAddress, data, gas: '0x1000000' }]);
    expect((await chain.client.waitForTransactionReceipt({ hash: batchHash })).status).toBe('success');
    await chain.mine(40);
    proxy = await startRpcProxy({ upstream: chain.rpcUrl, intercept: RECORD, state: { ranges: [] } });
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop();
    await chain?.stop();
  });

  it('asks for each block range once, in contiguous chunks, and indexes what a direct host indexes', async () => {
    const head = await chain.blockNumber();
    const state = await indexedState(proxy.url, head);
    const tagged = state.taggedEvents as { id: string }[];
    expect(tagged.length).toBe(30 + BATCHED);
    // Each event of the batch saw its own, unmutated transaction (the handler flips its hash's first
    // byte after using the hash as the id): the host's shared snapshot of these objects is restored per trigger.
    expect(tagged.filter(({ id }) => id.startsWith(`${batchHash}-`))).toHaveLength(BATCHED);
    // The backfill's ranges (head following asks by block hash): up to the head, each asked once.
    const ranges = proxy.state.ranges.filter(([from]) => from <= head);
    const keys = ranges.map(([from, to]) => `${from}-${to}`);
    expect(new Set(keys).size).toBe(keys.length);
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    expect(sorted.length).toBeGreaterThan(1);
    expect(sorted[0]![0]).toBe(0);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBe(sorted[i - 1]![1] + 1);
    expect(sorted[sorted.length - 1]![1]).toBe(head);

    expect(state).toEqual(await indexedState(chain.rpcUrl, head));
  }, 300_000);
});
