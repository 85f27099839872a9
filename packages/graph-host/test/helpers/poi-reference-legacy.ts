/**
 * graph-node's reference PoI, Legacy version (reference.rs hashed with `stable_hash_legacy`, as mod.rs's
 * `stable_hash_legacy::<SetHasher, _>(&case.data)`): the whole `PoI { causality_regions, subgraph_id,
 * block_hash, indexer }` struct hashed at once by generic StableHash impls of the crate's branch `old`
 * (structs, tuples, Vec, HashMap as an unordered set, Option, integers, strings) and of graph-node's
 * types. Written independently of the host's online computation (legacy.ts's event hashing at
 * traversed sequence numbers, `pause` and the finisher): only the SetHasher's `write`, `mixin` and
 * `finish` and the sequence numbers' `root`/`nextChild` are shared.
 */
import type { PoiEvent } from '../../src/poi/poi.js';
import { SeqNo, SetHasher, VALUE_VARIANT_NAME } from '../../src/poi/legacy.js';
import { parse as parseDecimal } from '../../src/runtime/bigdecimal.js';
import type { Value } from '../../src/types.js';

/** A value's `StableHash::stable_hash(&self, sequence_number, state)`. */
export type Legacy = (state: SetHasher, seq: SeqNo) => void;

/** utils.rs `AsBytes` (also `str`, `String`): nothing when empty. */
export const bytes =
  (value: Uint8Array | string): Legacy =>
  (state, seq) => {
    if (value.length > 0) state.write(seq, typeof value === 'string' ? new TextEncoder().encode(value) : value);
  };

/** impls/bool.rs: true is an empty write. */
export const bool =
  (value: boolean): Legacy =>
  (state, seq) => {
    if (value) state.write(seq, new Uint8Array(0));
  };

/** utils.rs `AsInt`: the sign at next_child, the trimmed little-endian magnitude at the sequence number. */
export const int =
  (value: bigint | number): Legacy =>
  (state, seq) => {
    const v = BigInt(value);
    bool(v < 0n)(state, seq.nextChild());
    let magnitude = v < 0n ? -v : v;
    const le: number[] = [];
    while (magnitude > 0n) {
      le.push(Number(magnitude & 0xffn));
      magnitude >>= 8n;
    }
    if (le.length > 0) state.write(seq, Uint8Array.from(le));
  };

/** `impl_stable_hash!` structs and impls/tuple.rs: each field at the next child. */
export const struct =
  (...fields: Legacy[]): Legacy =>
  (state, seq) => {
    for (const field of fields) field(state, seq.nextChild());
  };

/** impls/vec.rs (`&[T]`): each item at the next child, then the length (usize) at the sequence number. */
export const vec =
  (items: Legacy[]): Legacy =>
  (state, seq) => {
    for (const item of items) item(state, seq.nextChild());
    int(items.length)(state, seq);
  };

/** impls/option.rs: `is_some` at next_child, the value at the sequence number. */
export const option =
  (value: Legacy | null): Legacy =>
  (state, seq) => {
    bool(value !== null)(state, seq.nextChild());
    value?.(state, seq);
  };

/** utils.rs `AsUnorderedSet` (HashMap's impl): rollup, member and count children; members finished in their own hasher. */
export const unorderedSet =
  (members: Legacy[]): Legacy =>
  (state, seq) => {
    seq.nextChild(); // the rollup child: SetHasher's finish_unordered ignores it
    const memberSeq = seq.nextChild();
    const countSeq = seq.nextChild();
    const unordered = new SetHasher(); // SetHasher::start_unordered
    for (const member of members) {
      const hasher = new SetHasher();
      member(hasher, SeqNo.root());
      unordered.write(memberSeq, hasher.finish()); // UnorderedAggregator::write: the member's [u8; 32] hash
    }
    state.mixin(unordered);
    int(members.length)(state, countSeq);
  };

/** graph-node's scalar::BigDecimal: the exponent at next_child, the digits (a BigInt) at the sequence number. */
export const bigDecimal =
  (text: string): Legacy =>
  (state, seq) => {
    const { digits, scale } = parseDecimal(text);
    int(scale)(state, seq.nextChild());
    int(digits)(state, seq);
  };

/** graph-node's `impl stable_hash_legacy::StableHash for Value`. */
export const value =
  (v: Value): Legacy =>
  (state, seq) => {
    if (v.kind === 'Null') return;
    bytes(VALUE_VARIANT_NAME[v.kind])(state, seq.nextChild());
    const inner: Legacy =
      v.kind === 'String' || v.kind === 'Bytes'
        ? bytes(v.value)
        : v.kind === 'Bool'
          ? bool(v.value)
          : v.kind === 'BigDecimal'
            ? bigDecimal(v.value)
            : v.kind === 'Array'
              ? vec(v.value.map(value))
              : int(v.value);
    inner(state, seq);
  };

/** event.rs `impl stable_hash_legacy::StableHash for ProofOfIndexingEvent`. */
export const event =
  (e: PoiEvent): Legacy =>
  (state, seq) => {
    bytes(e.kind)(state, seq.nextChild());
    const fields: Legacy[] =
      e.kind === 'DeterministicError'
        ? [int(e.redactedEvents)]
        : e.kind === 'RemoveEntity'
          ? [bytes(e.entityType), bytes(e.id)]
          : [bytes(e.entityType), bytes(e.id), unorderedSet([...e.data].map(([name, v]) => struct(bytes(name), value(v))))];
    for (const field of fields) field(state, seq.nextChild());
  };

/** reference.rs `PoI` hashed with `stable_hash_legacy::utils::stable_hash::<SetHasher, _>`: the 32-byte PoI. */
export function referenceLegacyPoi(regions: Map<string, PoiEvent[][]>, deployment: string, blockHash: Uint8Array, indexer: Uint8Array | null): Uint8Array {
  const poi = struct(
    // causality_regions: HashMap<String, PoICausalityRegion { blocks: Vec<Block { events: Vec<Event> }> }>
    unorderedSet([...regions].map(([name, blocks]) => struct(bytes(name), struct(vec(blocks.map((events) => struct(vec(events.map(event))))))))),
    struct(bytes(deployment)), // DeploymentHash: its string at next_child
    bytes(blockHash),
    option(indexer === null ? null : bytes(indexer)),
  );
  const state = new SetHasher();
  poi(state, SeqNo.root());
  return state.finish();
}
