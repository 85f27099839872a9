/** Conversions between viem ABI values and graph-ts `ethereum.Value` objects in WASM memory. */
import { bytesToHex, type AbiParameter } from 'viem';
import { AscHeap, TypeId } from './asc.js';

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

/** viem's decoders return well-formed hex; Buffer decoding is much faster than viem's hexToBytes. */
function hexToBytes(hex: `0x${string}`): Uint8Array {
  return Buffer.from(hex.slice(2), 'hex');
}

type ParamLike = { type: string; components?: readonly AbiParameter[] };

function components(param: ParamLike): readonly AbiParameter[] {
  return param.components ?? [];
}

/** Writes a decoded ABI value (viem representation) as an ethereum.Value. */
export function writeEthValue(heap: AscHeap, param: ParamLike, value: unknown): number {
  const type = param.type;
  if (type.endsWith(']')) {
    const open = type.lastIndexOf('[');
    const size = type.slice(open + 1, -1);
    const element: ParamLike = { type: type.slice(0, open), components: param.components };
    const items = (value as readonly unknown[]).map((item) => writeEthValue(heap, element, item));
    const array = heap.newPtrArray(TypeId.ArrayEthereumValue, items);
    return heap.newKindData(TypeId.EthereumValue, size === '' ? EthValueKind.ARRAY : EthValueKind.FIXED_ARRAY, array);
  }
  if (type === 'tuple') {
    const fields = components(param);
    const items = fields.map((field, index) => {
      const fieldValue = Array.isArray(value)
        ? (value as unknown[])[index]
        : (value as Record<string, unknown>)[field.name ?? String(index)];
      return writeEthValue(heap, field, fieldValue);
    });
    return heap.newKindData(TypeId.EthereumValue, EthValueKind.TUPLE, heap.newPtrArray(TypeId.ArrayEthereumValue, items));
  }
  if (type === 'address') {
    return heap.newKindData(TypeId.EthereumValue, EthValueKind.ADDRESS, heap.newBytes(hexToBytes(value as `0x${string}`)));
  }
  if (type === 'bytes') {
    return heap.newKindData(TypeId.EthereumValue, EthValueKind.BYTES, heap.newBytes(hexToBytes(value as `0x${string}`)));
  }
  if (type.startsWith('bytes')) {
    return heap.newKindData(TypeId.EthereumValue, EthValueKind.FIXED_BYTES, heap.newBytes(hexToBytes(value as `0x${string}`)));
  }
  if (type.startsWith('int')) {
    return heap.newKindData(TypeId.EthereumValue, EthValueKind.INT, heap.newBigInt(BigInt(value as bigint | number)));
  }
  if (type.startsWith('uint')) {
    return heap.newKindData(TypeId.EthereumValue, EthValueKind.UINT, heap.newBigInt(BigInt(value as bigint | number)));
  }
  if (type === 'bool') return heap.newKindData(TypeId.EthereumValue, EthValueKind.BOOL, value ? 1 : 0);
  if (type === 'string') return heap.newKindData(TypeId.EthereumValue, EthValueKind.STRING, heap.newString(value as string));
  throw new Error(`unsupported ABI type ${type}`);
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
      throw new Error(`invalid ethereum.Value kind ${kind}`);
  }
}
