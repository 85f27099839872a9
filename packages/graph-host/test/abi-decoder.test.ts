/**
 * The compiled event decoders against viem's decodeAbiParameters (what the runtime used before):
 * the same values for every well-formed log of many ABI shapes, and the same refusals for broken
 * data (truncated, bad offsets, dirty booleans, invalid hex). Values are compared as the runtime
 * writes them into WASM: addresses and hex case-insensitively, tuples positionally.
 */
import { describe, expect, it } from 'vitest';
import { decodeAbiParameters, encodeAbiParameters, keccak256, toHex, type AbiEvent, type AbiParameter, type Hex } from 'viem';
import { eventDecoder } from '../src/runtime/abi-decoder.js';
import type { RpcLog } from '../src/types.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHAPES: AbiParameter[][] = [
  [{ name: 'a', type: 'uint256' }, { name: 'b', type: 'int256' }, { name: 'c', type: 'bool' }],
  [{ name: 'small', type: 'uint8' }, { name: 'mid', type: 'int48' }, { name: 'wide', type: 'uint64' }, { name: 's', type: 'int16' }],
  [{ name: 'who', type: 'address' }, { name: 'tag', type: 'bytes32' }, { name: 'short', type: 'bytes4' }],
  [{ name: 'note', type: 'string' }, { name: 'data', type: 'bytes' }, { name: 'n', type: 'uint256' }],
  [{ name: 'values', type: 'uint256[]' }, { name: 'fixed', type: 'uint8[3]' }, { name: 'names', type: 'string[]' }],
  [
    {
      name: 'info',
      type: 'tuple',
      components: [
        { name: 'who', type: 'address' },
        { name: 'weight', type: 'uint64' },
      ],
    },
    { name: 'label', type: 'string' },
  ],
  [
    {
      name: 'items',
      type: 'tuple[]',
      components: [
        { name: 'id', type: 'uint256' },
        { name: 'note', type: 'string' },
        { name: 'flags', type: 'bool[]' },
      ],
    },
  ],
  [{ name: 'grid', type: 'uint256[2][]' }, { name: 'words', type: 'bytes[2]' }, { name: 'unnamed', type: 'tuple', components: [{ type: 'int8' }, { type: 'string' }] }],
];

function randomValue(param: AbiParameter, next: () => number): unknown {
  const type = param.type;
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    const length = array[2] === '' ? Math.floor(next() * 4) : Number(array[2]);
    return Array.from({ length }, () => randomValue({ ...param, type: array[1]! } as AbiParameter, next));
  }
  if (type === 'tuple') {
    const components = (param as { components: readonly AbiParameter[] }).components;
    return components.map((c) => randomValue(c, next));
  }
  const bytes = (n: number) => toHex(Uint8Array.from({ length: n }, () => Math.floor(next() * 256)));
  if (type === 'address') return bytes(20);
  if (type === 'bool') return next() < 0.5;
  if (type === 'string') return ['', 'a', 'héllo wörld', '𝄞 music', 'x'.repeat(70)][Math.floor(next() * 5)]!;
  if (type === 'bytes') return bytes(Math.floor(next() * 70));
  if (type.startsWith('bytes')) return bytes(Number(type.slice(5)));
  const m = /^(u?)int(\d*)$/.exec(type)!;
  const bits = Number(m[2] || 256);
  const unsigned = m[1] === 'u';
  let value = 0n;
  for (let i = 0; i < bits / 8; i++) value = (value << 8n) | BigInt(Math.floor(next() * 256));
  if (!unsigned) value -= 1n << BigInt(bits - 1);
  return bits > 48 ? value : Number(value);
}

/** A value as the runtime consumes it: hex lowercased, tuples positional, ≤ 48-bit ints as numbers. */
function normalise(param: AbiParameter, value: unknown): unknown {
  const array = /^(.*)\[(\d*)\]$/.exec(param.type);
  if (array) return (value as unknown[]).map((v) => normalise({ ...param, type: array[1]! } as AbiParameter, v));
  if (param.type === 'tuple') {
    const components = (param as { components: readonly AbiParameter[] }).components;
    return components.map((c, i) => normalise(c, Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[c.name ?? i]));
  }
  // The compiled decoders give address/bytes values as bytes where viem gives hex.
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  return typeof value === 'string' && value.startsWith('0x') ? value.toLowerCase() : value;
}

function eventOf(inputs: AbiParameter[], indexed: number[] = []): AbiEvent {
  return { type: 'event', name: 'E', inputs: inputs.map((input, i) => ({ ...input, indexed: indexed.includes(i) })) } as AbiEvent;
}

function logOf(data: Hex, topics: Hex[] = []): RpcLog {
  return {
    address: '0x0000000000000000000000000000000000000001',
    topics: [keccak256(toHex('E')), ...topics],
    data,
    blockNumber: '0x1',
    blockHash: `0x${'11'.repeat(32)}`,
    transactionHash: `0x${'22'.repeat(32)}`,
    transactionIndex: '0x0',
    logIndex: '0x0',
    removed: false,
  } as RpcLog;
}

/** What the runtime did with viem, normalised; null when viem refused the data. */
function viemReference(inputs: AbiParameter[], data: Hex): unknown[] | null {
  try {
    return decodeAbiParameters(inputs, data).map((v, i) => normalise(inputs[i]!, v));
  } catch {
    return null;
  }
}

function compiled(event: AbiEvent, log: RpcLog): unknown[] | null {
  const out = eventDecoder(event)(log);
  return out ? out.map(({ param, value }) => normalise(param, value)) : null;
}

describe('compiled event decoders', () => {
  it('decode every shape exactly as viem does', () => {
    const next = random(1);
    for (const shape of SHAPES) {
      const event = eventOf(shape);
      for (let n = 0; n < 60; n++) {
        const values = shape.map((p) => randomValue(p, next));
        const data = encodeAbiParameters(shape, values as never);
        const expected = viemReference(shape, data);
        expect(expected).not.toBeNull();
        expect(compiled(event, logOf(data))).toEqual(expected);
      }
    }
  });

  it('refuse and accept broken data like viem (truncation, flipped bytes, invalid hex)', () => {
    const next = random(7);
    let refused = 0;
    for (const shape of SHAPES) {
      const event = eventOf(shape);
      for (let n = 0; n < 150; n++) {
        const values = shape.map((p) => randomValue(p, next));
        let data = encodeAbiParameters(shape, values as never).slice(2);
        const mutation = Math.floor(next() * 5);
        if (mutation === 0) data = data.slice(0, Math.floor((next() * data.length) / 2) * 2);
        else if (mutation === 1) {
          // Overwrite one byte inside a head word: offsets, lengths, booleans, small ints.
          const at = Math.floor(next() * Math.min(data.length / 2, 128));
          data = `${data.slice(0, at * 2)}${Math.floor(next() * 256).toString(16).padStart(2, '0')}${data.slice(at * 2 + 2)}`;
        } else if (mutation === 4) {
          // Set the last byte of a word: dirty booleans, out-of-range small integers, huge lengths.
          const words = data.length / 64;
          const at = (Math.floor(next() * words) * 32 + 31) * 2;
          data = `${data.slice(0, at)}${Math.floor(next() * 256).toString(16).padStart(2, '0')}${data.slice(at + 2)}`;
        } else if (mutation === 2) data = `${data}${'00'.repeat(Math.floor(next() * 40))}`;
        else data = `${data.slice(0, 10)}zz${data.slice(12)}`;
        const hex = `0x${data}` as Hex;
        const expected = viemReference(shape, hex);
        if (expected === null) refused++;
        expect(compiled(event, logOf(hex)), `${JSON.stringify(shape)} ${hex}`).toEqual(expected);
      }
    }
    // The mutations must have produced both outcomes, or the test proves nothing.
    expect(refused).toBeGreaterThan(50);
  });

  it('decode integers at the small-value and safe-integer boundaries exactly as viem does', () => {
    const around = (v: bigint) => [v - 2n, v - 1n, v, v + 1n];
    const magnitudes = [0n, 1n, 127n, 128n, 255n, 256n, 65_536n, 1n << 31n, 1n << 32n, 1n << 47n, 1n << 48n, 1n << 53n, 1n << 64n, 1n << 255n];
    const candidates = magnitudes.flatMap(around).flatMap((v) => [v, -v]);
    for (const type of ['uint256', 'int256', 'uint48', 'int48', 'uint64', 'int64', 'uint8', 'int8', 'uint40', 'int40'] as const) {
      const bits = Number(type.replace(/^u?int/, ''));
      const signed = type.startsWith('int');
      const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
      const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
      const shape: AbiParameter[] = [{ name: 'v', type }, { name: 'data', type: 'bytes' }];
      const event = eventOf(shape);
      for (const v of candidates.filter((c) => c >= min && c <= max)) {
        const data = encodeAbiParameters(shape, [bits > 48 ? v : Number(v), '0x1234'] as never);
        expect(compiled(event, logOf(data)), `${type} ${v}`).toEqual(viemReference(shape, data));
      }
    }
    // Offsets and lengths around 2^53: viem refuses an unsafe one; so must the compiled decoder.
    const shape: AbiParameter[] = [{ name: 'data', type: 'bytes' }];
    for (const offset of around(1n << 53n)) {
      const data = `0x${offset.toString(16).padStart(64, '0')}${'00'.repeat(64)}` as Hex;
      expect(compiled(eventOf(shape), logOf(data)), String(offset)).toEqual(viemReference(shape, data));
    }
  });

  it('decode indexed parameters from topics (static decoded, dynamic kept as the topic hash)', () => {
    const inputs: AbiParameter[] = [
      { name: 'from', type: 'address' },
      { name: 'label', type: 'string' },
      { name: 'amount', type: 'uint256' },
      { name: 'ok', type: 'bool' },
    ];
    const event = eventOf(inputs, [0, 1, 3]);
    const from = `0x${'00'.repeat(12)}${'ab'.repeat(20)}` as Hex;
    const label = keccak256(toHex('hello'));
    const ok = `0x${'00'.repeat(31)}01` as Hex;
    const data = encodeAbiParameters([{ type: 'uint256' }], [12345n]);
    const out = eventDecoder(event)(logOf(data, [from, label, ok]))!;
    expect(out.map((o) => o.param.type)).toEqual(['address', 'bytes32', 'uint256', 'bool']);
    expect(out.map((o) => normalise(o.param, o.value))).toEqual([`0x${'ab'.repeat(20)}`, label, 12345n, true]);
    expect([...(out[0]!.value as Uint8Array)]).toEqual(Array(20).fill(0xab));
    // A dirty boolean topic is refused, as viem refuses it.
    expect(eventDecoder(event)(logOf(data, [from, label, `0x${'00'.repeat(31)}02`]))).toBeNull();
  });
});
