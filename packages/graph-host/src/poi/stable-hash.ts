/**
 * The `stable-hash` crate's FastStableHasher (graphprotocol/stable-hash, branch main, the one
 * graph-node's Cargo.toml pins): each write hashes its bytes with xxh3-128 seeded by the low 64 bits
 * of the field address and mixes the result, with the address's high bits, into an FldMix
 * accumulator (an order-independent combination modulo 2^192), counting writes. Field addresses are
 * u128 paths: root 17, child(n) = address * 486187739 + n (wrapping).
 */
import { createRequire } from 'node:module';

// @node-rs/xxhash ships CommonJS only.
const { xxh3 } = createRequire(import.meta.url)('@node-rs/xxhash') as typeof import('@node-rs/xxhash');

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
    const hash = xxh3.xxh128(bytes, address & MASK64);
    this.mixer = fldMix(this.mixer, ((address >> 64n) & MASK63) | (hash << 64n));
    this.count = (this.count + 1n) & MASK64;
  }

  mixin(other: FastStableHasher): void {
    this.mixer = fldMix(this.mixer, other.mixer);
    this.count = (this.count + other.count) & MASK64;
  }

  /** 32 bytes: the mixer (24, little endian) then the count (8, little endian). */
  toBytes(): Uint8Array {
    const out = new Uint8Array(32);
    writeLe(out, 0, this.mixer, 24);
    writeLe(out, 24, this.count, 8);
    return out;
  }

  static fromBytes(bytes: Uint8Array): FastStableHasher {
    if (bytes.length !== 32) throw new RangeError(`a fast stable hasher state is 32 bytes, got ${bytes.length}`);
    const hasher = new FastStableHasher();
    hasher.mixer = readLe(bytes, 0, 24);
    hasher.count = readLe(bytes, 24, 8);
    return hasher;
  }

  /** xxh3-128 of the mixer's bytes seeded with the count. */
  finish(): bigint {
    const mixer = new Uint8Array(24);
    writeLe(mixer, 0, this.mixer, 24);
    return xxh3.xxh128(mixer, this.count);
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

function leMagnitude(v: bigint): Uint8Array {
  const out: number[] = [];
  for (let rest = v; rest > 0n; rest >>= 8n) out.push(Number(rest & 0xffn));
  return Uint8Array.from(out);
}

function writeLe(out: Uint8Array, offset: number, value: bigint, length: number): void {
  let rest = value;
  for (let i = 0; i < length; i++) {
    out[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function readLe(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return value;
}

/** `stable_hash::fast_stable_hash`: the value at the root of a new hasher, finished. */
export function fastStableHash(hash: (hasher: FastStableHasher, root: bigint) => void): bigint {
  const hasher = new FastStableHasher();
  hash(hasher, ROOT);
  return hasher.finish();
}
