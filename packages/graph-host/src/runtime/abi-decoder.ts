/**
 * Event decoding compiled once per event signature. viem's decodeAbiParameters was ~16 % of a
 * backfill: it parses the type strings, checksums every address (keccak) and goes through a
 * generic cursor for every log. The decoders built here read the log's bytes directly and give
 * the values the runtime writes into WASM (writeEthValue): bigint (number for ≤ 48-bit integers,
 * as viem), bytes (views of the log's data, where viem gives hex) for addresses and bytes, arrays
 * for tuples. They accept and refuse the
 * same data as viem (bounds, offsets, booleans, safe-integer offsets/lengths, the bytes/string
 * size budget); types they do not know fall back to viem.
 */
import { decodeAbiParameters, type AbiEvent, type AbiParameter } from 'viem';
import type { RpcLog } from '../types.js';

export type DecodedParam = { param: AbiParameter; value: unknown };
export type EventDecoder = (log: RpcLog) => DecodedParam[] | null;

class DecodeError extends Error {}

interface Reader {
  bytes: Uint8Array;
  /** Bytes of `bytes`/`string` values decoded so far, bounded like viem's budget (32 × input size). */
  used: number;
  /** Words read, bounded so hostile offsets cannot make decoding loop for long. */
  reads: number;
}

interface TypeDecoder {
  dynamic: boolean;
  /** Bytes taken in the head (static size; 32 for dynamic types). */
  headSize: number;
  /** Decodes the value whose head is at `pos`; `base` is where offsets of this level count from. */
  decode(r: Reader, pos: number, base: number): unknown;
}

const utf8 = new TextDecoder();

function word(r: Reader, pos: number): Uint8Array {
  if (pos < 0 || pos + 32 > r.bytes.length) throw new DecodeError('out of bounds');
  if (++r.reads > r.bytes.length + 8192) throw new DecodeError('too many reads');
  return r.bytes.subarray(pos, pos + 32);
}

function wordBigInt(w: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(w.buffer, w.byteOffset, 32).toString('hex')}`);
}

/** The word's value when below 2^48 (its top 26 bytes zero), else -1: most values, read without a BigInt. */
function smallWord(w: Uint8Array): number {
  for (let i = 0; i < 26; i++) if (w[i] !== 0) return -1;
  return (w[26]! * 256 + w[27]!) * 2 ** 32 + w[28]! * 2 ** 24 + ((w[29]! << 16) | (w[30]! << 8) | w[31]!);
}

/** An offset or length: viem reads them as safe integers. */
function safeNumber(r: Reader, pos: number): number {
  const w = word(r, pos);
  for (let i = 0; i < 24; i++) if (w[i] !== 0) throw new DecodeError('not a safe integer');
  const high = w[24]! * 2 ** 24 + ((w[25]! << 16) | (w[26]! << 8) | w[27]!);
  // Above 2^53 - 1 once the high 32 bits exceed 2^21 - 1.
  if (high > 0x1fffff) throw new DecodeError('not a safe integer');
  return high * 2 ** 32 + w[28]! * 2 ** 24 + ((w[29]! << 16) | (w[30]! << 8) | w[31]!);
}

const TWO_256 = 1n << 256n;
const TWO_255 = 1n << 255n;

function integerDecoder(signed: boolean, bits: number): TypeDecoder {
  return {
    dynamic: false,
    headSize: 32,
    decode(r, pos) {
      const w = word(r, pos);
      const small = smallWord(w);
      // Non-negative either way (signed values below 2^48 have a clear sign bit).
      if (small >= 0) return bits > 48 ? BigInt(small) : small;
      let value = wordBigInt(w);
      if (signed && value >= TWO_255) value -= TWO_256;
      if (bits > 48) return value;
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new DecodeError('not a safe integer');
      return n;
    },
  };
}

const addressDecoder: TypeDecoder = {
  dynamic: false,
  headSize: 32,
  decode(r, pos) {
    return word(r, pos).subarray(12);
  },
};

const boolDecoder: TypeDecoder = {
  dynamic: false,
  headSize: 32,
  decode(r, pos) {
    const w = word(r, pos);
    for (let i = 0; i < 31; i++) if (w[i] !== 0) throw new DecodeError('invalid boolean');
    if (w[31]! > 1) throw new DecodeError('invalid boolean');
    return w[31] === 1;
  },
};

function fixedBytesDecoder(size: number): TypeDecoder {
  return {
    dynamic: false,
    headSize: 32,
    decode(r, pos) {
      // viem reads only the value's own bytes here, not the whole word.
      if (pos < 0 || pos + size > r.bytes.length) throw new DecodeError('out of bounds');
      if (++r.reads > r.bytes.length + 8192) throw new DecodeError('too many reads');
      return r.bytes.subarray(pos, pos + size);
    },
  };
}

/** The bytes of a dynamic `bytes`/`string` whose head (offset) is at `pos`. */
function tail(r: Reader, pos: number, base: number): Uint8Array {
  const start = base + safeNumber(r, pos);
  const length = safeNumber(r, start);
  if (length === 0) return r.bytes.subarray(0, 0);
  if (start + 32 + length > r.bytes.length) throw new DecodeError('out of bounds');
  r.used += length;
  if (r.used > r.bytes.length * 32) throw new DecodeError('size limit exceeded');
  return r.bytes.subarray(start + 32, start + 32 + length);
}

const bytesDecoder: TypeDecoder = {
  dynamic: true,
  headSize: 32,
  decode(r, pos, base) {
    return tail(r, pos, base);
  },
};

const stringDecoder: TypeDecoder = {
  dynamic: true,
  headSize: 32,
  decode(r, pos, base) {
    return utf8.decode(tail(r, pos, base));
  },
};

function arrayDecoder(element: TypeDecoder, length: number | null): TypeDecoder {
  if (length === null) {
    return {
      dynamic: true,
      headSize: 32,
      decode(r, pos, base) {
        const start = base + safeNumber(r, pos);
        const count = safeNumber(r, start);
        const data = start + 32;
        // Every element has a head of at least one word: a count beyond the data cannot decode
        // (viem fails on the first head out of bounds), so refuse it before allocating.
        if (count > (r.bytes.length - data) / 32) throw new DecodeError('out of bounds');
        const out = new Array<unknown>(count);
        let offset = 0;
        for (let i = 0; i < count; i++) {
          out[i] = element.decode(r, data + offset, data);
          offset += element.dynamic ? 32 : element.headSize;
        }
        return out;
      },
    };
  }
  if (element.dynamic) {
    return {
      dynamic: true,
      headSize: 32,
      decode(r, pos, base) {
        const start = base + safeNumber(r, pos);
        const out = new Array<unknown>(length);
        for (let i = 0; i < length; i++) out[i] = element.decode(r, start + i * 32, start);
        return out;
      },
    };
  }
  return {
    dynamic: false,
    headSize: element.headSize * length,
    decode(r, pos, base) {
      const out = new Array<unknown>(length);
      for (let i = 0; i < length; i++) out[i] = element.decode(r, pos + i * element.headSize, base);
      return out;
    },
  };
}

function tupleDecoder(components: TypeDecoder[]): TypeDecoder {
  const dynamic = components.some((c) => c.dynamic);
  const sequence = (r: Reader, start: number, base: number) => {
    const out = new Array<unknown>(components.length);
    let offset = 0;
    for (let i = 0; i < components.length; i++) {
      const component = components[i]!;
      out[i] = component.decode(r, start + offset, base);
      offset += component.dynamic ? 32 : component.headSize;
    }
    return out;
  };
  if (dynamic) {
    return {
      dynamic: true,
      headSize: 32,
      decode(r, pos, base) {
        const start = base + safeNumber(r, pos);
        return sequence(r, start, start);
      },
    };
  }
  return {
    dynamic: false,
    headSize: components.reduce((sum, c) => sum + c.headSize, 0),
    decode: (r, pos, base) => sequence(r, pos, base),
  };
}

/** A decoder for `param`, or null when the type is not one this module knows (viem decodes it). */
function typeDecoder(param: { type: string; components?: readonly AbiParameter[] }): TypeDecoder | null {
  const type = param.type;
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    // Zero-length fixed arrays take no head space; viem's handling of them is kept.
    if (array[2] === '0') return null;
    const element = typeDecoder({ ...param, type: array[1]! });
    return element ? arrayDecoder(element, array[2] === '' ? null : Number(array[2])) : null;
  }
  if (type === 'tuple') {
    const parts = (param.components ?? []).map((c) => typeDecoder(c));
    return parts.length > 0 && parts.every((p): p is TypeDecoder => p !== null) ? tupleDecoder(parts) : null;
  }
  if (type === 'address') return addressDecoder;
  if (type === 'bool') return boolDecoder;
  if (type === 'string') return stringDecoder;
  if (type === 'bytes') return bytesDecoder;
  const fixed = /^bytes([1-9]|[12]\d|3[0-2])$/.exec(type);
  if (fixed) return fixedBytesDecoder(Number(fixed[1]));
  const integer = /^(u?)int(\d*)$/.exec(type);
  if (integer) {
    const bits = integer[2] === '' ? 256 : Number(integer[2]);
    if (bits % 8 !== 0 || bits < 8 || bits > 256) return null;
    return integerDecoder(integer[1] === '', bits);
  }
  return null;
}

function isDynamicIndexed(type: string): boolean {
  return type === 'string' || type === 'bytes' || type.endsWith(']') || type.startsWith('tuple');
}

/** Bytes of a hex string from JSON-RPC, or null when it is not well-formed hex. */
function hexData(hex: string): Uint8Array | null {
  if (typeof hex !== 'string' || !hex.startsWith('0x') || hex.length % 2 !== 0) return null;
  const bytes = Buffer.from(hex.slice(2), 'hex');
  // Buffer stops at the first non-hex pair: a short result means invalid characters.
  return bytes.length * 2 === hex.length - 2 ? bytes : null;
}

/** The event's values, positionally, as the runtime decoded them with viem (same values, same failures). */
function viemDecoder(inputs: readonly AbiParameter[]): EventDecoder {
  const nonIndexed = inputs.filter((input) => !(input as { indexed?: boolean }).indexed);
  return (log) => {
    try {
      const dataValues = nonIndexed.length > 0 ? decodeAbiParameters(nonIndexed, log.data) : [];
      const out: DecodedParam[] = [];
      let topicIndex = 1;
      let dataIndex = 0;
      for (const input of inputs) {
        if ((input as { indexed?: boolean }).indexed) {
          const topic = log.topics[topicIndex++]!;
          if (isDynamicIndexed(input.type)) out.push({ param: { ...input, type: 'bytes32' }, value: topic });
          else out.push({ param: input, value: decodeAbiParameters([input], topic)[0] });
        } else {
          out.push({ param: input, value: dataValues[dataIndex++] });
        }
      }
      return out;
    } catch {
      return null;
    }
  };
}

const decoders = new WeakMap<AbiEvent, EventDecoder>();

/** The decoder of `event`'s logs, built on first use: positional values, null when a log does not decode. */
export function eventDecoder(event: AbiEvent): EventDecoder {
  let decoder = decoders.get(event);
  if (!decoder) {
    decoder = buildDecoder(event.inputs);
    decoders.set(event, decoder);
  }
  return decoder;
}

function buildDecoder(inputs: readonly AbiParameter[]): EventDecoder {
  type Slot = { param: AbiParameter; indexed: true; topic: number; decoder: TypeDecoder | null } | { param: AbiParameter; indexed: false; decoder: TypeDecoder };
  const slots: Slot[] = [];
  let topic = 1;
  const dataDecoders: TypeDecoder[] = [];
  for (const input of inputs) {
    if ((input as { indexed?: boolean }).indexed) {
      if (isDynamicIndexed(input.type)) {
        slots.push({ param: { ...input, type: 'bytes32' }, indexed: true, topic: topic++, decoder: null });
      } else {
        const decoder = typeDecoder(input);
        if (!decoder) return viemDecoder(inputs);
        slots.push({ param: input, indexed: true, topic: topic++, decoder });
      }
    } else {
      const decoder = typeDecoder(input);
      if (!decoder) return viemDecoder(inputs);
      slots.push({ param: input, indexed: false, decoder });
      dataDecoders.push(decoder);
    }
  }
  const headSizes = dataDecoders.map((d) => (d.dynamic ? 32 : d.headSize));
  return (log) => {
    try {
      let reader: Reader | null = null;
      if (dataDecoders.length > 0) {
        const bytes = hexData(log.data);
        if (!bytes || bytes.length < 32) return null; // viem: zero data / data size too small
        reader = { bytes, used: 0, reads: 0 };
      }
      const out = new Array<DecodedParam>(slots.length);
      let head = 0;
      let dataIndex = 0;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        if (slot.indexed) {
          const value = log.topics[slot.topic];
          if (value === undefined) return null;
          if (!slot.decoder) {
            out[i] = { param: slot.param, value };
            continue;
          }
          const bytes = hexData(value);
          if (!bytes || bytes.length < 32) return null;
          out[i] = { param: slot.param, value: slot.decoder.decode({ bytes, used: 0, reads: 0 }, 0, 0) };
        } else {
          out[i] = { param: slot.param, value: slot.decoder.decode(reader!, head, 0) };
          head += headSizes[dataIndex++]!;
        }
      }
      return out;
    } catch (error) {
      if (error instanceof DecodeError) return null;
      throw error;
    }
  };
}
