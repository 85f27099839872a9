/**
 * Ingestion through a restrictive JSON-RPC endpoint, as public providers behave: a real HTTP proxy
 * in front of anvil that refuses eth_getLogs ranges over 50 blocks and refuses batch requests.
 * The host must shrink its ranges, fall back to single requests, and end in the same state as a
 * host reading anvil directly.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost } from '../src/index.js';
import { fixtureBuildDir, fullState, startChainWithEmitter, type Chain } from './ingest-helpers.js';

const MAX_RANGE = 50;

/** Plain JS run in a worker: forwards to anvil, refusing large eth_getLogs ranges and batches. */
const PROXY_SOURCE = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const seen = { rangeRefusals: 0, batchRefusals: 0, maxServedRange: 0 };
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const request = JSON.parse(body);
    const reply = (status, payload) => {
      parentPort.postMessage({ seen });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (Array.isArray(request)) {
      seen.batchRefusals++;
      return reply(400, { error: 'batch requests are not supported' });
    }
    const filter = request.method === 'eth_getLogs' ? request.params[0] : null;
    if (filter && filter.fromBlock && filter.toBlock) {
      const span = Number(filter.toBlock) - Number(filter.fromBlock) + 1;
      if (span > workerData.maxRange) {
        seen.rangeRefusals++;
        return reply(200, { jsonrpc: '2.0', id: request.id, error: { code: -32005, message: 'query exceeds max block range ' + workerData.maxRange } });
      }
      seen.maxServedRange = Math.max(seen.maxServedRange, span);
    }
    fetch(workerData.upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then(async (upstream) => reply(upstream.status, await upstream.json()))
      .catch((error) => reply(502, { error: String(error) }));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

describe('restrictive RPC provider', () => {
  let chain: Chain;
  let proxy: Worker;
  let proxyUrl: string;
  const seen = { rangeRefusals: 0, batchRefusals: 0, maxServedRange: 0 };

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    for (let i = 0; i < 4; i++) {
      await chain.deposit(BigInt(10 + i), `p-${i}`);
      await chain.mine(120);
    }
    // The proxy runs in a worker thread: mapping eth_calls are synchronous and block the main
    // thread while they wait, so an in-thread proxy would deadlock.
    proxy = new Worker(PROXY_SOURCE, { eval: true, workerData: { upstream: chain.rpcUrl, maxRange: MAX_RANGE } });
    proxy.on('message', (message: { port?: number; seen?: typeof seen }) => {
      if (message.seen) Object.assign(seen, message.seen);
    });
    const port = await new Promise<number>((resolve, reject) => {
      proxy.once('message', (message: { port: number }) => resolve(message.port));
      proxy.once('error', reject);
    });
    proxyUrl = `http://127.0.0.1:${port}`;
  }, 180_000);

  afterAll(async () => {
    await proxy?.terminate();
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
