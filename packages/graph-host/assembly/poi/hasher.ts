/**
 * graph-node's proof-of-indexing event hash in WebAssembly (AssemblyScript source; built by
 * scripts/build-wasm.mjs into src/poi/hasher-wasm.generated.ts). It is stable-hash's FastStableHasher
 * (xxh3-128 + FldMix, see src/poi/stable-hash.ts for the reference in BigInt arithmetic) applied to
 * `impl StableHash for ProofOfIndexingEvent`, with native u64 arithmetic: the BigInt version spent
 * ~100 µs per SetEntity, a third of a backfill.
 *
 * Protocol: JS encodes one event at `reserve(n)` (layout below), puts the block's 32-byte hasher state
 * (mixer u192 then count u64, little endian: FastStableHasher.toBytes) at `state()`, and calls
 * `hashEvent(n)`, which mixes the event's writes into that state.
 *
 *   event   := events:u128 index:u32 (the event's address is child(events, index))
 *              kind:u8 (1 RemoveEntity | 2 SetEntity | 3 DeterministicError)
 *              kind 3: INT (redacted events)
 *              kind 1, 2: STR (entity type) STR (id); kind 2: u32 (attributes) then per attribute STR (name) VALUE
 *   VALUE   := variant:u8 — 0 Null; 1 String, 6 Bytes: STR; 2 Int, 7 BigInt, 8 Int8, 9 Timestamp: INT;
 *              4 Bool: u8; 3 BigDecimal: INT (scale) INT (digits); 5 Array: u32 (items) then VALUE each
 *   STR     := u32 length, bytes;  INT := sign:u8 (1 negative), u32 length, magnitude little endian without trailing zeros
 */
import { mulHi64 as mulHi, xxh3_128 } from './xxh3';

// ---- u192 FldMix (stable-hash src/fast/fld.rs): u(x, y) = P + Q(x + y) + Rxy mod 2^192 ----

const P0: u64 = 2305843009213693959;
const P1: u64 = 2305843009213693950;
const Q: u64 = 18446744073709551609;
// R = 8: R·xy is a shift by 3.

/** Mixes operand (o0, o1, o2) into the hasher state at `h` (mixer limbs at h, h+8, h+16; count at h+24). */
function mix(h: usize, o0: u64, o1: u64, o2: u64): void {
  const x0 = load<u64>(h);
  const x1 = load<u64>(h, 8);
  const x2 = load<u64>(h, 16);
  // s = x + o
  const s0 = x0 + o0;
  let c: u64 = s0 < x0 ? 1 : 0;
  const t1 = x1 + o1;
  const s1 = t1 + c;
  c = (t1 < x1 ? 1 : 0) + (s1 < t1 ? 1 : 0);
  const s2 = x2 + o2 + c;
  // q = Q·s mod 2^192
  const q0 = s0 * Q;
  const h0 = mulHi(s0, Q);
  const l1 = s1 * Q;
  const q1 = h0 + l1;
  const q2 = mulHi(s1, Q) + s2 * Q + (q1 < h0 ? 1 : 0);
  // m = x·o mod 2^192
  const m0 = x0 * o0;
  const a = mulHi(x0, o0);
  const b = x0 * o1;
  const d = x1 * o0;
  const ab = a + b;
  const m1 = ab + d;
  const carry1: u64 = (ab < a ? 1 : 0) + (m1 < ab ? 1 : 0);
  const m2 = mulHi(x0, o1) + mulHi(x1, o0) + x0 * o2 + x1 * o1 + x2 * o0 + carry1;
  // r = 8m
  const r0 = m0 << 3;
  const r1 = (m1 << 3) | (m0 >> 61);
  const r2 = (m2 << 3) | (m1 >> 61);
  // P + q + r
  const u0 = P0 + q0;
  c = u0 < P0 ? 1 : 0;
  const v1 = P1 + q1;
  const u1 = v1 + c;
  c = (v1 < P1 ? 1 : 0) + (u1 < v1 ? 1 : 0);
  const u2 = q2 + c;
  const w0 = u0 + r0;
  c = w0 < u0 ? 1 : 0;
  const z1 = u1 + r1;
  const w1 = z1 + c;
  c = (z1 < u1 ? 1 : 0) + (w1 < z1 ? 1 : 0);
  store<u64>(h, w0);
  store<u64>(h, w1, 8);
  store<u64>(h, u2 + r2 + c, 16);
  store<u64>(h, load<u64>(h, 24) + 1, 24);
}

// ---- field addresses: u128 paths, child(a, n) = a · 486187739 + n (wrapping) ----

let childLo: u64 = 0;
let childHi: u64 = 0;

/** child(address, n) into (childLo, childHi). */
function child(lo: u64, hi: u64, n: u64): void {
  const M: u64 = 486187739;
  const p0 = (lo & 0xffffffff) * M;
  const p1 = (lo >> 32) * M;
  const low = p0 + (p1 << 32);
  const carry = (p1 >> 32) + (((p0 >> 32) + (p1 & 0xffffffff)) >> 32);
  const sum = low + n;
  childLo = sum;
  childHi = hi * M + carry + (sum < low ? 1 : 0);
}

// ---- the hasher: writes ----

const HASH_OUT = memory.data(16);
const EMPTY = memory.data(1);
const BYTE = memory.data(8);

/** FastStableHasher::write: xxh3-128 of the bytes seeded with the address's low 64 bits, mixed with its high 63 bits. */
function write(h: usize, lo: u64, hi: u64, ptr: usize, len: usize): void {
  xxh3_128(ptr, len, lo, HASH_OUT);
  mix(h, hi & 0x7fffffffffffffff, load<u64>(HASH_OUT), load<u64>(HASH_OUT, 8));
}

function writeByte(h: usize, lo: u64, hi: u64, byte: u8): void {
  store<u8>(BYTE, byte);
  write(h, lo, hi, BYTE, 1);
}

/** `AsBytes`/str: the bytes at the address, nothing when empty. */
function bytes(h: usize, lo: u64, hi: u64, ptr: usize, len: usize): void {
  if (len > 0) write(h, lo, hi, ptr, len);
}

// ---- reading the encoded event ----

let cursor: usize = 0;

// @ts-ignore: decorator
@inline function readU8(): u8 {
  const v = load<u8>(cursor);
  cursor += 1;
  return v;
}

// @ts-ignore: decorator
@inline function readU32(): usize {
  const v = load<u32>(cursor);
  cursor += 4;
  return <usize>v;
}

/** STR at the address (`bytes`), advancing the cursor. */
function readBytes(h: usize, lo: u64, hi: u64): void {
  const len = readU32();
  bytes(h, lo, hi, cursor, len);
  cursor += len;
}

/** INT at the address (`AsInt`): the sign as an empty write at child(0), the magnitude at the address. */
function readInt(h: usize, lo: u64, hi: u64): void {
  const negative = readU8();
  const len = readU32();
  if (negative) {
    child(lo, hi, 0);
    write(h, childLo, childHi, EMPTY, 0);
  }
  if (len > 0) write(h, lo, hi, cursor, len);
  cursor += len;
}

/** graph-node's `impl StableHash for Value`: its content at child(0), then its variant byte at the address. */
function readValue(h: usize, lo: u64, hi: u64): void {
  const variant = readU8();
  if (variant == 0) return;
  child(lo, hi, 0);
  const innerLo = childLo;
  const innerHi = childHi;
  if (variant == 1 || variant == 6) {
    readBytes(h, innerLo, innerHi);
  } else if (variant == 4) {
    if (readU8()) write(h, innerLo, innerHi, EMPTY, 0);
  } else if (variant == 3) {
    child(innerLo, innerHi, 1);
    readInt(h, childLo, childHi);
    readInt(h, innerLo, innerHi);
  } else if (variant == 5) {
    const items = readU32();
    for (let i: usize = 0; i < items; i++) {
      child(innerLo, innerHi, <u64>i);
      readValue(h, childLo, childHi);
    }
    // the vec's length as an `AsInt` (little endian, trailing zeros trimmed)
    if (items > 0) {
      store<u64>(BYTE, <u64>items);
      write(h, innerLo, innerHi, BYTE, items < 0x100 ? 1 : items < 0x10000 ? 2 : items < 0x1000000 ? 3 : 4);
    }
  } else {
    readInt(h, innerLo, innerHi);
  }
  writeByte(h, lo, hi, variant);
}

// ---- the state areas and the event ----

/** The block's hasher state (32 bytes, FastStableHasher.toBytes layout), set and read by JS. */
const STATE = memory.data(32);
/** One attribute's own hasher (AsUnorderedSet hashes each member separately). */
const MEMBER = memory.data(32);
const I0: u64 = 16140901064495857665;

const KEY_LO: u64 = 17 * 486187739; // child(ROOT, 0)
const VALUE_LO: u64 = 17 * 486187739 + 1; // child(ROOT, 1)

let input: usize = 0;
let inputCapacity: usize = 0;

/** The address of an input area of at least `size` bytes (memory may grow: JS must renew its views). */
export function reserve(size: usize): usize {
  if (input == 0) input = (__heap_base + 15) & ~15;
  if (size > inputCapacity) {
    const needed = input + size;
    const have = <usize>memory.size() << 16;
    if (needed > have) {
      if (memory.grow(<i32>((needed - have + 0xffff) >> 16)) < 0) unreachable();
    }
    inputCapacity = size;
  }
  return input;
}

export function state(): usize {
  return STATE;
}

/** Mixes the encoded event at the input area into the state (`impl StableHash for ProofOfIndexingEvent`). */
export function hashEvent(): void {
  cursor = input;
  child(load<u64>(cursor), load<u64>(cursor, 8), <u64>load<u32>(cursor, 16));
  const lo = childLo;
  const hi = childHi;
  cursor += 20;
  const kind = readU8();
  if (kind == 3) {
    child(lo, hi, 0);
    readInt(STATE, childLo, childHi);
  } else {
    child(lo, hi, 0);
    readBytes(STATE, childLo, childHi);
    child(lo, hi, 1);
    readBytes(STATE, childLo, childHi);
    if (kind == 2) {
      child(lo, hi, 2);
      const dataLo = childLo;
      const dataHi = childHi;
      const attributes = readU32();
      for (let i: usize = 0; i < attributes; i++) {
        store<u64>(MEMBER, I0);
        store<u64>(MEMBER, 0xffffffffffffffff, 8);
        store<u64>(MEMBER, 0xffffffffffffffff, 16);
        store<u64>(MEMBER, 0, 24);
        readBytes(MEMBER, KEY_LO, 0);
        readValue(MEMBER, VALUE_LO, 0);
        write(STATE, dataLo, dataHi, MEMBER, 32);
      }
    }
  }
  writeByte(STATE, lo, hi, kind);
}

/** xxh3-128 of the `len` input bytes with a 64-bit seed, low 64 bits then high at the returned address. */
export function xxh128(len: usize, seed: u64): usize {
  xxh3_128(input, len, seed, HASH_OUT);
  return HASH_OUT;
}
