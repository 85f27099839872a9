/**
 * Ingestion through a restrictive JSON-RPC endpoint, as public providers behave: a real HTTP proxy
 * in front of anvil that refuses eth_getLogs ranges over 50 blocks and refuses batch requests.
 * The host must shrink its ranges, fall back to single requests, and end in the same state as a
 * host reading anvil directly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost } from '../src/index.js';
import { fixtureBuildDir, fullState, startChainWithEmitter, type Chain } from './ingest-helpers.js';

const MAX_RANGE = 50;

describe('restrictive RPC provider', () => {
  let chain: Chain;
  let proxy: Server;
  let proxyUrl: string;
  const seen = { rangeRefusals: 0, batchRefusals: 0, maxServedRange: 0 };

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    for (let i = 0; i < 4; i++) {
      await chain.deposit(BigInt(10 + i), `p-${i}`);
      await chain.mine(120);
    }
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const request = JSON.parse(body) as unknown;
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (Array.isArray(request)) {
          seen.batchRefusals++;
          reply(400, { error: 'batch requests are not supported' });
          return;
        }
        const call = request as { id: number; method: string; params: { fromBlock?: string; toBlock?: string }[] };
        if (call.method === 'eth_getLogs' && call.params[0]?.fromBlock && call.params[0].toBlock) {
          const span = Number(call.params[0].toBlock) - Number(call.params[0].fromBlock) + 1;
          if (span > MAX_RANGE) {
            seen.rangeRefusals++;
            reply(200, { jsonrpc: '2.0', id: call.id, error: { code: -32005, message: `query exceeds max block range ${MAX_RANGE}` } });
            return;
          }
          seen.maxServedRange = Math.max(seen.maxServedRange, span);
        }
        fetch(chain.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (upstream) => reply(upstream.status, await upstream.json()))
          .catch((error: unknown) => reply(502, { error: String(error) }));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await chain?.stop();
  });

  it('adapts block ranges and batching and indexes the same data', async () => {
    const head = await chain.blockNumber();
    const viaProxy = await startGraphHost({ rpcUrl: proxyUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50, logger: { log: () => {} } });
    let throughProxy: Record<string, unknown[]>;
    try {
      await viaProxy.waitForBlock(head, 180_000);
      throughProxy = await fullState(viaProxy.url);
    } finally {
      await viaProxy.stop();
    }
    expect(seen.rangeRefusals).toBeGreaterThan(0);
    expect(seen.batchRefusals).toBe(1); // refused once, then single requests only
    expect(seen.maxServedRange).toBeLessThanOrEqual(MAX_RANGE);
    expect((throughProxy.depositEvents as unknown[]).length).toBe(4);

    const direct = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50 });
    try {
      await direct.waitForBlock(head, 180_000);
      expect(throughProxy).toEqual(await fullState(direct.url));
    } finally {
      await direct.stop();
    }
  }, 400_000);
});
