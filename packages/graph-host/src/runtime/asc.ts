/**
 * AssemblyScript memory layouts used by graph-ts 0.38 (apiVersion >= 0.0.5, AS 0.19+ runtime):
 * every object has a 20-byte header, with the class id at ptr-8 and the payload size at ptr-4.
 * Strings are UTF-16LE, typed arrays are {buffer, dataStart, byteLength}, arrays add `length`,
 * class fields follow declaration order with natural alignment (pointers are 4 bytes).
 */
import { HostError } from './errors.js';

/** graph-ts `TypeId` values (graph-node's IndexForAscTypeId) that the host allocates. */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayBool: 13,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumCall: 26,
  WrappedTypedMapStringJsonValue: 27,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  ResultJsonValueBool: 40,
  TransactionReceipt: 1000,
  Log: 1001,
  ArrayH256: 1002,
  ArrayLog: 1003,
} as const;
export type TypeIdName = keyof typeof TypeId;

const utf16Decoder = new TextDecoder('utf-16le');
/** Strings up to this size (bytes) are remembered by address (AscHeap.readString). */
const SHORT_STRING_BYTES = 64;
const SHORT_STRINGS_KEPT = 1024;

/** Reads and allocates AssemblyScript objects in one WASM instance's memory. */
export class AscHeap {
  private buffer: ArrayBuffer;
  private bytes: Uint8Array;
  private units: Uint16Array;
  private view: DataView;
  /**
   * Short strings last read at each address (field names, entity types: the same static strings for
   * every call). A hit is checked against memory unit by unit, so a reused address only costs a miss.
   */
  private readonly shortStrings = new Map<number, { raw: string; text: string }>();

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly allocate: (size: number, classId: number) => number,
    /** TypeId -> class id of this module (from the exported `id_of_type`). */
    private readonly classIds: Map<number, number>,
  ) {
    this.buffer = memory.buffer;
    this.bytes = new Uint8Array(this.buffer);
    this.units = new Uint16Array(this.buffer, 0, this.buffer.byteLength >>> 1);
    this.view = new DataView(this.buffer);
  }

  /** Memory views go stale when the WASM memory grows. */
  private fresh(): void {
    // memory.grow detaches the old ArrayBuffer (byteLength 0); cheaper than reading memory.buffer.
    if (this.buffer.byteLength === 0) {
      this.buffer = this.memory.buffer;
      this.bytes = new Uint8Array(this.buffer);
      this.units = new Uint16Array(this.buffer, 0, this.buffer.byteLength >>> 1);
      this.view = new DataView(this.buffer);
    }
  }

  classId(typeId: number): number {
    const id = this.classIds.get(typeId);
    if (id === undefined) throw new HostError(`class id for TypeId ${typeId} unknown`);
    return id;
  }

  // ---- reading ----------------------------------------------------------------------------
  u32(ptr: number): number {
    this.fresh();
    return this.view.getUint32(ptr, true);
  }
  i32(ptr: number): number {
    this.fresh();
    return this.view.getInt32(ptr, true);
  }
  i64(ptr: number): bigint {
    this.fresh();
    return this.view.getBigInt64(ptr, true);
  }
  u8(ptr: number): number {
    this.fresh();
    return this.bytes[ptr]!;
  }
  f64(ptr: number): number {
    this.fresh();
    return this.view.getFloat64(ptr, true);
  }

  private checkPtr(ptr: number, what: string): void {
    if (ptr === 0) throw new HostError(`null ${what} pointer passed to a host function`);
  }

  readString(ptr: number): string {
    this.checkPtr(ptr, 'string');
    this.fresh();
    const size = this.view.getUint32(ptr - 4, true);
    if (ptr + size > this.bytes.length) throw new HostError('string out of bounds');
    const short = size <= SHORT_STRING_BYTES && (ptr & 1) === 0;
    if (short) {
      const seen = this.shortStrings.get(ptr);
      if (seen && this.holds(ptr, size, seen.raw)) return seen.text;
    }
    const raw = utf16Decoder.decode(this.bytes.subarray(ptr, ptr + size));
    // graph-node strips NUL from every string read from WASM (Postgres text cannot hold it).
    const text = raw.includes('\u0000') ? raw.replace(/\u0000/g, '') : raw;
    if (short) {
      if (this.shortStrings.size >= SHORT_STRINGS_KEPT) this.shortStrings.clear();
      this.shortStrings.set(ptr, { raw, text });
    }
    return text;
  }

  /** Whether the `size` bytes at `ptr` (even) are the UTF-16 code units of `raw`. */
  private holds(ptr: number, size: number, raw: string): boolean {
    if (raw.length * 2 !== size) return false;
    const start = ptr >>> 1;
    for (let i = 0; i < raw.length; i++) if (this.units[start + i] !== raw.charCodeAt(i)) return false;
    return true;
  }

  readArrayBuffer(ptr: number): Uint8Array {
    this.checkPtr(ptr, 'ArrayBuffer');
    this.fresh();
    const size = this.view.getUint32(ptr - 4, true);
    return this.bytes.slice(ptr, ptr + size);
  }

  /** Uint8Array / Bytes / BigInt / Address payload (a copy). */
  readBytes(ptr: number): Uint8Array {
    const dataStart = this.typedArrayStart(ptr);
    return this.bytes.slice(dataStart, dataStart + this.typedArrayLength);
  }

  /** graph-ts BigInt: signed little-endian two's complement (read in place: nothing keeps the bytes). */
  readBigInt(ptr: number): bigint {
    const dataStart = this.typedArrayStart(ptr);
    return signedLeToBigInt(this.bytes, dataStart, this.typedArrayLength);
  }

  /** A Uint8Array's payload (Bytes, Address) as 0x-prefixed lowercase hex, read in place. */
  readHex(ptr: number): `0x${string}` {
    const dataStart = this.typedArrayStart(ptr);
    return `0x${Buffer.from(this.buffer, dataStart, this.typedArrayLength).toString('hex')}`;
  }

  /** Byte length of the typed array that typedArrayStart read last (a field: no object per read). */
  private typedArrayLength = 0;

  /** Where a Uint8Array's payload starts in memory (its length in typedArrayLength), bounds checked. */
  private typedArrayStart(ptr: number): number {
    this.checkPtr(ptr, 'Uint8Array');
    this.fresh();
    const dataStart = this.view.getUint32(ptr + 4, true);
    const byteLength = this.view.getUint32(ptr + 8, true);
    if (dataStart + byteLength > this.bytes.length) throw new HostError('typed array out of bounds');
    this.typedArrayLength = byteLength;
    return dataStart;
  }

  /** Array<T> of pointers (or any 4-byte element). */
  readPtrArray(ptr: number): number[] {
    this.checkPtr(ptr, 'Array');
    this.fresh();
    const dataStart = this.view.getUint32(ptr + 4, true);
    const length = this.view.getInt32(ptr + 12, true);
    const out = new Array<number>(length);
    for (let i = 0; i < length; i++) out[i] = this.view.getUint32(dataStart + i * 4, true);
    return out;
  }

  // ---- allocating ---------------------------------------------------------------------------
  alloc(size: number, typeId: number): number {
    const ptr = this.allocate(size, this.classId(typeId));
    return ptr;
  }

  /** Allocates a class instance whose fields are all 4-byte pointers/ints. */
  newObject(typeId: number, fields: number[]): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    this.fresh();
    for (let i = 0; i < fields.length; i++) this.view.setUint32(ptr + i * 4, fields[i]! >>> 0, true);
    return ptr;
  }

  /** {kind: i32, data: u64} objects: store Value, ethereum.Value, JSONValue. */
  newKindData(typeId: number, kind: number, data: bigint | number): number {
    const ptr = this.alloc(16, typeId);
    this.fresh();
    this.view.setInt32(ptr, kind, true);
    this.view.setInt32(ptr + 4, 0, true);
    if (typeof data === 'number') {
      this.view.setUint32(ptr + 8, data >>> 0, true);
      this.view.setUint32(ptr + 12, 0, true);
    } else {
      this.view.setBigInt64(ptr + 8, BigInt.asIntN(64, data), true);
    }
    return ptr;
  }

  newString(text: string): number {
    const ptr = this.alloc(text.length * 2, TypeId.String);
    this.fresh();
    if (LITTLE_ENDIAN && (ptr & 1) === 0) {
      // UTF-16 units straight into the 16-bit view (WASM memory is little-endian, as this host is).
      const start = ptr >>> 1;
      for (let i = 0; i < text.length; i++) this.units[start + i] = text.charCodeAt(i);
    } else {
      for (let i = 0; i < text.length; i++) this.view.setUint16(ptr + i * 2, text.charCodeAt(i), true);
    }
    return ptr;
  }

  newArrayBuffer(data: Uint8Array): number {
    const ptr = this.alloc(data.length, TypeId.ArrayBuffer);
    this.fresh();
    this.bytes.set(data, ptr);
    return ptr;
  }

  newBytes(data: Uint8Array): number {
    return this.newUint8Array(this.newArrayBuffer(data), data.length);
  }

  /** A Uint8Array over `byteLength` bytes of the ArrayBuffer at `buffer`. */
  private newUint8Array(buffer: number, byteLength: number): number {
    const ptr = this.alloc(12, TypeId.Uint8Array);
    this.fresh();
    this.view.setUint32(ptr, buffer, true);
    this.view.setUint32(ptr + 4, buffer, true);
    this.view.setUint32(ptr + 8, byteLength, true);
    return ptr;
  }

  /**
   * graph-ts BigInt of an integer (a number must be a safe integer, as decoded event arguments
   * below 2^48 are). Values below 2^47 are written straight into memory: every uint256 argument
   * and store value passes here, and a temporary array for each was a large share of the
   * handlers' garbage.
   */
  newBigInt(value: bigint | number): number {
    const small =
      typeof value === 'number'
        ? value < SMALL_INTEGER && value >= -SMALL_INTEGER && Number.isInteger(value)
          ? value
          : null
        : value < SMALL_BIGINT && value >= -SMALL_BIGINT
          ? Number(value)
          : null;
    if (small === null) return this.newBytes(bigIntToSignedLe(BigInt(value)));
    const length = smallSignedLeLength(small);
    const buffer = this.alloc(length, TypeId.ArrayBuffer);
    this.fresh();
    writeSmallSignedLe(this.bytes, buffer, small, length);
    return this.newUint8Array(buffer, length);
  }

  /** Array<T> of 4-byte elements (pointers, i32). */
  newPtrArray(typeId: number, elements: number[]): number {
    const buffer = this.alloc(elements.length * 4, TypeId.ArrayBuffer);
    this.fresh();
    for (let i = 0; i < elements.length; i++) this.view.setUint32(buffer + i * 4, elements[i]! >>> 0, true);
    const ptr = this.alloc(16, typeId);
    this.fresh();
    this.view.setUint32(ptr, buffer, true);
    this.view.setUint32(ptr + 4, buffer, true);
    this.view.setUint32(ptr + 8, elements.length * 4, true);
    this.view.setInt32(ptr + 12, elements.length, true);
    return ptr;
  }

  newWrappedBool(value: boolean): number {
    const ptr = this.alloc(4, TypeId.WrappedBool);
    this.fresh();
    this.view.setUint32(ptr, value ? 1 : 0, true);
    return ptr;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Below this magnitude a value converts through a double (exact up to 2^53): no hex round trip. */
const SMALL_BIGINT = 1n << 47n;
const SMALL_INTEGER = 2 ** 47;

/**
 * num-bigint's to_signed_bytes_le: minimal two's complement, zero is [0]. Through the native hex
 * conversion: a byte-by-byte BigInt loop was ~10 % of the handlers' time (every uint256 parameter).
 */
export function bigIntToSignedLe(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array([0]);
  if (value < SMALL_BIGINT && value >= -SMALL_BIGINT) return smallToSignedLe(Number(value));
  const negative = value < 0n;
  // A negative value is the bitwise inverse of -value - 1 (non-negative), sign bit set.
  let hex = (negative ? -value - 1n : value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const big = Buffer.from(hex, 'hex');
  const length = big.length;
  let top = big[0]!;
  if (negative) top ^= 0xff;
  // One more byte when the top byte's high bit does not carry the sign.
  const extra = (top & 0x80) !== 0 === negative ? 0 : 1;
  const out = new Uint8Array(length + extra);
  for (let i = 0; i < length; i++) out[i] = negative ? big[length - 1 - i]! ^ 0xff : big[length - 1 - i]!;
  if (extra) out[length] = negative ? 0xff : 0x00;
  return out;
}

/** The minimal signed little-endian bytes of an integer |n| < 2^47 (the same bytes as the general path; 0 is [0]). */
function smallToSignedLe(n: number): Uint8Array {
  const length = smallSignedLeLength(n);
  const out = new Uint8Array(length);
  writeSmallSignedLe(out, 0, n, length);
  return out;
}

/** How many bytes smallToSignedLe gives for n: until the rest is pure sign extension and the last byte's high bit is the sign. */
function smallSignedLeLength(n: number): number {
  if (n >= -0x80000000 && n <= 0x7fffffff) return n >= -0x80 && n < 0x80 ? 1 : n >= -0x8000 && n < 0x8000 ? 2 : n >= -0x800000 && n < 0x800000 ? 3 : 4;
  let length = 1;
  for (let rest = n; rest >= 128 || rest < -128; rest = Math.floor(rest / 256)) length++;
  return length;
}

/** Writes the `length` bytes of smallToSignedLe(n) at `offset` of `out`. */
function writeSmallSignedLe(out: Uint8Array, offset: number, n: number, length: number): void {
  if (n >= -0x80000000 && n <= 0x7fffffff) {
    for (let i = 0; i < length; i++) out[offset + i] = (n >> (8 * i)) & 0xff;
    return;
  }
  let rest = n;
  for (let i = 0; i < length; i++) {
    const byte = ((rest % 256) + 256) % 256;
    out[offset + i] = byte;
    rest = (rest - byte) / 256;
  }
}

/** The integer of `length` signed little-endian bytes at `start` of `bytes` (by default all of them). */
export function signedLeToBigInt(bytes: Uint8Array, start = 0, length = bytes.length - start): bigint {
  if (length === 0) return 0n;
  const last = bytes[start + length - 1]!;
  if (length <= 6) {
    // Fits a double exactly: no BigInt arithmetic per byte.
    let value = 0;
    for (let i = start + length - 1; i >= start; i--) value = value * 256 + bytes[i]!;
    if ((last & 0x80) !== 0) value -= 2 ** (length * 8);
    return BigInt(value);
  }
  const big = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) big[i] = bytes[start + length - 1 - i]!;
  const value = BigInt(`0x${big.toString('hex')}`);
  return (last & 0x80) !== 0 ? value - (1n << BigInt(length * 8)) : value;
}
