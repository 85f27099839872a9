import type { BlockHeader } from '../../src/types.js';

/** A synthetic block header for store and query tests: hashes are the number padded with `fill`, blocks a second apart. */
export function testHeader(number: number, fill = '0'): BlockHeader {
  return {
    number,
    hash: `0x${number.toString(16).padStart(64, fill)}`,
    parentHash: `0x${(number - 1).toString(16).padStart(64, fill)}`,
    timestamp: 1_700_000_000n + BigInt(number),
    raw: {},
  };
}
