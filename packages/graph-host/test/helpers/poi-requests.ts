/**
 * Shared by the chain PoI tests (poi.test.ts: Fast, poi-legacy-chain.test.ts: Legacy): index-node
 * requests and the reference PoI of the events a host logged (graph-node's GRAPH_LOG_POI_EVENTS).
 */
import type { PoiEvent } from '../../src/poi/poi.js';

export const INDEXER = '0x0000000000000000000000000000000000000001';

export type Logged = { block: number; region: string; event: PoiEvent };

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
