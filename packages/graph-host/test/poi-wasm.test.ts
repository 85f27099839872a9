/**
 * The WebAssembly proof-of-indexing hasher (assembly/poi) against independent implementations:
 * xxh3-128 against @node-rs/xxhash (the xxHash C library) for every input-length path, and event
 * hashing against the BigInt FastStableHasher reference (test/helpers/poi-reference.ts) on random
 * events of every value kind. graph-node's own vectors are in poi-hash.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addressBytes, hashEventInto, xxh3_128, type PoiEvent } from '../src/poi/event-hasher.js';
import { FastStableHasher, addressOf, child } from '../src/poi/stable-hash.js';
import type { Value } from '../src/types.js';
import { hashEvent } from './helpers/poi-reference.js';

const { xxh3 } = createRequire(import.meta.url)('@node-rs/xxhash') as typeof import('@node-rs/xxhash');
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(next: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

function randomBigInt(next: () => number, bits: number): bigint {
  let value = 0n;
  for (let i = 0; i < bits; i += 32) value = (value << 32n) | BigInt(Math.floor(next() * 2 ** 32));
  return BigInt.asUintN(bits, value) * (next() < 0.3 ? -1n : 1n);
}

const STRINGS = ['', 'a', 'Tagged', 'ü€😀', 'x'.repeat(240), 'y'.repeat(241), 'z'.repeat(1500), '\u{10FFFF}end'];

function randomValue(next: () => number, depth = 0): Value {
  const pick = Math.floor(next() * (depth < 2 ? 11 : 10));
  switch (pick) {
    case 0:
      return { kind: 'Null' };
    case 1:
      return { kind: 'String', value: STRINGS[Math.floor(next() * STRINGS.length)]! + String(Math.floor(next() * 1000)) };
    case 2:
      return { kind: 'Int', value: [0, 1, -1, 255, 256, 2 ** 31 - 1, -(2 ** 31)][Math.floor(next() * 7)]! };
    case 3:
      return { kind: 'BigInt', value: randomBigInt(next, [8, 53, 54, 64, 256, 1024][Math.floor(next() * 6)]!) };
    case 4:
      return { kind: 'Int8', value: randomBigInt(next, 63) };
    case 5:
      return { kind: 'Timestamp', value: BigInt(Math.floor(next() * 2 ** 52)) };
    case 6:
      return { kind: 'Bool', value: next() < 0.5 };
    case 7:
      return { kind: 'Bytes', value: randomBytes(next, Math.floor(next() * 300)) };
    case 8:
      return { kind: 'BigDecimal', value: ['0', '1', '-1.5', '123.456', '1e-30', '-98765432109876543210.0123456789'][Math.floor(next() * 6)]! };
    case 9:
      return { kind: 'Bytes', value: randomBytes(next, 20) };
    default:
      return { kind: 'Array', value: Array.from({ length: Math.floor(next() * (next() < 0.05 ? 300 : 5)) }, () => randomValue(next, depth + 1)) };
  }
}

function randomEvent(next: () => number): PoiEvent {
  const pick = next();
  if (pick < 0.1) return { kind: 'DeterministicError', redactedEvents: Math.floor(next() * 70_000) };
  const entityType = STRINGS[Math.floor(next() * STRINGS.length)]!;
  const id = next() < 0.5 ? `0x${Buffer.from(randomBytes(next, 20)).toString('hex')}` : String(Math.floor(next() * 1e9));
  if (pick < 0.25) return { kind: 'RemoveEntity', entityType, id };
  const data = new Map<string, Value>();
  const attributes = Math.floor(next() * 12);
  for (let i = 0; i < attributes; i++) data.set(i === 0 && next() < 0.2 ? '' : `field${i}${STRINGS[Math.floor(next() * 4)]}`, randomValue(next));
  return { kind: 'SetEntity', entityType, id, data };
}

describe('WebAssembly proof-of-indexing hasher', { timeout: 120_000 }, () => {
  it('the embedded module is the build of assembly/ (scripts/build-wasm.mjs --check)', () => {
    expect(() => execFileSync(process.execPath, [path.join(packageRoot, 'scripts', 'build-wasm.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('xxh3-128 equals the xxHash library for every length path (0..1100 bytes, edge seeds)', () => {
    const next = random(1);
    const seeds = [0n, 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, 0x9e3779b185ebca87n];
    for (let length = 0; length <= 1100; length++) {
      const data = randomBytes(next, length);
      for (const seed of length % 7 === 0 ? seeds : [seeds[length % seeds.length]!]) {
        expect(xxh3_128(data, seed), `length ${length}, seed ${seed}`).toBe(xxh3.xxh128(data, seed));
      }
    }
    // strings are hashed as their UTF-8
    for (const text of STRINGS) expect(xxh3_128(text, 42n)).toBe(xxh3.xxh128(Buffer.from(text, 'utf8'), 42n));
  });

  it('event hashes equal the BigInt reference on 3,000 random events of every kind', () => {
    const next = random(7);
    for (let i = 0; i < 3000; i++) {
      // block numbers up to 2^31, so field addresses use all 128 bits
      const block = i % 3 === 0 ? Math.floor(next() * 2 ** 31) : i;
      const events = addressOf([1, 0, block, 0]);
      const index = Math.floor(next() * 70_000);
      const event = randomEvent(next);
      const reference = new FastStableHasher();
      hashEvent(reference, child(events, index), event);
      const state = new FastStableHasher().toBytes();
      hashEventInto(state, addressBytes(events), index, event);
      expect(Buffer.from(state).toString('hex'), `event ${i}: ${JSON.stringify(event, (_, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : v))}`).toBe(
        Buffer.from(reference.toBytes()).toString('hex'),
      );
    }
  });

  it('events mix into a running state as the reference does (order-independent, counted)', () => {
    const next = random(11);
    const events = addressOf([1, 0, 5, 0]);
    const reference = new FastStableHasher();
    const state = new FastStableHasher().toBytes();
    const batch = Array.from({ length: 200 }, () => randomEvent(next));
    batch.forEach((event, index) => hashEvent(reference, child(events, index), event));
    // the WebAssembly side in reverse order: FldMix is commutative
    for (let index = batch.length - 1; index >= 0; index--) hashEventInto(state, addressBytes(events), index, batch[index]!);
    expect(Buffer.from(state).toString('hex')).toBe(Buffer.from(reference.toBytes()).toString('hex'));
  });
});
