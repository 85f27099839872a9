/** A deterministic handler error fails the deployment (visible in _meta) instead of crash-looping. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { fixtureBuildDir, gql, startChainWithEmitter, type Chain } from './ingest-helpers.js';

describe('handler failure', () => {
  let chain: Chain;
  let host: GraphHost | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    chain = await startChainWithEmitter();
  }, 180_000);

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
  });

  it('marks the deployment failed at the failing block and keeps earlier data', async () => {
    await chain.deposit(10n, 'before');
    const failing = await chain.boom(7n); // the mapping asserts code != 7
    await chain.deposit(20n, 'after');
    const failingBlock = Number(failing.blockNumber);
    host = await startGraphHost({
      rpcUrl: chain.rpcUrl,
      subgraph: fixtureBuildDir,
      pollIntervalMs: 50,
      logger: { log: (level, message) => logs.push(`${level} ${message}`) },
    });
    await expect(host.waitForBlock(failingBlock + 1, 120_000)).rejects.toThrow(/indexing failed/);
    // graph-node semantics: with `subgraphError: allow` the data comes with an `indexing_error`.
    const allowed = await fetch(host.url, {
      method: 'POST',
      body: JSON.stringify({ query: '{ _meta { hasIndexingErrors block { number } } depositEvents(subgraphError: allow) { note } }' }),
    });
    const { data, errors } = (await allowed.json()) as {
      data: { _meta: { hasIndexingErrors: boolean; block: { number: number } }; depositEvents: { note: string }[] };
      errors: { message: string }[];
    };
    expect(errors).toEqual([{ message: 'indexing_error' }]);
    // Without it (default `deny`) only `indexing_error` (and _meta) is returned.
    const denied = await fetch(host.url, { method: 'POST', body: JSON.stringify({ query: '{ depositEvents { note } }' }) });
    expect(((await denied.json()) as { errors?: { message: string }[] }).errors?.[0]?.message).toBe('indexing_error');
    expect(data._meta.hasIndexingErrors).toBe(true);
    // graph-node transacts the failing block without its changes: the pointer is at that block.
    expect(data._meta.block.number).toBe(failingBlock);
    expect(data.depositEvents).toEqual([{ note: 'before' }]);
    const [status] = host.status();
    expect(status!.state).toBe('failed');
    expect(status!.error?.blockNumber).toBe(failingBlock);
    expect(status!.error?.deterministic).toBe(true);
    expect(logs.some((line) => line.startsWith('error') && line.includes(`block ${failingBlock}`))).toBe(true);

    // Stays failed: no retries, the pointer does not move while the chain grows.
    await chain.mine(5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = await gql<{ _meta: { block: { number: number } } }>(host.url, '{ _meta { block { number } } }');
    expect(again._meta.block.number).toBe(failingBlock);
  }, 180_000);
});
