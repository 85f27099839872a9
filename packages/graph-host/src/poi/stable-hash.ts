/**
 * The `stable-hash` crate's FastStableHasher (graphprotocol/stable-hash, branch main, the one
 * graph-node's Cargo.toml pins): each write hashes its bytes with xxh3-128 seeded by the low 64 bits
 * of the field address and mixes the result, with the address's high bits, into an FldMix
 * accumulator (an order-independent combination modulo 2^192), counting writes. Field addresses are
 * u128 paths: root 17, child(n) = address * 486187739 + n (wrapping).
 *
 * This BigInt version does the per-block steps (a region's digest, the PoI finisher) and is the tests'
 * reference; the per-event hashing, millions of writes in a backfill, runs in WebAssembly with the
 * same arithmetic on u64 limbs (assembly/poi/hasher.ts via event-hasher.ts).
 */
import { xxh3_128 } from './event-hasher.js';

const MASK64 = (1n << 64n) - 1n;
const MASK63 = (1n << 63n) - 1n;
const MASK128 = (1n << 128n) - 1n;

/** FldMix constants (src/fast/fld.rs), as u192 values. */
const P = (2305843009213693950n << 64n) + 2305843009213693959n;
const Q = 18446744073709551609n;
const R = 8n;
const I = (18446744073709551615n << 128n) + (18446744073709551615n << 64n) + 16140901064495857665n;

/** FldMix's combination u(x, y) = P + Q(x + y) + Rxy mod 2^192: associative, commutative, identity I. */
function fldMix(x: bigint, y: bigint): bigint {
  return BigInt.asUintN(192, P + Q * (x + y) + R * x * y);
}

export const ROOT = 17n;

export function child(address: bigint, n: number | bigint): bigint {
  return (address * 486187739n + BigInt(n)) & MASK128;
}

/** The address of `path` below the root (graph-node's `children.iter().fold(root, child)`). */
export function addressOf(path: readonly (number | bigint)[]): bigint {
  let address = ROOT;
  for (const n of path) address = child(address, n);
  return address;
}

const EMPTY = new Uint8Array(0);

export class FastStableHasher {
  mixer = I;
  count = 0n;

  write(address: bigint, bytes: Uint8Array | string): void {
    this.mixOperand(operand(address, bytes));
  }

  private mixOperand(value: bigint): void {
    // I is FldMix's identity: a fresh hasher's first write needs no arithmetic.
    this.mixer = this.mixer === I ? value : fldMix(this.mixer, value);
    this.count = (this.count + 1n) & MASK64;
  }

  mixin(other: FastStableHasher): void {
    this.mixer = fldMix(this.mixer, other.mixer);
    this.count = (this.count + other.count) & MASK64;
  }

  /** 32 bytes: the mixer (24, little endian) then the count (8, little endian). */
  toBytes(): Uint8Array {
    const out = new Uint8Array(32);
    const view = new DataView(out.buffer);
    view.setBigUint64(0, BigInt.asUintN(64, this.mixer), true);
    view.setBigUint64(8, BigInt.asUintN(64, this.mixer >> 64n), true);
    view.setBigUint64(16, this.mixer >> 128n, true);
    view.setBigUint64(24, this.count, true);
    return out;
  }

  static fromBytes(bytes: Uint8Array): FastStableHasher {
    if (bytes.length !== 32) throw new RangeError(`a fast stable hasher state is 32 bytes, got ${bytes.length}`);
    const hasher = new FastStableHasher();
    const view = new DataView(bytes.buffer, bytes.byteOffset, 32);
    hasher.mixer = view.getBigUint64(0, true) | (view.getBigUint64(8, true) << 64n) | (view.getBigUint64(16, true) << 128n);
    hasher.count = view.getBigUint64(24, true);
    return hasher;
  }

  /** xxh3-128 of the mixer's bytes seeded with the count. */
  finish(): bigint {
    return xxh3_128(this.toBytes().subarray(0, 24), this.count);
  }

  // ---- StableHash impls of the crate (src/impls, src/utils.rs) ----

  /** `AsBytes`/str/String: the bytes at the address, nothing when empty. */
  bytes(address: bigint, value: Uint8Array | string): void {
    if (value.length > 0) this.write(address, value);
  }

  /** `AsInt` (every integer type): the sign as an empty write at child(0), the trimmed little-endian magnitude at the address. */
  int(address: bigint, value: bigint | number): void {
    let v = BigInt(value);
    if (v < 0n) {
      this.write(child(address, 0), EMPTY);
      v = -v;
    }
    if (v !== 0n) this.write(address, leMagnitude(v));
  }

  bool(address: bigint, value: boolean): void {
    if (value) this.write(address, EMPTY);
  }

  /** `Option<T>`: None writes nothing; Some(v) hashes v at child(0) and an empty write at the address. */
  option<T>(address: bigint, value: T | null, hash: (address: bigint, value: T) => void): void {
    if (value === null) return;
    hash(child(address, 0), value);
    this.write(address, EMPTY);
  }
}

/** The little-endian bytes of v > 0 without trailing zeros (AsInt's canonical form). */
function leMagnitude(v: bigint): Uint8Array {
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').reverse();
}

/** FldMix operand of a write: the address's high bits (seed, 63 bits) below the xxh3-128 of the bytes. */
function operand(address: bigint, bytes: Uint8Array | string): bigint {
  return ((address >> 64n) & MASK63) | (xxh3_128(bytes, address & MASK64) << 64n);
}

/** `stable_hash::fast_stable_hash`: the value at the root of a new hasher, finished. */
export function fastStableHash(hash: (hasher: FastStableHasher, root: bigint) => void): bigint {
  const hasher = new FastStableHasher();
  hash(hasher, ROOT);
  return hasher.finish();
}
