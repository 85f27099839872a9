import { blake3 as nobleBlake3 } from '@noble/hashes/blake3';
import { describe, expect, it } from 'vitest';
import { blake3, blake3Digits } from '../src/poi/blake3.js';
import { SeqNo, SetHasher } from '../src/poi/legacy.js';
import { ProofOfIndexing, finishProofOfIndexing, proofOfIndexingVersion } from '../src/poi/poi.js';
import type { Value } from '../src/types.js';
import { cases, data, dataEmpty, repeat, set, str, type Block, type Case } from './helpers/poi-vectors.js';
import { bigDecimal, bytes, referenceLegacyPoi, struct } from './helpers/poi-reference-legacy.js';

/**
 * graph-node's Legacy proof of indexing (spec version < 0.0.6). Test vectors: the inputs and expected
 * `legacy` hashes of graph-node's graph/src/components/subgraph/proof_of_indexing/mod.rs
 * `online_vs_reference` test (the same cases as poi-hash.test.ts's Fast ones). Each case is checked
 * twice, as graph-node does: the online computation (block by block, the `Poi$` digests kept between
 * blocks) and a reference computation of the whole `PoI` struct must both give the expected hash.
 * Also graph-node's other `stable_hash_legacy` + SetHasher vectors: scalar/bigdecimal.rs
 * `big_decimal_stable` and data/store/mod.rs `key_stable_hash` (EntityKey).
 */

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The online computation, as graph-node's test and its runner do it (digests kept like the `Poi$` entity). */
function online(c: Case): string {
  const db = new Map<string, Uint8Array>();
  const blockCount = c.regions.size > 0 ? [...c.regions.values()][0]!.length : 1;
  for (let block = 0; block < blockCount; block++) {
    const poi = new ProofOfIndexing(block, undefined, 'legacy');
    for (const [name, blocks] of c.regions) for (const event of blocks[block]!) poi.write(name, event);
    for (const [name, digest] of poi.digests((region) => db.get(region) ?? null)) db.set(name, digest);
  }
  const request = { deployment: c.subgraphId, blockNumber: blockCount - 1, blockHash: c.blockHash, indexer: c.indexer, regions: db };
  return hex(finishProofOfIndexing({ ...request, version: 'legacy' }));
}

/** reference.rs: the whole PoI struct hashed at once. */
const reference = (c: Case): string => hex(referenceLegacyPoi(c.regions, c.subgraphId, c.blockHash, c.indexer));

describe('legacy proof of indexing hasher (graph-node test vectors)', { timeout: 120_000 }, () => {
  for (const c of cases) {
    it(`${c.name}: online and reference computations give graph-node's legacy hash`, () => {
      expect(reference(c)).toBe(c.legacy);
      expect(online(c)).toBe(c.legacy);
    });
  }

  it("graph-node's BigDecimal vectors (scalar/bigdecimal.rs big_decimal_stable): exponent at a child, digits with their sign", () => {
    const vectors: [string, string][] = [
      ['28b09c9c3f3e2fe037631b7fbccdf65c37594073016d8bf4bb0708b3fda8066a', '0.1'],
      ['74fb39f038d2f1c8975740bf2651a5ac0403330ee7e9367f9563cbd7d21086bd', '-0.1'],
      ['1d79e0476bc5d6fe6074fb54636b04fd3bc207053c767d9cb5e710ba5f002441', '198.98765544'],
      ['e63f6ad2c65f193aa9eba18dd7e1043faa2d6183597ba84c67765aaa95c95351', '0.00000093937698'],
      ['6b06b34cc714810072988dc46c493c66a6b6c2c2dd0030271aa3adf3b3f21c20', '98765587998098786876.0'],
    ];
    for (const [expected, text] of vectors) {
      const state = new SetHasher();
      bigDecimal(text)(state, SeqNo.root());
      expect(hex(state.finish()), text).toBe(expected);
    }
  });

  it("graph-node's EntityKey vector (data/store/mod.rs key_stable_hash): a DeploymentHash and two strings", () => {
    const state = new SetHasher();
    struct(struct(bytes('QmP9MRvVzwHxr3sGvujihbvJzcTz2LYLMfi5DyihBg6VUd')), bytes('Account'), bytes('0xdeadbeef'))(state, SeqNo.root());
    expect(hex(state.finish())).toBe('905b57035d6f98cff8281e7b055e10570a2bd31190507341c6716af2d3c1ad98');
  });

  it('every case hashes differently, and the indexer and block hash count', () => {
    const all = cases.map(online);
    expect(new Set(all).size).toBe(all.length);
    const one = cases[1]!;
    expect(online({ ...one, indexer: null })).not.toBe(one.legacy);
    expect(online({ ...one, blockHash: repeat(2, 32) })).not.toBe(one.legacy);
  });

  it('online equals the reference for every value kind, deterministic errors, handlers and several regions', () => {
    const values: [string, Value][] = [
      ['id', str('x')],
      ['empty', str('')],
      ['negative', { kind: 'Int', value: -7 }],
      ['zero', { kind: 'Int', value: 0 }],
      ['big', { kind: 'BigInt', value: -(2n ** 200n) + 3n }],
      ['int8', { kind: 'Int8', value: 2n ** 40n }],
      ['when', { kind: 'Timestamp', value: 1_700_000_000_000_000n }],
      ['price', { kind: 'BigDecimal', value: '-12.3400' }],
      ['yes', { kind: 'Bool', value: true }],
      ['no', { kind: 'Bool', value: false }],
      ['raw', { kind: 'Bytes', value: Uint8Array.of(0, 1, 2, 0xff) }],
      ['list', { kind: 'Array', value: [{ kind: 'Int', value: 1 }, { kind: 'Null' }, { kind: 'Array', value: [str('a'), { kind: 'BigDecimal', value: '0.5' }] }] }],
      ['gone', { kind: 'Null' }],
    ];
    const regions = new Map<string, Block[]>([
      [
        'ethereum/anvil',
        [
          [set('A', values), { kind: 'RemoveEntity', entityType: 'A', id: 'x' }],
          [],
          [{ kind: 'DeterministicError', redactedEvents: 2 }, set('B', dataEmpty), { kind: 'DeterministicError', redactedEvents: 0 }],
        ],
      ],
      ['ethereum/other', [[], [set('C', data)], []]],
    ]);
    const c: Case = { name: 'kinds', fast: '', legacy: '', subgraphId: 'QmLegacy', blockHash: repeat(9, 32), indexer: repeat(7, 20), regions };
    const poi = online(c);
    expect(poi).toBe(reference(c));
    // A changed value, a value's kind, or an event's order within a block changes the PoI.
    const changed = (edit: (v: [string, Value][]) => [string, Value][]): Case => ({
      ...c,
      regions: new Map([...regions].map(([name, blocks]) => [name, blocks.map((events) => events.map((e) => (e.kind === 'SetEntity' && e.entityType === 'A' ? { ...e, data: edit(values) } : e)))])),
    });
    expect(online(changed((v) => v.map(([k, x]) => [k, k === 'negative' ? { kind: 'Int', value: 7 } : x])))).not.toBe(poi);
    expect(online(changed((v) => v.map(([k, x]) => [k, k === 'int8' ? { kind: 'BigInt', value: 2n ** 40n } : x])))).not.toBe(poi);
    const swapped = new Map(regions);
    swapped.set('ethereum/anvil', [[...regions.get('ethereum/anvil')![0]!].reverse(), [], regions.get('ethereum/anvil')![2]!]);
    expect(online({ ...c, regions: swapped })).not.toBe(poi);
    // Field order within an entity does not count (an unordered set), as in graph-node.
    expect(online(changed((v) => [...v].reverse()))).toBe(poi);
  });

  it("the one-chunk BLAKE3 equals @noble/hashes' for every input length up to past a chunk, hashes and SetHasher digits", () => {
    const le = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`);
    for (let length = 0; length <= 1100; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(blake3(bytes)), `length ${length}`).toBe(hex(nobleBlake3(bytes)));
      // A write: path || 0 || payload, 256 bytes of output, little endian.
      const path = bytes.subarray(0, length % 7);
      const payload = bytes.subarray(length % 7);
      const joined = new Uint8Array(length + 1);
      joined.set(path);
      joined.set(payload, path.length + 1);
      expect(blake3Digits(path, payload), `length ${length}`).toBe(le(nobleBlake3(joined, { dkLen: 256 })));
    }
    for (const text of ['', 'id', 'ünïcödé 🦀', 'x'.repeat(1023), 'y'.repeat(3000)]) {
      const joined = new Uint8Array([1, 2, 0, ...new TextEncoder().encode(text)]);
      expect(blake3Digits(Uint8Array.of(1, 2), text), text.slice(0, 10)).toBe(le(nobleBlake3(joined, { dkLen: 256 })));
    }
  });

  it("grafts across spec version 0.0.6: the finishers read each region digest by its length (graph-node's Hashers::from_bytes)", () => {
    // A Legacy deployment's block: its region digest (a SetHasher state, not 32 bytes).
    const legacy = new ProofOfIndexing(0, undefined, 'legacy');
    legacy.write('eth', set('t', data));
    const legacyDigest = legacy.digests(() => null).get('eth')!;
    expect(legacyDigest.length).not.toBe(32);
    const fast = new ProofOfIndexing(0);
    fast.write('eth', set('t', data));
    const fastDigest = fast.digests(() => null).get('eth')!;
    const request = (regions: [string, Uint8Array][]) => ({ deployment: 'QmGraft', blockNumber: 3, blockHash: repeat(5, 32), indexer: null, regions });
    // A Fast deployment grafted onto a Legacy base answers with the base's Legacy region finished the Legacy way.
    const mixed = hex(finishProofOfIndexing({ ...request([['eth', legacyDigest]]), version: 'fast' }));
    expect(mixed).toMatch(/^[0-9a-f]{64}$/);
    expect(mixed).not.toBe(hex(finishProofOfIndexing({ ...request([['eth', fastDigest]]), version: 'fast' })));
    // A Legacy deployment grafted onto a Fast base: a 32-byte digest is a Fast region. The same number
    // as a 33-byte SetHasher state (a trailing zero) is a Legacy region, and another PoI.
    const asFast = hex(finishProofOfIndexing({ ...request([['eth', fastDigest]]), version: 'legacy' }));
    const asLegacy = hex(finishProofOfIndexing({ ...request([['eth', Uint8Array.from([...fastDigest, 0])]]), version: 'legacy' }));
    expect(asFast).not.toBe(asLegacy);
    // The Fast online hasher starts a region afresh after a Legacy digest (graph-node's conversion is not modelled).
    const after = (previous: Uint8Array | null) => {
      const poi = new ProofOfIndexing(4);
      poi.write('eth', set('t', dataEmpty));
      return hex(poi.digests(() => previous).get('eth')!);
    };
    expect(after(legacyDigest)).toBe(after(null));
    expect(after(fastDigest)).not.toBe(after(null));
  });

  it('the version follows the spec version as graph-node: Legacy below 0.0.6', () => {
    expect(proofOfIndexingVersion('0.0.4')).toBe('legacy');
    expect(proofOfIndexingVersion('0.0.5')).toBe('legacy');
    expect(proofOfIndexingVersion('0.0.6')).toBe('fast');
    expect(proofOfIndexingVersion('1.3.0')).toBe('fast');
  });
});
