/**
 * Shared by the chain PoI tests (poi.test.ts: Fast, poi-legacy-chain.test.ts: Legacy): the chain
 * history, a host that logs its PoI events (graph-node's GRAPH_LOG_POI_EVENTS), index-node requests,
 * the reference PoI of the logged events, the every-block check and a deterministic failure.
 */
import { expect } from 'vitest';
import type { GraphHost, startGraphHost } from '../../src/index.js';
import type { PoiEvent } from '../../src/poi/poi.js';
import { startChainWithEmitter, type Chain } from '../ingest-helpers.js';

export const INDEXER = '0x0000000000000000000000000000000000000001';

/** The causality region of the emitter fixture's data sources on anvil. */
export const ANVIL_REGION = 'ethereum/anvil';

export type Logged = { block: number; region: string; event: PoiEvent };

/**
 * An anvil chain whose history makes every kind of PoI event: entities set by several handlers, a
 * template data source created and its handler run, an update, a removal, then empty blocks.
 */
export async function startPoiChain(): Promise<Chain> {
  const chain = await startChainWithEmitter();
  await chain.deposit(100n, 'first');
  await chain.tag('t', [1n, 2n], 3n);
  await chain.ping(await chain.createChild('kid'), 4n);
  await chain.deposit(250n, 'second');
  await chain.remove('first');
  await chain.mine(3);
  return chain;
}

type HostLogger = NonNullable<Parameters<typeof startGraphHost>[0]['logger']>;

/**
 * Starts a host with graph-node's GRAPH_LOG_POI_EVENTS on: `start` gets a logger that hands every PoI
 * event the host logs to `onEvent`. The setting is read at start, so it is restored once `start` settles.
 */
export async function withPoiEventLog<T>(onEvent: (logged: Logged) => void, start: (logger: HostLogger) => Promise<T>): Promise<T> {
  const previous = process.env.GRAPH_LOG_POI_EVENTS;
  process.env.GRAPH_LOG_POI_EVENTS = 'true';
  try {
    return await start({
      log: (_level, message, extra) => {
        if (message !== 'Proof of indexing event') return;
        const { block, causalityRegion, event } = extra as { block: number; causalityRegion: string; event: PoiEvent };
        onEvent({ block, region: causalityRegion, event });
      },
    });
  } finally {
    if (previous === undefined) delete process.env.GRAPH_LOG_POI_EVENTS;
    else process.env.GRAPH_LOG_POI_EVENTS = previous;
  }
}

export async function indexNode<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

const POI_QUERY = `query poi($subgraph: String!, $blockNumber: Int!, $blockHash: String!, $indexer: Bytes) {
  proofOfIndexing(subgraph: $subgraph, blockNumber: $blockNumber, blockHash: $blockHash, indexer: $indexer)
}`;

export async function poi(url: string, subgraph: string, blockNumber: number, blockHash: string, indexer: string | null = INDEXER): Promise<string | null> {
  return (await indexNode<{ proofOfIndexing: string | null }>(url, POI_QUERY, { subgraph, blockNumber, blockHash, indexer })).proofOfIndexing;
}

/** A reference computation of the whole PoI struct (helpers/poi-reference.ts or poi-reference-legacy.ts). */
export type ReferencePoi = (regions: Map<string, PoiEvent[][]>, deployment: string, blockHash: Uint8Array, indexer: Uint8Array | null) => Uint8Array;

/** reference.rs over the logged events of blocks 0..=blockNumber. */
export function referencePoiOf(reference: ReferencePoi, events: Logged[], deployment: string, blockNumber: number, blockHash: string, indexer: string | null): string {
  const byRegion = new Map<string, PoiEvent[][]>();
  for (const { block, region, event } of events) {
    if (block > blockNumber) continue;
    let blocks = byRegion.get(region);
    if (!blocks) byRegion.set(region, (blocks = Array.from({ length: blockNumber + 1 }, () => [])));
    blocks[block]!.push(event);
  }
  const bytes = (hex: string) => Buffer.from(hex.slice(2), 'hex');
  return `0x${Buffer.from(reference(byRegion, deployment, bytes(blockHash), indexer === null ? null : bytes(indexer))).toString('hex')}`;
}

/**
 * The index node's PoI of every block 0..=head, with and without an indexer, equals `expected`'s, and
 * no two blocks share one; `check` adds a version's own expectation on each answer.
 */
export async function expectPoiOfEveryBlock(
  indexNodeUrl: string,
  deployment: string,
  head: number,
  blockHash: (n: number) => Promise<string>,
  expected: (n: number, hash: string, indexer: string | null) => string,
  check?: (n: number, hash: string, answer: string) => void,
): Promise<void> {
  const seen = new Set<string>();
  for (let n = 0; n <= head; n++) {
    const hash = await blockHash(n);
    const answer = await poi(indexNodeUrl, deployment, n, hash);
    expect(answer, `block ${n}`).toMatch(/^0x[0-9a-f]{64}$/);
    expect(answer, `block ${n}`).toBe(expected(n, hash, INDEXER));
    check?.(n, hash, answer!);
    seen.add(answer!);
    // Without an indexer (graph-node's Option::None) too.
    expect(await poi(indexNodeUrl, deployment, n, hash, null), `block ${n}`).toBe(expected(n, hash, null));
  }
  expect(seen.size).toBe(head + 1);
}

/** Makes the fixture's mapping fail deterministically (it asserts `code != 7`); the failing block once the host says failed. */
export async function failSubgraph(chain: Chain, host: GraphHost, timeoutMs = 60_000): Promise<number> {
  const failing = await chain.boom(7n);
  const deadline = Date.now() + timeoutMs;
  while (host.status()[0]!.state !== 'failed') {
    if (Date.now() > deadline) throw new Error('the subgraph did not fail');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Number(failing.blockNumber);
}
