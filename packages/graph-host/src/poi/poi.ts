/**
 * graph-node's proof of indexing (graph/src/components/subgraph/proof_of_indexing/{online,event,
 * reference}.rs). Spec versions >= 0.0.6 get the Fast version, described here; older ones the Legacy
 * version (legacy.ts: the same struct and the same online scheme, hashed with the old crate's
 * multiplicative SetHasher). The PoI of block B is the stable hash of
 *
 *   PoI { causality_regions: {name: { blocks: [ { events: [...] } per block 0..=B ] }}, subgraph_id, block_hash, indexer }
 *
 * computed online: each block's events of a region are hashed at their address in that structure and
 * mixed (FldMix is commutative) into the region's digest of the previous blocks, which the store keeps
 * per block as the `Poi$` entity (id = region name, `digest` = the 32-byte hasher state; Legacy: the
 * SetHasher's state, its little-endian bytes). Answering a
 * PoI request only adds the block's hash, the subgraph id, the indexer and each region's name and
 * blocks count (B + 1), then hashes the mixer and takes keccak256 of the 16-byte result.
 */
import { keccak256 } from 'viem';
import { versionAtLeast } from '../runtime/versions.js';
import { addressBytes, hashEventInto, type PoiEvent } from './event-hasher.js';
import { BlockEventCounter } from './event-stream.js';
import { LegacyBlockEventStream, finishLegacyProofOfIndexing, finishLegacyRegion } from './legacy.js';
import { FastStableHasher, addressOf } from './stable-hash.js';

/** The entity type graph-node keeps the digests in (table `poi2$`). */
export const POI_ENTITY_TYPE = 'Poi$';

/** Whether this host computes PoIs (both versions): yes, unless GRAPH_HOST_PROOF_OF_INDEXING=false. */
export function proofOfIndexingComputed(): boolean {
  // Off: no hashing of entity changes (~4 % of a backfill's indexing time, in WebAssembly).
  return process.env.GRAPH_HOST_PROOF_OF_INDEXING !== 'false';
}

/** graph-node's `ProofOfIndexingVersion`. */
export type PoiVersion = 'fast' | 'legacy';

/** graph-node's PoI version of a manifest spec version: Fast from 0.0.6 on, Legacy before. */
export function proofOfIndexingVersion(specVersion: string): PoiVersion {
  return versionAtLeast(specVersion, '0.0.6') ? 'fast' : 'legacy';
}

/** graph-node's causality region of an Ethereum network's triggers (`CausalityRegion::from_network`). */
export function ethereumCausalityRegion(network: string): string {
  // One string per network: asked twice per trigger, and a fresh concatenation would be hashed anew
  // for the region map each time.
  let name = causalityRegionNames.get(network);
  if (name === undefined) causalityRegionNames.set(network, (name = `ethereum/${network}`));
  return name;
}

const causalityRegionNames = new Map<string, string>();

export type { PoiEvent };

/** One region's events of one block (online.rs `BlockEventStream`). */
class BlockEventStream extends BlockEventCounter {
  /** The block's hasher state (FastStableHasher.toBytes), which the WebAssembly hasher updates. */
  private readonly state = new FastStableHasher().toBytes();
  /** kvp -> v, CausalityRegion.blocks, [block], Block.events */
  private readonly events: bigint;
  private readonly eventsBytes: Uint8Array;

  constructor(blockNumber: number) {
    super();
    this.events = addressOf([1, 0, blockNumber, 0]);
    this.eventsBytes = addressBytes(this.events);
  }

  write(event: PoiEvent): void {
    hashEventInto(this.state, this.eventsBytes, this.vecLength, event);
    this.vecLength++;
  }

  /** Ends the block: the events' count, mixed with the region's digest of the previous blocks. */
  pause(previous: Uint8Array | null): Uint8Array {
    const hasher = FastStableHasher.fromBytes(this.state);
    hasher.int(this.events, this.vecLength);
    // A previous digest that is not a Fast state is a Legacy one, copied by a graft of this deployment
    // onto a Legacy base: graph-node converts it (its PR #5917; the conversion is not in the sources this
    // was written from), the host starts the region afresh, so such a deployment's PoIs differ from
    // graph-node's (they did before Legacy digests were computed too: a Legacy base had none).
    if (previous && previous.length === 32) hasher.mixin(FastStableHasher.fromBytes(previous));
    return hasher.toBytes();
  }
}


/** The PoI events of one block, per causality region (online.rs `ProofOfIndexing`). */
export class ProofOfIndexing {
  private readonly regions = new Map<string, BlockEventCounter>();

  /** `onEvent`: sees every event as it is written (graph-node's GRAPH_LOG_POI_EVENTS). */
  constructor(
    readonly blockNumber: number,
    private readonly onEvent?: (region: string, event: PoiEvent) => void,
    readonly version: PoiVersion = 'fast',
  ) {}

  private region(name: string): BlockEventCounter {
    let stream = this.regions.get(name);
    if (!stream) {
      stream = this.version === 'fast' ? new BlockEventStream(this.blockNumber) : new LegacyBlockEventStream(this.blockNumber);
      this.regions.set(name, stream);
    }
    return stream;
  }

  write(region: string, event: PoiEvent): void {
    this.onEvent?.(region, event);
    this.region(region).write(event);
  }

  startHandler(region: string): void {
    this.region(region).startHandler();
  }

  /** The events of the failing handler are not stored: the error event says how many there were. */
  writeDeterministicError(region: string): void {
    this.write(region, { kind: 'DeterministicError', redactedEvents: this.region(region).redactedSinceHandlerStart() });
  }

  /** Each touched region's new digest given its previous one (runner.rs `update_proof_of_indexing`). */
  digests(previous: (region: string) => Uint8Array | null): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const [name, stream] of this.regions) out.set(name, stream.pause(previous(name)));
    return out;
  }
}

export interface PoiRequest {
  deployment: string;
  blockNumber: number;
  blockHash: Uint8Array;
  indexer: Uint8Array | null;
  /** The `Poi$` digests as of the block, by region name. */
  regions: Iterable<readonly [string, Uint8Array]>;
  /** The deployment's PoI version (its manifest's spec version); Fast when absent. */
  version?: PoiVersion;
}

/** online.rs `ProofOfIndexingFinisher`: the 32-byte PoI, of the request's version. */
export function finishProofOfIndexing(request: PoiRequest): Uint8Array {
  if (request.version === 'legacy') return finishLegacyProofOfIndexing(request);
  const state = new FastStableHasher();
  // DeploymentHash's impl hashes its string at child(0)
  state.bytes(addressOf([1, 0]), request.deployment);
  state.bytes(addressOf([2]), request.blockHash);
  state.option(addressOf([3]), request.indexer, (address, indexer) => state.bytes(address, indexer));
  const causalityRegions = addressOf([0]);
  for (const [name, digest] of request.regions) {
    if (digest.length !== 32) {
      // `Hashers::from_bytes` by length: a Legacy region (from a graft onto a Legacy base) is finished
      // the Legacy way and its hash written at PoI.causality_regions' member address.
      state.bytes(addressOf([0, 1]), finishLegacyRegion(digest, name, request.blockNumber));
      continue;
    }
    const region = FastStableHasher.fromBytes(digest);
    // + 1: the blocks vec of block 0 has length 1
    region.int(addressOf([1, 0]), request.blockNumber + 1);
    region.bytes(addressOf([0]), name);
    state.write(causalityRegions, region.toBytes());
  }
  const out = new Uint8Array(16);
  let rest = state.finish();
  for (let i = 0; i < 16; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return keccak256(out, 'bytes');
}
