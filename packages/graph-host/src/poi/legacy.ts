/**
 * graph-node's proof of indexing, Legacy version (manifest spec version < 0.0.6:
 * `ProofOfIndexingVersion::Legacy`), written from graph-node's
 * graph/src/components/subgraph/proof_of_indexing/{online,event}.rs and the `stable-hash` crate's
 * branch `old` (0.3.x, imported by graph-node as `stable_hash_legacy`): src/crypto/{set_hasher,
 * blake3_sequence}.rs, src/utils.rs, src/impls/*.
 *
 * The legacy stable hash is a multiplicative set hash. Every write of `bytes` at a sequence number
 * (a path of child numbers below the root) is turned into a 2048-bit number, the 256-byte BLAKE3 XOF
 * output of `path || 0x00 || bytes`, and multiplied into the state modulo a 2049-bit prime P
 * (`SetHasher`). Multiplication commutes, so writes can come in any order and the state of one block
 * can be multiplied into the previous blocks' state: that is how the `Poi$` digest (the state as
 * little-endian bytes) is carried from block to block. Finishing is BLAKE3 of those bytes; the PoI is
 * that 32-byte hash itself (no keccak, unlike Fast).
 *
 * This path is not hot: only legacy-spec deployments take it, and it does its BigInt arithmetic in
 * JavaScript (the Fast path's per-event WebAssembly hashing is untouched).
 */
import { parse as parseDecimal } from '../runtime/bigdecimal.js';
import type { Value } from '../types.js';
import { blake3, blake3Digits } from './blake3.js';
import type { PoiEvent } from './event-hasher.js';
import { BlockEventCounter } from './event-stream.js';
import { FastStableHasher, addressOf } from './stable-hash.js';

/** set_hasher.rs `P` (a 2049-bit prime; the state is a residue modulo P). */
const P = BigInt(
  '50763434429823703141085322590076158163032399096130816327134180611270739679038131809123861970975131471260684737408234060876742190838745219274061025048845231234136148410311444604554192918702297959809128216170781389312847013812749872750274650041183009144583521632294518996531883338553737214586176414455965584933129379474747808392433032576309945590584603359054260866543918929486383805924215982747035136255123252119828736134723149397165643360162699752374292974151421555939481822911026769138419707577501643119472226283015793622652706604535623136902831581637275314074553942039263472515423713366344495524733341031029964603383',
);

const EMPTY = new Uint8Array(0);

/** The number whose little-endian bytes these are (ibig's `UBig::from_le_bytes`). */
function fromLe(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
}

/** The minimal little-endian bytes of v (ibig's `UBig::to_le_bytes`: none for 0, no trailing zeros). */
function toLe(v: bigint): Uint8Array {
  if (v === 0n) return EMPTY;
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').reverse();
}

/** An unsigned LEB128 varint (the `leb128` crate's `write::unsigned`). */
function leb128(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

/**
 * blake3_sequence.rs `Blake3SeqNo`: a BLAKE3 hasher fed the LEB128 varint of each child number on the
 * way down (kept here as those bytes, `path`), and the number its next child gets (`child`, from 1:
 * non-zero so that no path is a prefix of the payload marker 0).
 */
export class SeqNo {
  private child = 1;

  constructor(readonly path: Uint8Array = EMPTY) {}

  /** `SequenceNumber::root()`. */
  static root(): SeqNo {
    return new SeqNo();
  }

  /** `next_child`: a sequence number one level down, numbered with this one's counter, which moves on. */
  nextChild(): SeqNo {
    const n = this.child++;
    const varint = leb128(n);
    const path = new Uint8Array(this.path.length + varint.length);
    path.set(this.path);
    path.set(varint, this.path.length);
    return new SeqNo(path);
  }

  /** `skip`: the next child is `count` further on. */
  skip(count: number): void {
    this.child += count;
  }

  /**
   * online.rs `traverse_seq_no`: the field at `children` (zero-based indexes at each level, as graph-node
   * writes them), `skip(i)` then `next_child()` from the root for each.
   */
  static traverse(children: readonly number[]): SeqNo {
    let seq = SeqNo.root();
    for (const i of children) {
      seq.skip(i);
      seq = seq.nextChild();
    }
    return seq;
  }
}

/** set_hasher.rs `SetHasher`: the product, modulo P, of every write's 2048-bit BLAKE3 digits. */
export class SetHasher {
  value = 1n;

  /** `StableHasher::write`: `sequence_number.finish(bytes)` (path, 0, bytes) filling 256 bytes, multiplied in. */
  write(seq: SeqNo, bytes: Uint8Array | string): void {
    this.mixin(blake3Digits(seq.path, bytes));
  }

  /** `mixin` (and `finish_unordered`, whose sequence number is unused): multiply by digits, mod P. */
  mixin(digits: bigint | SetHasher): void {
    const factor = typeof digits === 'bigint' ? digits : digits.value;
    // 1 is the identity: a new hasher's first write (each entity field's hasher starts that way) needs
    // no arithmetic, the factor being below P (2048-bit digits, a state) but for a malformed state.
    this.value = this.value === 1n && factor < P ? factor : (this.value * factor) % P;
  }

  /** `to_bytes`: the state's minimal little-endian bytes (what `Poi$.digest` holds). */
  toBytes(): Uint8Array {
    return toLe(this.value);
  }

  /** `from_bytes`: at most 257 bytes (graph-node asserts it). */
  static fromBytes(bytes: Uint8Array): SetHasher {
    if (bytes.length > 257) throw new RangeError(`a legacy stable hasher state is at most 257 bytes, got ${bytes.length}`);
    const hasher = new SetHasher();
    hasher.value = fromLe(bytes);
    return hasher;
  }

  /** `finish`: BLAKE3 (32 bytes) of the state's little-endian bytes. */
  finish(): Uint8Array {
    return blake3(this.toBytes());
  }

  // ---- StableHash impls of the crate (branch `old`: src/utils.rs, src/impls) ----

  /** `AsBytes`, `str`, `String`: the bytes at the sequence number, nothing when empty. */
  bytes(seq: SeqNo, value: Uint8Array | string): void {
    if (value.length > 0) this.write(seq, value);
  }

  /** `bool`: true writes no bytes (still a write), false writes nothing. */
  bool(seq: SeqNo, value: boolean): void {
    if (value) this.write(seq, EMPTY);
  }

  /**
   * `AsInt` (every integer type, graph-node's BigInt): the sign as a bool at `next_child()`, then the
   * magnitude's little-endian bytes without trailing zeros at the sequence number itself (none for 0).
   */
  int(seq: SeqNo, value: bigint | number): void {
    let v = BigInt(value);
    this.bool(seq.nextChild(), v < 0n);
    if (v < 0n) v = -v;
    if (v !== 0n) this.write(seq, toLe(v));
  }

  /** `Option<T>`: `is_some()` as a bool at `next_child()`, then the value at the sequence number. */
  option<T>(seq: SeqNo, value: T | null, hash: (seq: SeqNo, value: T) => void): void {
    this.bool(seq.nextChild(), value !== null);
    if (value !== null) hash(seq, value);
  }

  /**
   * utils.rs `AsUnorderedSet` (graph-node's HashMaps and entity data): children rollup (unused by the
   * SetHasher), member and count; each member hashed at the root of a new hasher, finished, and written
   * at the member sequence number of a new (unordered) hasher that is then multiplied in; the count
   * (a usize) at its own child.
   */
  unorderedSet<T>(seq: SeqNo, members: Iterable<T>, hashMember: (hasher: SetHasher, root: SeqNo, member: T) => void): void {
    seq.nextChild(); // rollup_seq_no: `finish_unordered` ignores it
    const memberSeq = seq.nextChild();
    const countSeq = seq.nextChild();
    const unordered = new SetHasher();
    let count = 0;
    for (const member of members) {
      const hasher = new SetHasher();
      hashMember(hasher, SeqNo.root(), member);
      unordered.write(memberSeq, hasher.finish());
      count++;
    }
    this.mixin(unordered);
    this.int(countSeq, count);
  }
}

/** `#[derive(IntoStaticStr)]` names of graph-node's `Value` variants, which the legacy hash writes. */
export const VALUE_VARIANT_NAME: Record<Exclude<Value['kind'], 'Null'>, string> = {
  String: 'String',
  Int: 'Int',
  Int8: 'Int8',
  BigDecimal: 'BigDecimal',
  Bool: 'Bool',
  Array: 'List',
  Bytes: 'Bytes',
  BigInt: 'BigInt',
  Timestamp: 'Timestamp',
};

/**
 * graph-node's `impl stable_hash_legacy::StableHash for Value` (graph/src/data/store/mod.rs): Null writes
 * nothing; otherwise the variant's name at `next_child()`, then the inner value at the same sequence
 * number, whose child counter has moved on (so an inner sign, list item or exponent gets child 2, 3...).
 */
export function hashLegacyValue(hasher: SetHasher, seq: SeqNo, value: Value): void {
  if (value.kind === 'Null') return;
  hasher.bytes(seq.nextChild(), VALUE_VARIANT_NAME[value.kind]);
  switch (value.kind) {
    case 'String':
    case 'Bytes': // scalar::Bytes: impl_stable_hash!(Bytes(transparent: AsBytes))
      return hasher.bytes(seq, value.value);
    case 'Int':
    case 'Int8':
    case 'BigInt': // scalar::BigInt: AsInt { sign, to_bytes_le magnitude }
    case 'Timestamp': // scalar::Timestamp: its i64 microseconds
      return hasher.int(seq, value.value);
    case 'Bool':
      return hasher.bool(seq, value.value);
    case 'BigDecimal': {
      // scalar::BigDecimal: as_bigint_and_exponent of the normalised decimal, the exponent (i64) at
      // next_child(), then the digits as a BigInt at the sequence number.
      const { digits, scale } = parseDecimal(value.value);
      hasher.int(seq.nextChild(), scale);
      return hasher.int(seq, digits);
    }
    case 'Array':
      // Vec<Value> (`&[T]`): each item at next_child(), then the length (usize) at the sequence number.
      for (const item of value.value) hashLegacyValue(hasher, seq.nextChild(), item);
      return hasher.int(seq, value.value.length);
  }
}

/**
 * event.rs `impl stable_hash_legacy::StableHash for ProofOfIndexingEvent`: the variant's name
 * (IntoStaticStr) at child 1, then its fields at children 2, 3, ...; a SetEntity's data is an
 * `AsUnorderedSet` of (name, value) tuples (tuple fields at children 1 and 2).
 */
export function hashLegacyEvent(hasher: SetHasher, seq: SeqNo, event: PoiEvent): void {
  hasher.bytes(seq.nextChild(), event.kind);
  if (event.kind === 'DeterministicError') return hasher.int(seq.nextChild(), event.redactedEvents);
  hasher.bytes(seq.nextChild(), event.entityType);
  hasher.bytes(seq.nextChild(), event.id);
  if (event.kind !== 'SetEntity') return;
  hasher.unorderedSet(seq.nextChild(), event.data, (member, root, [name, value]) => {
    member.bytes(root.nextChild(), name);
    hashLegacyValue(member, root.nextChild(), value);
  });
}

/** online.rs `BlockEventStream` with `Hashers::Legacy`: one region's events of one block. */
export class LegacyBlockEventStream extends BlockEventCounter {
  private readonly hasher = new SetHasher();

  constructor(private readonly blockNumber: number) {
    super();
  }

  /** The event at kvp -> v (1), CausalityRegion.blocks (0), [block], Block.events (0), [index]. */
  write(event: PoiEvent): void {
    hashLegacyEvent(this.hasher, SeqNo.traverse([1, 0, this.blockNumber, 0, this.vecLength]), event);
    this.vecLength++;
  }

  /** `pause`: the block's events count (Block.events' length), then the previous blocks' state multiplied in. */
  pause(previous: Uint8Array | null): Uint8Array {
    this.hasher.int(SeqNo.traverse([1, 0, this.blockNumber, 0]), this.vecLength);
    if (previous) this.hasher.mixin(SetHasher.fromBytes(previous));
    return this.hasher.toBytes();
  }
}

/**
 * online.rs `ProofOfIndexingFinisher::add_causality_region`, Legacy branch: a region's digest gets the
 * blocks count (block + 1: the blocks vec of block 0 has length 1) at [1, 0] and its name at [0], and is
 * finished (32 bytes).
 */
export function finishLegacyRegion(digest: Uint8Array, name: string, blockNumber: number): Uint8Array {
  const region = SetHasher.fromBytes(digest);
  region.int(SeqNo.traverse([1, 0]), blockNumber + 1);
  region.bytes(SeqNo.traverse([0]), name);
  return region.finish();
}

export interface LegacyPoiRequest {
  deployment: string;
  blockNumber: number;
  blockHash: Uint8Array;
  indexer: Uint8Array | null;
  /** The `Poi$` digests as of the block, by region name. */
  regions: Iterable<readonly [string, Uint8Array]>;
}

/**
 * online.rs `ProofOfIndexingFinisher`, Legacy: the PoI struct's fields at children 1 (subgraph_id: a
 * DeploymentHash, its string one level further down), 2 (block_hash) and 3 (indexer); each region's
 * digest gets its blocks count and name, is finished and written at the causality_regions map's member
 * child ([0, 1]); the regions' count at its count child ([0, 2]). The PoI is the finished hash.
 *
 * Each region's digest is read as graph-node's `Hashers::from_bytes` does, by its length: 32 bytes is a
 * Fast state (a region left as a Fast base had it, for a Legacy deployment grafted onto it), anything
 * else a SetHasher's.
 */
export function finishLegacyProofOfIndexing(request: LegacyPoiRequest): Uint8Array {
  const state = new SetHasher();
  state.bytes(SeqNo.traverse([1]).nextChild(), request.deployment);
  state.bytes(SeqNo.traverse([2]), request.blockHash);
  state.option(SeqNo.traverse([3]), request.indexer, (seq, indexer) => state.bytes(seq, indexer));
  let count = 0;
  for (const [name, digest] of request.regions) {
    if (digest.length === 32) {
      // add_causality_region's Fast branch: the region's blocks count and name, its 32-byte state at [0]
      const region = FastStableHasher.fromBytes(digest);
      region.int(addressOf([1, 0]), request.blockNumber + 1);
      region.bytes(addressOf([0]), name);
      state.bytes(SeqNo.traverse([0]), region.toBytes());
    } else {
      state.bytes(SeqNo.traverse([0, 1]), finishLegacyRegion(digest, name, request.blockNumber));
    }
    count++;
  }
  // graph-node writes the count at [0, 2] without skipping (its comment: the same for counts >= 0).
  state.int(SeqNo.traverse([0, 2]), count);
  return state.finish();
}
