/**
 * graph-node's reference PoI (graph/src/components/subgraph/proof_of_indexing/reference.rs): the
 * stable hash of the whole `PoI { causality_regions, subgraph_id, block_hash, indexer }` struct at
 * once, written independently of the host's online computation (which hashes block by block and
 * keeps digests between blocks). Regions map to their blocks 0..=B, each a list of events.
 */
import { keccak256 } from 'viem';
import { hashEvent, type PoiEvent } from '../../src/poi/poi.js';
import { FastStableHasher, ROOT, child } from '../../src/poi/stable-hash.js';

export function referencePoi(regions: Map<string, PoiEvent[][]>, deployment: string, blockHash: Uint8Array, indexer: Uint8Array | null): Uint8Array {
  const state = new FastStableHasher();
  for (const [name, blocks] of regions) {
    // A HashMap member: the (key, value) tuple in its own hasher, written at PoI.causality_regions.
    const member = new FastStableHasher();
    member.bytes(child(ROOT, 0), name);
    const blocksAddress = child(child(ROOT, 1), 0); // CausalityRegion.blocks
    blocks.forEach((events, i) => {
      const eventsAddress = child(child(blocksAddress, i), 0); // Block.events
      events.forEach((event, j) => hashEvent(member, child(eventsAddress, j), event));
      member.int(eventsAddress, events.length);
    });
    member.int(blocksAddress, blocks.length);
    state.write(child(ROOT, 0), member.toBytes());
  }
  state.bytes(child(child(ROOT, 1), 0), deployment); // DeploymentHash: its string at child(0)
  state.bytes(child(ROOT, 2), blockHash);
  state.option(child(ROOT, 3), indexer, (address, value) => state.bytes(address, value));
  let rest = state.finish();
  const le = new Uint8Array(16);
  for (let i = 0; i < 16; i++, rest >>= 8n) le[i] = Number(rest & 0xffn);
  return keccak256(le, 'bytes');
}
