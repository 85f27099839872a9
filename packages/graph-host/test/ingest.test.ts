/**
 * End to end: real anvil + the fixture subgraph's real WASM, indexed by the graph host from
 * JSON-RPC, queried over HTTP with graph-node's API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { EMITTER_ADDRESS, fixtureBuildDir, fullState, gql, startChainWithEmitter, type Chain } from './ingest-helpers.js';

describe('ingestion end to end', () => {
  let chain: Chain;
  let host: GraphHost;
  let childAddress: string;

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    // History before the host starts: backfilled with eth_getLogs.
    await chain.deposit(100n, 'first');
    await chain.deposit(250n, 'second');
    await chain.tag('label-a', [1n, 2n, 3n], 7n);
    childAddress = await chain.createChild('kid');
    await chain.ping(childAddress as `0x${string}`, 5n);
    await chain.remove('note-1');
    await chain.mine(3);
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50 });
  }, 180_000);

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
  });

  it('backfills history and serves it over HTTP', { timeout: 90_000 }, async () => {
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const data = await gql<{
      _meta: { block: { number: number; hash: string }; hasIndexingErrors: boolean; deployment: string };
      accounts: { id: string; depositCount: number; totalDeposited: string; deposits: { id: string }[] }[];
      depositEvents: { note: string; amount: string; totalFromCall: string }[];
      taggedEvents: { values: string[]; weight: string; small: number[] }[];
      children: { id: string; name: string; pings: string; contextName: string; contextNumber: number }[];
      notes: { id: string; text: string }[];
      blockRecords: { number: string }[];
    }>(
      host.url,
      `{
        _meta { block { number hash } hasIndexingErrors deployment }
        accounts { id depositCount totalDeposited deposits { id } }
        depositEvents(orderBy: blockNumber) { note amount totalFromCall }
        taggedEvents { values weight small }
        children { id name pings contextName contextNumber }
        notes { id text }
        blockRecords(first: 1000) { number }
      }`,
    );
    expect(data._meta.block.number).toBe(head);
    expect(data._meta.hasIndexingErrors).toBe(false);
    expect(data._meta.deployment).toBe(host.deploymentId);
    expect(data.accounts).toHaveLength(1);
    expect(data.accounts[0]!.depositCount).toBe(2);
    expect(data.accounts[0]!.totalDeposited).toBe('350');
    expect(data.accounts[0]!.deposits).toHaveLength(2);
    expect(data.depositEvents.map((d) => d.note)).toEqual(['first', 'second']);
    // eth_call at the event's block: total() after the first deposit was 100, then 350.
    expect(data.depositEvents.map((d) => d.totalFromCall)).toEqual(['100', '350']);
    expect(data.taggedEvents).toEqual([{ values: ['1', '2', '3'], weight: '7', small: [1, 2, 3] }]);
    // Child data source created from the template: its Ping event in a later block was indexed.
    expect(data.children).toEqual([{ id: childAddress.toLowerCase(), name: 'kid', pings: '5', contextName: 'kid', contextNumber: 42 }]);
    // handleRemoved saves, loads and removes a Note, then keeps a copy: only the copy survives.
    expect(data.notes.map((n) => n.id)).toEqual(['note-1-kept']);
    expect(data.notes[0]!.text).toMatch(/^temporary/);
    // The block handler ran for every block from the start block (0) to the head.
    expect(data.blockRecords).toHaveLength(head + 1);
  });

  it('indexes to the same state with PGlite in a worker thread (GRAPH_HOST_PGLITE_THREAD=worker)', { timeout: 120_000 }, async () => {
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 60_000);
    const previous = process.env.GRAPH_HOST_PGLITE_THREAD;
    process.env.GRAPH_HOST_PGLITE_THREAD = 'worker';
    let inWorker: GraphHost | null = null;
    try {
      inWorker = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50 });
      await inWorker.waitForBlock(head, 60_000);
      expect(await fullState(inWorker.url)).toEqual(await fullState(host.url));
      // Sorted by a BigInt column, whose index the worker's database gets at the first sync.
      const sorted = await gql<{ taggedEvents: { weight: string }[] }>(inWorker.url, '{ taggedEvents(orderBy: weight, orderDirection: desc) { weight } }');
      expect(sorted.taggedEvents.map((t) => t.weight)).toEqual(['7']);
    } finally {
      if (previous === undefined) delete process.env.GRAPH_HOST_PGLITE_THREAD;
      else process.env.GRAPH_HOST_PGLITE_THREAD = previous;
      await inWorker?.stop();
    }
    process.env.GRAPH_HOST_PGLITE_THREAD = 'threads';
    try {
      await expect(startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir })).rejects.toThrow(/GRAPH_HOST_PGLITE_THREAD must be "main" or "worker", not "threads"/);
    } finally {
      if (previous === undefined) delete process.env.GRAPH_HOST_PGLITE_THREAD;
      else process.env.GRAPH_HOST_PGLITE_THREAD = previous;
    }
  });

  it('follows the chain head', { timeout: 60_000 }, async () => {
    await chain.deposit(1000n, 'live');
    const head = await chain.blockNumber();
    await host.waitForBlock(head, 30_000);
    const data = await gql<{ accounts: { depositCount: number; totalDeposited: string }[]; _meta: { block: { number: number } } }>(
      host.url,
      `{ _meta { block { number } } accounts { depositCount totalDeposited } }`,
    );
    expect(data._meta.block.number).toBeGreaterThanOrEqual(head);
    expect(data.accounts[0]).toEqual({ depositCount: 3, totalDeposited: '1350' });
    const status = host.status();
    expect(status).toHaveLength(1);
    expect(status[0]!.state).toBe('synced');
    expect(status[0]!.eventsProcessed).toBeGreaterThanOrEqual(7);
  });

  it('serves the same data by deployment id, with GET ?query= and a page without query', async () => {
    const byId = host.url.replace(/\/subgraphs\/name\/.*$/, `/subgraphs/id/${host.deploymentId}`);
    const viaId = await gql<{ children: { id: string }[] }>(byId, '{ children { id } }');
    expect(viaId.children).toHaveLength(1);
    const get = await fetch(`${host.url}?query=${encodeURIComponent('{ notes { id } }')}`);
    expect(await get.json()).toEqual({ data: { notes: [{ id: 'note-1-kept' }] } });
    const page = await fetch(host.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(EMITTER_ADDRESS).toMatch(/^0x/);
  });
});
