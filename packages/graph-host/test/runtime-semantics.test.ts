/** Load-time refusal of unsupported host functions and graph-node's BigDecimal / BigInt encodings. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ManifestError, UnsupportedHostFunctionsError, graphBigDecimal as bd, loadSubgraph } from '../src/runtime/index.js';
import { AscHeap, TypeId, bigIntToSignedLe, signedLeToBigInt } from '../src/runtime/asc.js';
import { emitterBuildDir, ensureFixturesBuilt, unsupportedBuildDir } from './fixtures/ensure-built.js';

const show = (text: string): string => bd.toString(bd.parse(text));

describe('loadSubgraph refuses unsupported host functions', () => {
  it('names arweave.transactionData when a mapping imports it', async () => {
    await ensureFixturesBuilt();
    const error = await loadSubgraph(unsupportedBuildDir).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnsupportedHostFunctionsError);
    expect((error as UnsupportedHostFunctionsError).missing).toEqual(['arweave.transactionData']);
    expect((error as Error).message).toContain('arweave.transactionData');
  }, 240_000);
});

describe('loadSubgraph refuses data source kinds it does not run, and malformed subgraph data sources', () => {
  const load = (manifest: unknown) =>
    loadSubgraph({ manifestText: stringify(manifest), resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(emitterBuildDir, ref))) });
  const emitterManifest = () => parse(readFileSync(path.join(emitterBuildDir, 'subgraph.yaml'), 'utf8')) as { dataSources: Record<string, unknown>[] };

  it('names the kinds it runs', async () => {
    await ensureFixturesBuilt();
    const other = emitterManifest();
    other.dataSources[0]!.kind = 'substreams';
    await expect(load(other)).rejects.toThrow('data source Emitter: kind substreams is not supported by this host (ethereum/contract, ethereum and subgraph data sources');
  });

  it('says what a `kind: subgraph` data source lacks (an ethereum data source relabelled has no entity handlers)', async () => {
    await ensureFixturesBuilt();
    const composed = emitterManifest();
    composed.dataSources[0]!.kind = 'subgraph';
    await expect(load(composed)).rejects.toThrow('data source Emitter: a subgraph data source needs mapping.handlers');
  });
});

describe('BigDecimal with graph-node semantics', () => {
  it('normalises: strips trailing zeros, plain notation, zero has no sign', () => {
    expect(show('1.50')).toBe('1.5');
    expect(show('100')).toBe('100');
    expect(show('1e3')).toBe('1000');
    expect(show('1.2E-7')).toBe('0.00000012');
    expect(show('-0.000')).toBe('0');
    expect(show('-12.3400')).toBe('-12.34');
    expect(bd.parse('1.50')).toEqual({ digits: 15n, scale: 1n });
    expect(bd.parse('1200')).toEqual({ digits: 12n, scale: -2n });
  });

  it('rounds to 34 significant digits (half-up for positives, truncation for negatives)', () => {
    expect(show('1.23456789012345678901234567890123449')).toBe('1.234567890123456789012345678901234');
    expect(show('1.23456789012345678901234567890123450')).toBe('1.234567890123456789012345678901235');
    expect(show('-9.876543210987654321098765432109876999')).toBe('-9.876543210987654321098765432109876');
    // bigdecimal 0.1 guesses the digit count of a negative value from its bit length without
    // correcting it, so some negative values keep a 35th digit (graph-node stores them that way).
    expect(show('-1.23456789012345678901234567890123459')).toBe('-1.2345678901234567890123456789012345');
    expect(show('99999999999999999999999999999999999')).toBe('100000000000000000000000000000000000');
  });

  it('divides like graph-node', () => {
    const div = (a: string, b: string): string => bd.toString(bd.div(bd.parse(a), bd.parse(b)));
    expect(div('1', '3')).toBe('0.3333333333333333333333333333333333');
    expect(div('2', '3')).toBe('0.6666666666666666666666666666666667');
    expect(div('-2', '3')).toBe('-0.66666666666666666666666666666666666');
    expect(div('-1', '8')).toBe('-0.125');
    expect(div('10', '4')).toBe('2.5');
    expect(div('7', '7')).toBe('1');
    expect(div('1', '1')).toBe('1');
    expect(() => bd.div(bd.parse('1'), bd.parse('0'))).toThrow(/divide by zero/);
  });

  it('adds, subtracts, multiplies exactly within 34 digits and compares by value', () => {
    expect(bd.toString(bd.add(bd.parse('0.1'), bd.parse('0.2')))).toBe('0.3');
    expect(bd.toString(bd.sub(bd.parse('1'), bd.parse('1.000')))).toBe('0');
    expect(bd.toString(bd.mul(bd.parse('1.5'), bd.parse('-2')))).toBe('-3');
    expect(bd.equals(bd.parse('1.50'), bd.parse('1.5'))).toBe(true);
    expect(bd.equals(bd.parse('1.51'), bd.parse('1.5'))).toBe(false);
  });

  it('builds from graph-ts {digits, exp}', () => {
    expect(bd.toString(bd.fromDigitsExp(12345n, -2n))).toBe('123.45');
    expect(bd.toString(bd.fromDigitsExp(5n, 3n))).toBe('5000');
  });
});

describe('loadSubgraph reads a graft', () => {
  it('as graph-node: base and block, a block that is not a block number refused', async () => {
    await ensureFixturesBuilt();
    const load = (graft: unknown) => {
      const manifest = parse(readFileSync(path.join(emitterBuildDir, 'subgraph.yaml'), 'utf8')) as Record<string, unknown>;
      manifest.features = ['grafting'];
      manifest.graft = graft;
      return loadSubgraph({
        manifestText: stringify(manifest),
        resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(emitterBuildDir, ref))),
      });
    };
    const loaded = await load({ base: 'QmTQbJ234d2Po7xKZS5wKPiYuMYsCAqqY4df5czESjEXn4', block: 2 });
    // Features a subgraph uses must be declared (graph-node's validation, its words).
    const undeclared = parse(readFileSync(path.join(emitterBuildDir, 'subgraph.yaml'), 'utf8')) as Record<string, unknown>;
    undeclared.graft = { base: 'QmTQbJ234d2Po7xKZS5wKPiYuMYsCAqqY4df5czESjEXn4', block: 2 };
    await expect(
      loadSubgraph({ manifestText: stringify(undeclared), resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(emitterBuildDir, ref))) }),
    ).rejects.toThrow('The feature `grafting` is used by the subgraph but it is not declared in the manifest.');
    expect(loaded.graft).toEqual({ base: 'QmTQbJ234d2Po7xKZS5wKPiYuMYsCAqqY4df5czESjEXn4', block: 2 });
    await expect(load({ base: 'QmTQbJ234d2Po7xKZS5wKPiYuMYsCAqqY4df5czESjEXn4', block: -1 })).rejects.toThrow(ManifestError);
  });
});

describe('loadSubgraph checks declared eth_calls (`calls:`) as graph-node', () => {
  const withCalls = (calls: unknown, specVersion = '1.3.0') => {
    const manifest = parse(readFileSync(path.join(emitterBuildDir, 'subgraph.yaml'), 'utf8')) as { specVersion: string; dataSources: { mapping: { eventHandlers: Record<string, unknown>[] } }[] };
    manifest.specVersion = specVersion;
    manifest.dataSources[0]!.mapping.eventHandlers[0]!.calls = calls;
    return loadSubgraph({ manifestText: stringify(manifest), resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(emitterBuildDir, ref))) });
  };

  it('accepts valid declarations (event params, struct fields, hex addresses) and refuses bad ones in graph-node\'s words', async () => {
    await ensureFixturesBuilt();
    const loaded = await withCalls({
      total: 'Emitter[event.address].total()',
      byParam: 'Emitter[event.params.from].label(event.params.amount)',
      structField: 'Emitter[0x00000000000000000000000000000000000000aa].total(event.params.info.who, event.params.info.0)',
    });
    expect(loaded.network).toBe('anvil');
    await expect(withCalls({ bad: 'Emitter.total()' })).rejects.toThrow('invalid call expression `Emitter.total()`');
    await expect(withCalls({ bad: 'Emitter[event.nope].total()' })).rejects.toThrow('invalid call argument `event.nope`');
    await expect(withCalls({ bad: 'Emitter[0x1234].total()' })).rejects.toThrow('invalid call argument `0x1234`');
    await expect(withCalls({ bad: 'Emitter[event.address].total(entity.id)' })).rejects.toThrow('Cannot mix Ethereum and Subgraph args in the same call expression');
    await expect(withCalls({ bad: 'Nope[event.address].total()' })).rejects.toThrow('No ABI entry with name `Nope` found');
    await expect(withCalls({ bad: 'Emitter[event.address].nope()' })).rejects.toThrow('Unknown function "Emitter::nope" called from WASM runtime');
    await expect(withCalls({ total: 'Emitter[event.address].total()' }, '1.1.0')).rejects.toThrow(
      'declaring eth calls on handlers is only supported for specVersion >= 1.2.0',
    );
  });
});

describe('BigInt encoding (signed little-endian two\'s complement, minimal)', () => {
  it('round-trips and matches num-bigint byte layouts', () => {
    expect([...bigIntToSignedLe(0n)]).toEqual([0]);
    expect([...bigIntToSignedLe(127n)]).toEqual([0x7f]);
    expect([...bigIntToSignedLe(128n)]).toEqual([0x80, 0x00]);
    expect([...bigIntToSignedLe(255n)]).toEqual([0xff, 0x00]);
    expect([...bigIntToSignedLe(-1n)]).toEqual([0xff]);
    expect([...bigIntToSignedLe(-128n)]).toEqual([0x80]);
    expect([...bigIntToSignedLe(-129n)]).toEqual([0x7f, 0xff]);
    for (const value of [0n, 1n, -1n, 2n ** 255n, -(2n ** 255n), 123456789012345678901234567890n, -987654321n]) {
      expect(signedLeToBigInt(bigIntToSignedLe(value))).toBe(value);
    }
    expect(signedLeToBigInt(new Uint8Array())).toBe(0n);
  });

  it('agrees with the byte-by-byte definition on edge and random values', () => {
    // The straightforward encoding (num-bigint's), as a reference for the fast one.
    const reference = (value: bigint): number[] => {
      if (value === 0n) return [0];
      const out: number[] = [];
      let v = value;
      for (;;) {
        const byte = Number(v & 0xffn);
        v >>= 8n;
        out.push(byte);
        if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) return out;
      }
    };
    const values: bigint[] = [];
    for (let bits = 0; bits <= 300; bits++) {
      const p = 1n << BigInt(bits);
      values.push(p, p - 1n, p + 1n, -p, -p + 1n, -p - 1n);
    }
    let seed = 12345n;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
      const magnitude = (seed * seed * seed) >> BigInt(Number(seed % 190n));
      values.push(i % 2 ? magnitude : -magnitude);
    }
    for (const value of values) {
      const bytes = bigIntToSignedLe(value);
      expect([...bytes]).toEqual(reference(value));
      expect(signedLeToBigInt(bytes)).toBe(value);
    }
  });

  it('AscHeap.newBigInt writes the same bytes into memory, from a BigInt or a safe integer, and readBigInt reads them back', () => {
    // A bump allocator that grows the memory page by page, so the heap's views go stale as in a handler.
    const memory = new WebAssembly.Memory({ initial: 1 });
    let top = 65536 - 1024;
    const allocate = (size: number) => {
      const ptr = top + 8;
      top = ptr + size + 8;
      if (top > memory.buffer.byteLength) memory.grow(1);
      return ptr;
    };
    const heap = new AscHeap(memory, allocate, new Map(Object.values(TypeId).filter((id) => typeof id === 'number').map((id) => [id as number, id as number])));
    const values: bigint[] = [];
    for (let bits = 0; bits <= 60; bits++) {
      const p = 1n << BigInt(bits);
      values.push(p, p - 1n, p + 1n, -p, -p + 1n, -p - 1n);
    }
    values.push(2n ** 255n, -(2n ** 255n), 123456789012345678901234567890n);
    for (const value of values) {
      const expected = [...bigIntToSignedLe(value)];
      const fromBigInt = heap.newBigInt(value);
      expect([...heap.readBytes(fromBigInt)]).toEqual(expected);
      expect(heap.readBigInt(fromBigInt)).toBe(value);
      if (Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value) {
        const fromNumber = heap.newBigInt(Number(value));
        expect([...heap.readBytes(fromNumber)]).toEqual(expected);
        expect(heap.readBigInt(fromNumber)).toBe(value);
      }
    }
    expect(memory.buffer.byteLength).toBeGreaterThan(65536);
    // A number that is not an integer is refused as BigInt() refuses it, not truncated.
    expect(() => heap.newBigInt(1.5)).toThrow(RangeError);
  });
});

describe('AscHeap.readString', () => {
  /** Writes `text` as an AssemblyScript string at `ptr` (payload size at ptr - 4). */
  const writeString = (memory: WebAssembly.Memory, ptr: number, text: string) => {
    new DataView(memory.buffer).setUint32(ptr - 4, text.length * 2, true);
    for (let i = 0; i < text.length; i++) new DataView(memory.buffer).setUint16(ptr + i * 2, text.charCodeAt(i), true);
  };

  it('reads what memory holds now when an address is reused (short strings are remembered by address)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new AscHeap(memory, () => 0, new Map());
    const ptr = 64;
    for (const text of ['weight', 'weight', 'height', 'weigh', 'weights', '', 'w\u0000eight', 'weight', 'x'.repeat(32), 'y'.repeat(40)]) {
      writeString(memory, ptr, text);
      expect(heap.readString(ptr)).toBe(text.replace(/\u0000/g, ''));
    }
    // After the memory grows (the old buffer is detached), the same address still reads right.
    memory.grow(1);
    writeString(memory, ptr, 'labelHash');
    expect(heap.readString(ptr)).toBe('labelHash');
    writeString(memory, ptr, 'labelHasH');
    expect(heap.readString(ptr)).toBe('labelHasH');
  });
});
