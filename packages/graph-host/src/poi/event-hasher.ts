/**
 * The WebAssembly side of the proof of indexing (assembly/poi/hasher.ts, embedded by
 * scripts/build-wasm.mjs): xxh3-128, and graph-node's `ProofOfIndexingEvent` stable hash with native
 * u64 FldMix. Here events are encoded into the module's input area in the layout that file documents.
 */
import { parse as parseDecimal } from '../runtime/bigdecimal.js';
import type { Value } from '../types.js';
import { HASHER_WASM_BASE64 } from './hasher-wasm.generated.js';

/** A proof-of-indexing event (graph-node's `ProofOfIndexingEvent`). */
export type PoiEvent =
  | { kind: 'SetEntity'; entityType: string; id: string; data: Iterable<readonly [string, Value]> }
  | { kind: 'RemoveEntity'; entityType: string; id: string }
  | { kind: 'DeterministicError'; redactedEvents: number };

interface HasherExports {
  memory: WebAssembly.Memory;
  reserve(size: number): number;
  state(): number;
  hashEvent(): void;
  xxh128(length: number, seed: bigint): number;
}

// Not named `module`: test runners that wrap a bundle in a function with a `module` parameter would
// hand that object to a top-level `var module` (the subgraph suite did, through the built dist).
let instance: HasherExports | undefined;
let memoryBytes = new Uint8Array(0);

function hasher(): HasherExports {
  if (!instance) {
    const compiled = new WebAssembly.Module(Buffer.from(HASHER_WASM_BASE64, 'base64'));
    instance = new WebAssembly.Instance(compiled, {}).exports as unknown as HasherExports;
  }
  return instance;
}

/** The module's memory, renewed after it grew. */
function memory(): Uint8Array {
  const buffer = hasher().memory.buffer;
  if (memoryBytes.buffer !== buffer) memoryBytes = new Uint8Array(buffer);
  return memoryBytes;
}

/** Variant numbers of graph-node's `impl StableHash for Value` (graph/src/data/store/mod.rs). */
export const VALUE_VARIANT: Record<Value['kind'], number> = {
  Null: 0,
  String: 1,
  Int: 2,
  BigDecimal: 3,
  Bool: 4,
  Array: 5,
  Bytes: 6,
  BigInt: 7,
  Int8: 8,
  Timestamp: 9,
};

const EVENT_KIND: Record<PoiEvent['kind'], number> = { RemoveEntity: 1, SetEntity: 2, DeterministicError: 3 };
const utf8 = new TextEncoder();

/** Encodes events into a growing scratch buffer (then copied into the module's memory). */
class Encoder {
  bytes = new Uint8Array(4096);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  u32(value: number): void {
    this.ensure(4);
    const b = this.bytes;
    const at = this.length;
    b[at] = value;
    b[at + 1] = value >>> 8;
    b[at + 2] = value >>> 16;
    b[at + 3] = value >>> 24;
    this.length = at + 4;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** STR: a u32 length, then the bytes (UTF-8 for a string). */
  str(value: string | Uint8Array): void {
    if (typeof value !== 'string') {
      this.u32(value.length);
      this.raw(value);
      return;
    }
    this.ensure(4 + value.length * 3);
    const at = this.length;
    const b = this.bytes;
    // Short ASCII strings (names, ids) byte by byte: cheaper than a native encodeInto call.
    if (value.length <= 64) {
      let i = 0;
      for (; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        b[at + 4 + i] = code;
      }
      if (i === value.length) {
        this.u32(i);
        this.length += i;
        return;
      }
    }
    const { written } = utf8.encodeInto(value, b.subarray(at + 4));
    this.u32(written);
    this.length += written;
  }

  /** INT: sign, u32 length, the little-endian magnitude without trailing zeros (`AsInt`). */
  int(value: number | bigint): void {
    const negative = value < 0;
    this.u8(negative ? 1 : 0);
    const lengthAt = this.length;
    this.u32(0);
    let written = 0;
    if (typeof value === 'number' || (value >= -0x1fffffffffffffn && value <= 0x1fffffffffffffn)) {
      let magnitude = Math.abs(Number(value));
      this.ensure(8);
      while (magnitude > 0) {
        this.bytes[this.length++] = magnitude % 256;
        magnitude = Math.floor(magnitude / 256);
        written++;
      }
    } else {
      const hex = (negative ? -value : value).toString(16);
      this.ensure(hex.length / 2 + 1);
      for (let end = hex.length; end > 0; end -= 2) {
        this.bytes[this.length++] = parseInt(hex.slice(Math.max(0, end - 2), end), 16);
        written++;
      }
    }
    const b = this.bytes;
    b[lengthAt] = written;
    b[lengthAt + 1] = written >>> 8;
    b[lengthAt + 2] = written >>> 16;
    b[lengthAt + 3] = written >>> 24;
  }

  value(value: Value): void {
    this.u8(VALUE_VARIANT[value.kind]);
    switch (value.kind) {
      case 'Null':
        return;
      case 'String':
      case 'Bytes':
        return this.str(value.value);
      case 'Int':
      case 'Int8':
      case 'BigInt':
      case 'Timestamp': // microseconds since the epoch, an i64
        return this.int(value.value);
      case 'Bool':
        return this.u8(value.value ? 1 : 0);
      case 'BigDecimal': {
        // as_bigint_and_exponent of the normalised decimal: the exponent, then the digits
        const { digits, scale } = parseDecimal(value.value);
        this.int(scale);
        return this.int(digits);
      }
      case 'Array':
        this.u32(value.value.length);
        for (const item of value.value) this.value(item);
        return;
    }
  }

  event(events: Uint8Array, index: number, event: PoiEvent): void {
    this.length = 0;
    this.raw(events);
    this.u32(index);
    this.u8(EVENT_KIND[event.kind]);
    if (event.kind === 'DeterministicError') return this.int(event.redactedEvents);
    this.str(event.entityType);
    this.str(event.id);
    if (event.kind !== 'SetEntity') return;
    const countAt = this.length;
    this.u32(0);
    let count = 0;
    for (const [key, value] of event.data) {
      this.str(key);
      this.value(value);
      count++;
    }
    const end = this.length;
    this.length = countAt;
    this.u32(count);
    this.length = end;
  }
}

const encoder = new Encoder();

/** A u128 field address as 16 little-endian bytes. */
export function addressBytes(address: bigint): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt.asUintN(64, address), true);
  view.setBigUint64(8, BigInt.asUintN(64, address >> 64n), true);
  return out;
}

/**
 * Mixes `impl StableHash for ProofOfIndexingEvent` of `event`, at field address child(events, index)
 * (`events` as 16 little-endian bytes), into `state` (a FastStableHasher's 32 bytes, updated in place).
 */
export function hashEventInto(state: Uint8Array, events: Uint8Array, index: number, event: PoiEvent): void {
  encoder.event(events, index, event);
  const wasm = hasher();
  const input = wasm.reserve(encoder.length);
  const statePtr = wasm.state();
  const bytes = memory();
  bytes.set(encoder.bytes.subarray(0, encoder.length), input);
  bytes.set(state, statePtr);
  wasm.hashEvent();
  state.set(bytes.subarray(statePtr, statePtr + 32));
}

/** xxh3-128 (XXH3_128bits_withSeed) of bytes or of a string's UTF-8, as stable-hash's FastStableHasher calls it. */
export function xxh3_128(data: Uint8Array | string, seed: bigint): bigint {
  encoder.length = 0;
  encoder.str(data);
  const length = encoder.length - 4;
  const wasm = hasher();
  const input = wasm.reserve(length);
  const bytes = memory();
  bytes.set(encoder.bytes.subarray(4, encoder.length), input);
  const out = wasm.xxh128(length, seed);
  const view = new DataView(bytes.buffer, out, 16);
  return view.getBigUint64(0, true) | (view.getBigUint64(8, true) << 64n);
}
