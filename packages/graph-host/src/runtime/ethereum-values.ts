/** Conversions between viem ABI values and graph-ts `ethereum.Value` objects in WASM memory. */
import { bytesToHex, type AbiParameter } from 'viem';
import { AscHeap, TypeId } from './asc.js';
import { HostError } from './errors.js';

export const EthValueKind = {
  ADDRESS: 0,
  FIXED_BYTES: 1,
  BYTES: 2,
  INT: 3,
  UINT: 4,
  BOOL: 5,
  STRING: 6,
  FIXED_ARRAY: 7,
  ARRAY: 8,
  TUPLE: 9,
} as const;

/**
 * Bytes of an address/bytes value: decoded logs give them as bytes (abi-decoder.ts), viem as
 * well-formed hex (Buffer decodes it much faster than viem's hexToBytes).
 */
function bytesOf(value: unknown): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value.slice(2), 'hex') : (value as Uint8Array);
}

type ParamLike = { type: string; components?: readonly AbiParameter[] };
type ValueWriter = (heap: AscHeap, value: unknown) => number;

function components(param: ParamLike): readonly AbiParameter[] {
  return param.components ?? [];
}

/** Writers by parameter object: ABI parameters are long-lived, so a type is parsed once, not per value. */
const writers = new WeakMap<ParamLike, ValueWriter>();

/** Writes a decoded ABI value (viem representation; bytes values may also be bytes) as an ethereum.Value. */
export function writeEthValue(heap: AscHeap, param: ParamLike, value: unknown): number {
  let writer = writers.get(param);
  if (!writer) {
    writer = valueWriter(param);
    writers.set(param, writer);
  }
  return writer(heap, value);
}

function valueWriter(param: ParamLike): ValueWriter {
  const type = param.type;
  const id = TypeId.EthereumValue;
  if (type.endsWith(']')) {
    const open = type.lastIndexOf('[');
    const kind = type.slice(open + 1, -1) === '' ? EthValueKind.ARRAY : EthValueKind.FIXED_ARRAY;
    const element = valueWriter({ type: type.slice(0, open), components: param.components });
    return (heap, value) => {
      const items = (value as readonly unknown[]).map((item) => element(heap, item));
      return heap.newKindData(id, kind, heap.newPtrArray(TypeId.ArrayEthereumValue, items));
    };
  }
  if (type === 'tuple') {
    const fields = components(param).map((field, index) => ({ key: field.name ?? String(index), write: valueWriter(field) }));
    return (heap, value) => {
      const items = fields.map((field, index) =>
        field.write(heap, Array.isArray(value) ? (value as unknown[])[index] : (value as Record<string, unknown>)[field.key]),
      );
      return heap.newKindData(id, EthValueKind.TUPLE, heap.newPtrArray(TypeId.ArrayEthereumValue, items));
    };
  }
  const bytesKind = type === 'address' ? EthValueKind.ADDRESS : type === 'bytes' ? EthValueKind.BYTES : type.startsWith('bytes') ? EthValueKind.FIXED_BYTES : null;
  if (bytesKind !== null) return (heap, value) => heap.newKindData(id, bytesKind, heap.newBytes(bytesOf(value)));
  const integerKind = type.startsWith('int') ? EthValueKind.INT : type.startsWith('uint') ? EthValueKind.UINT : null;
  if (integerKind !== null) return (heap, value) => heap.newKindData(id, integerKind, heap.newBigInt(value as bigint | number));
  if (type === 'bool') return (heap, value) => heap.newKindData(id, EthValueKind.BOOL, value ? 1 : 0);
  if (type === 'string') return (heap, value) => heap.newKindData(id, EthValueKind.STRING, heap.newString(value as string));
  return () => {
    throw new HostError(`unsupported ABI type ${type}`);
  };
}

/** An ethereum.Value read from WASM: its ABI type (ethabi's view of the token) and viem value. */
export interface ReadEthValue {
  param: AbiParameter;
  value: unknown;
}

export function readEthValue(heap: AscHeap, ptr: number): ReadEthValue {
  const kind = heap.i32(ptr);
  const data = heap.u32(ptr + 8);
  switch (kind) {
    case EthValueKind.ADDRESS:
      return { param: { type: 'address' }, value: bytesToHex(heap.readBytes(data)) };
    case EthValueKind.FIXED_BYTES: {
      const bytes = heap.readBytes(data);
      return { param: { type: `bytes${bytes.length}` }, value: bytesToHex(bytes) };
    }
    case EthValueKind.BYTES:
      return { param: { type: 'bytes' }, value: bytesToHex(heap.readBytes(data)) };
    case EthValueKind.INT:
      return { param: { type: 'int256' }, value: heap.readBigInt(data) };
    case EthValueKind.UINT:
      return { param: { type: 'uint256' }, value: heap.readBigInt(data) };
    case EthValueKind.BOOL:
      return { param: { type: 'bool' }, value: heap.u8(ptr + 8) !== 0 };
    case EthValueKind.STRING:
      return { param: { type: 'string' }, value: heap.readString(data) };
    case EthValueKind.FIXED_ARRAY:
    case EthValueKind.ARRAY: {
      const items = heap.readPtrArray(data).map((item) => readEthValue(heap, item));
      const first = items[0]?.param ?? { type: 'uint256' };
      const suffix = kind === EthValueKind.ARRAY ? '[]' : `[${items.length}]`;
      const param = { ...first, type: `${first.type}${suffix}` } as AbiParameter;
      return { param, value: items.map((item) => item.value) };
    }
    case EthValueKind.TUPLE: {
      const items = heap.readPtrArray(data).map((item) => readEthValue(heap, item));
      return {
        param: { type: 'tuple', components: items.map((item) => item.param) } as AbiParameter,
        value: items.map((item) => item.value),
      };
    }
    default:
      throw new HostError(`invalid ethereum.Value kind ${kind}`);
  }
}

/** ethabi's `Debug` of a token kind, for graph-node's type mismatch message. */
function kindName(param: ParamLike): string {
  const type = param.type;
  if (type.endsWith(']')) {
    const open = type.lastIndexOf('[');
    const inner = kindName({ type: type.slice(0, open), components: param.components });
    const size = type.slice(open + 1, -1);
    return size === '' ? `Array(${inner})` : `FixedArray(${inner}, ${size})`;
  }
  if (type === 'tuple') return `Tuple([${components(param).map(kindName).join(', ')}])`;
  if (type === 'address') return 'Address';
  if (type === 'bytes') return 'Bytes';
  if (type.startsWith('bytes')) return `FixedBytes(${type.slice(5)})`;
  if (type.startsWith('uint')) return `Uint(${type.slice(4) || '256'})`;
  if (type.startsWith('int')) return `Int(${type.slice(3) || '256'})`;
  if (type === 'bool') return 'Bool';
  if (type === 'string') return 'String';
  return type;
}

function tokenName(token: ReadEthValue): string {
  const type = token.param.type;
  if (type === 'address') return `Address(${String(token.value)})`;
  if (type === 'bytes' || type.startsWith('bytes')) {
    const bytes = [...Buffer.from(String(token.value).slice(2), 'hex')].join(', ');
    return `${type === 'bytes' ? 'Bytes' : 'FixedBytes'}([${bytes}])`;
  }
  return `${kindName(token.param).replace(/\(\d+\)$/, '')}(${String(token.value)})`;
}

function mismatch(token: ReadEthValue, param: ParamLike): HostError {
  return new HostError(`type mismatch, token ${tokenName(token)} is not of kind ${kindName(param)}`);
}

/**
 * An `ethereum.call` argument checked and encoded the way graph-node's ethabi does: the token kind
 * must match the ABI type (`type_check`), fixed bytes may be shorter than the type and are padded
 * with zeros on the right, and integers are encoded as full 256-bit words without a range check.
 * Returns the parameter type and value to encode with viem; throws a deterministic HostError.
 */
export function callArgument(param: ParamLike, token: ReadEthValue): { param: AbiParameter; value: unknown } {
  const type = param.type;
  const kind = token.param.type;
  if (type.endsWith(']')) {
    const open = type.lastIndexOf('[');
    const size = type.slice(open + 1, -1);
    const element: ParamLike = { type: type.slice(0, open), components: param.components };
    const items = token.value as unknown[];
    const wanted = size === '' ? /\[\]$/ : new RegExp(`\\[${size}\\]$`);
    if (!Array.isArray(items) || !wanted.test(kind)) throw mismatch(token, param);
    const innerParam = token.param as ParamLike;
    const elementToken = (value: unknown): ReadEthValue => ({
      param: { ...innerParam, type: kind.slice(0, kind.lastIndexOf('[')) } as AbiParameter,
      value,
    });
    const coerced = items.map((item) => callArgument(element, elementToken(item)));
    const elementParam = coerced[0]?.param ?? (callArgumentParam(element) as AbiParameter);
    return { param: { ...elementParam, type: `${elementParam.type}[${size}]` } as AbiParameter, value: coerced.map((c) => c.value) };
  }
  if (type === 'tuple') {
    const fields = components(param);
    const values = token.value as unknown[];
    const tokenFields = (token.param as ParamLike).components ?? [];
    if (kind !== 'tuple' || values.length !== fields.length) throw mismatch(token, param);
    const coerced = fields.map((field, i) => callArgument(field, { param: tokenFields[i]!, value: values[i] }));
    return { param: { type: 'tuple', components: coerced.map((c) => c.param) } as AbiParameter, value: coerced.map((c) => c.value) };
  }
  if (type.startsWith('bytes') && type !== 'bytes') {
    const size = Number(type.slice(5));
    const bytes = String(token.value).slice(2);
    if (!kind.startsWith('bytes') || kind === 'bytes' || bytes.length / 2 > size) throw mismatch(token, param);
    return { param: { type }, value: `0x${bytes.padEnd(size * 2, '0')}` };
  }
  if (type.startsWith('uint')) {
    if (!kind.startsWith('uint')) throw mismatch(token, param);
    const value = token.value as bigint;
    if (value < 0n || value >= 2n ** 256n) throw new HostError(`value ${value} does not fit a uint256 word`);
    return { param: { type: 'uint256' }, value };
  }
  if (type.startsWith('int')) {
    if (!kind.startsWith('int')) throw mismatch(token, param);
    const value = token.value as bigint;
    if (value < -(2n ** 255n) || value >= 2n ** 255n) throw new HostError(`value ${value} does not fit an int256 word`);
    return { param: { type: 'int256' }, value };
  }
  if (type !== kind) throw mismatch(token, param);
  return { param: { type }, value: token.value };
}

function callArgumentParam(param: ParamLike): ParamLike {
  if (param.type.startsWith('uint')) return { type: 'uint256' };
  if (param.type.startsWith('int')) return { type: 'int256' };
  return param;
}
