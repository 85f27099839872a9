/**
 * Ingestion through a restrictive JSON-RPC endpoint, as public providers behave: a real HTTP proxy
 * in front of anvil that refuses eth_getLogs ranges over 50 blocks and refuses batch requests.
 * The host must shrink its ranges, fall back to single requests, and end in the same state as a
 * host reading anvil directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexedState, startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { startRpcProxy, type RpcProxy } from './helpers/rpc-proxy.js';

const MAX_RANGE = 50;

/** Refuses batches and eth_getLogs ranges over `maxRange` blocks, as public providers do. */
const RESTRICT = `
  if (Array.isArray(request)) {
    state.batchRefusals++;
    return [400, { error: 'batch requests are not supported' }];
  }
  const filter = request.method === 'eth_getLogs' ? request.params[0] : null;
  if (filter && filter.fromBlock && filter.toBlock) {
    const span = Number(filter.toBlock) - Number(filter.fromBlock) + 1;
    if (span > workerData.maxRange) {
      state.rangeRefusals++;
      return [200, { jsonrpc: '2.0', id: request.id, error: { code: -32005, message: 'query exceeds max block range ' + workerData.maxRange } }];
    }
    state.maxServedRange = Math.max(state.maxServedRange, span);
  }
`;

describe('restrictive RPC provider', () => {
  let chain: Chain;
  let proxy: RpcProxy<{ rangeRefusals: number; batchRefusals: number; maxServedRange: number }>;

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    for (let i = 0; i < 4; i++) {
      await chain.deposit(BigInt(10 + i), `p-${i}`);
      await chain.mine(120);
    }
    proxy = await startRpcProxy({ upstream: chain.rpcUrl, intercept: RESTRICT, state: { rangeRefusals: 0, batchRefusals: 0, maxServedRange: 0 }, workerData: { maxRange: MAX_RANGE } });
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop();
    await chain?.stop();
  });

  it('adapts block ranges and batching and indexes the same data', async () => {
    const head = await chain.blockNumber();
    const throughProxy = await indexedState(proxy.url, head, 180_000);
    expect(proxy.state.rangeRefusals).toBeGreaterThan(0);
    expect(proxy.state.batchRefusals).toBe(1); // refused once, then single requests only
    expect(proxy.state.maxServedRange).toBeLessThanOrEqual(MAX_RANGE);
    expect((throughProxy.depositEvents as unknown[]).length).toBe(4);

    expect(throughProxy).toEqual(await indexedState(chain.rpcUrl, head, 180_000));
  }, 400_000);
});
