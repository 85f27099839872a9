import { describe, expect, it } from 'vitest';
import { ProofOfIndexing, finishProofOfIndexing } from '../src/poi/poi.js';
import { FastStableHasher, ROOT, child } from '../src/poi/stable-hash.js';
import { cases, repeat, type Case } from './helpers/poi-vectors.js';
import { referencePoi } from './helpers/poi-reference.js';

/**
 * Test vectors: the inputs and expected `fast` hashes of graph-node's
 * graph/src/components/subgraph/proof_of_indexing/mod.rs `online_vs_reference` test. Each case is
 * checked twice, as graph-node does: the online computation (block by block, digests kept between
 * blocks like the `Poi$` entity) and a reference computation of the whole `PoI` struct
 * (reference.rs) must both give the expected hash.
 */

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The online computation, as graph-node's test and its runner do it. */
function online(c: Case): string {
  const db = new Map<string, Uint8Array>();
  const blockCount = c.regions.size > 0 ? [...c.regions.values()][0]!.length : 1;
  for (let block = 0; block < blockCount; block++) {
    const poi = new ProofOfIndexing(block);
    for (const [name, blocks] of c.regions) for (const event of blocks[block]!) poi.write(name, event);
    for (const [name, digest] of poi.digests((region) => db.get(region) ?? null)) db.set(name, digest);
  }
  return hex(finishProofOfIndexing({ deployment: c.subgraphId, blockNumber: blockCount - 1, blockHash: c.blockHash, indexer: c.indexer, regions: db }));
}

/** reference.rs: the whole PoI struct hashed at once. */
const reference = (c: Case): string => hex(referencePoi(c.regions, c.subgraphId, c.blockHash, c.indexer));

describe('proof of indexing hasher (graph-node test vectors)', { timeout: 120_000 }, () => {
  for (const c of cases) {
    it(`${c.name}: online and reference computations give graph-node's hash`, () => {
      expect(reference(c)).toBe(c.fast);
      expect(online(c)).toBe(c.fast);
    });
  }

  it("stable-hash's high-bits vector: ten nested Vecs around 10u8 (tests/high_bits.rs)", () => {
    // Deep enough that the field address's high 64 bits (the FldMix seed) are non-zero.
    const hasher = new FastStableHasher();
    const nested = (address: bigint, depth: number): void => {
      if (depth === 0) return hasher.int(address, 10);
      nested(child(address, 0), depth - 1);
      hasher.int(address, 1); // Vec length
    };
    nested(ROOT, 10);
    expect(hasher.finish()).toBe(43065473437393246775826330103672755677n);
  });

  it('every case hashes differently, and the indexer and block hash count', () => {
    const all = cases.map(online);
    expect(new Set(all).size).toBe(all.length);
    const one = cases[1]!;
    expect(online({ ...one, indexer: null })).not.toBe(one.fast);
    expect(online({ ...one, blockHash: repeat(2, 32) })).not.toBe(one.fast);
  });
});
