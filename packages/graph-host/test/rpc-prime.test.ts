/**
 * JsonRpcClient.prime / primeBatch on a real anvil: a primed answer is taken once by the identical
 * request (and only by it), later requests ask the node again, and errors reach the claimer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcClient, RpcError } from '../src/ingest/rpc.js';
import { startAnvil, type AnvilInstance } from './helpers/anvil.js';

let anvil: AnvilInstance;

beforeAll(async () => {
  anvil = await startAnvil();
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
});

async function mine(client: JsonRpcClient, blocks: number): Promise<void> {
  await client.request('anvil_mine', [`0x${blocks.toString(16)}`]);
}

describe('JsonRpcClient priming', () => {
  it('answers the next identical request from the primed one, once', async () => {
    const client = new JsonRpcClient(anvil.rpcUrl);
    const before = Number.parseInt(await client.request<string>('eth_blockNumber', []), 16);
    const primed = client.prime<string>('eth_blockNumber', []);
    await primed;
    await mine(client, 3);
    // Claimed: the answer from before the blocks were mined.
    expect(Number.parseInt(await client.request<string>('eth_blockNumber', []), 16)).toBe(before);
    // Not again: the node is asked.
    expect(Number.parseInt(await client.request<string>('eth_blockNumber', []), 16)).toBe(before + 3);
    // Other params are other requests.
    const block = client.prime<{ number: string }>('eth_getBlockByNumber', ['0x1', false]);
    const other = await client.request<{ number: string }>('eth_getBlockByNumber', ['0x2', false]);
    expect(other.number).toBe('0x2');
    expect((await client.request<{ number: string }>('eth_getBlockByNumber', ['0x1', false])).number).toBe((await block).number);
  });

  it('primes a batch that a later batch (or single requests) claims, and passes errors on', async () => {
    const client = new JsonRpcClient(anvil.rpcUrl);
    const calls = [1, 2, 3].map((n) => ({ method: 'eth_getBlockByNumber', params: [`0x${n.toString(16)}`, false] }));
    client.primeBatch(calls);
    const blocks = await client.batch<{ number: string; hash: string }>(calls);
    expect(blocks.map((b) => b.number)).toEqual(['0x1', '0x2', '0x3']);

    const failing = client.prime('eth_getLogs', [{ fromBlock: '0x1', toBlock: '0x0', topics: [['0xnot-a-topic']] }]);
    await expect(failing).rejects.toBeInstanceOf(RpcError);
    await expect(client.request('eth_getLogs', [{ fromBlock: '0x1', toBlock: '0x0', topics: [['0xnot-a-topic']] }])).rejects.toBeInstanceOf(RpcError);
  });
});
