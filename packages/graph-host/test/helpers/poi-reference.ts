/**
 * graph-node's reference PoI (graph/src/components/subgraph/proof_of_indexing/reference.rs): the
 * stable hash of the whole `PoI { causality_regions, subgraph_id, block_hash, indexer }` struct at
 * once, written independently of the host's online computation (which hashes block by block and
 * keeps digests between blocks). Regions map to their blocks 0..=B, each a list of events.
 */
import { keccak256 } from 'viem';
import { VALUE_VARIANT } from '../../src/poi/event-hasher.js';
import type { PoiEvent } from '../../src/poi/poi.js';
import { FastStableHasher, ROOT, child } from '../../src/poi/stable-hash.js';
import { parse as parseDecimal } from '../../src/runtime/bigdecimal.js';
import type { Value } from '../../src/types.js';

/**
 * graph-node's `impl StableHash for Value` in BigInt arithmetic (the host hashes in WebAssembly):
 * Null writes nothing, others their content at child(0) and the variant byte at the address.
 */
export function hashValue(hasher: FastStableHasher, address: bigint, value: Value): void {
  if (value.kind === 'Null') return;
  const inner = child(address, 0);
  switch (value.kind) {
    case 'String':
    case 'Bytes':
      hasher.bytes(inner, value.value);
      break;
    case 'Int':
    case 'Int8':
    case 'BigInt':
    case 'Timestamp':
      hasher.int(inner, value.value);
      break;
    case 'Bool':
      hasher.bool(inner, value.value);
      break;
    case 'BigDecimal': {
      const { digits, scale } = parseDecimal(value.value);
      hasher.int(child(inner, 1), scale);
      hasher.int(inner, digits);
      break;
    }
    case 'Array':
      value.value.forEach((item, i) => hashValue(hasher, child(inner, i), item));
      hasher.int(inner, value.value.length);
      break;
  }
  hasher.write(address, Uint8Array.of(VALUE_VARIANT[value.kind]));
}

/** `impl StableHash for ProofOfIndexingEvent` (event.rs); entity data is an `AsUnorderedSet` of (name, value) pairs, each in its own hasher. */
export function hashEvent(hasher: FastStableHasher, address: bigint, event: PoiEvent): void {
  let variant: number;
  if (event.kind === 'DeterministicError') {
    hasher.int(child(address, 0), event.redactedEvents);
    variant = 3;
  } else {
    hasher.bytes(child(address, 0), event.entityType);
    hasher.bytes(child(address, 1), event.id);
    if (event.kind === 'SetEntity') {
      for (const [key, value] of event.data) {
        const member = new FastStableHasher();
        member.bytes(child(ROOT, 0), key);
        hashValue(member, child(ROOT, 1), value);
        hasher.write(child(address, 2), member.toBytes());
      }
      variant = 2;
    } else {
      variant = 1;
    }
  }
  hasher.write(address, Uint8Array.of(variant));
}

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
