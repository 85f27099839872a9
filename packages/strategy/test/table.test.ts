import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandOf,
  blockOfInterval,
  packBlock,
  packTable,
  ProfileState,
  TableEncodingError,
  TableWriteError,
  uniformBlock,
  unpackBlock,
  type BlockThresholds,
} from '../src/index.js';

const int16 = fc.integer({ min: -32768, max: 32767 });
const block = fc.record({ chargeBelow: fc.array(int16, { minLength: 8, maxLength: 8 }), dischargeAbove: fc.array(int16, { minLength: 8, maxLength: 8 }) });

describe('table encoding (design note: band b at bits [32b, 32b+32), low 16 chargeBelow, high 16 dischargeAbove)', () => {
  it('has the documented bit layout', () => {
    const b: BlockThresholds = { chargeBelow: [1, 0, 0, 0, 0, 0, 0, -1], dischargeAbove: [2, 0, 0, 0, 0, 0, 0, -32768] };
    // band 0 = 0x0002_0001 in the lowest 32 bits; band 7 = 0x8000_ffff in the highest
    expect(packBlock(b)).toBe(`0x8000ffff${'0'.repeat(48)}00020001`);
  });

  it('round-trips every int16 block', () => {
    fc.assert(
      fc.property(block, (b) => {
        expect(unpackBlock(packBlock(b))).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects values that are not int16 and bad shapes', () => {
    expect(() => packBlock(uniformBlock(32768, 0))).toThrow(TableEncodingError);
    expect(() => packBlock(uniformBlock(0.5, 1))).toThrow(TableEncodingError);
    expect(() => packBlock({ chargeBelow: [0], dischargeAbove: [0] })).toThrow(TableEncodingError);
    expect(() => packTable({ unitWei: 1n, blocks: [] })).toThrow(TableEncodingError);
    expect(() => packTable({ unitWei: 0n, blocks: Array(48).fill(uniformBlock(0, 1)) })).toThrow(/unitWei/);
    expect(() => unpackBlock('0x12')).toThrow(TableEncodingError);
  });

  it('maps intervals to half-hour blocks of the market day (UTC+10) and SoC to bands', () => {
    // 2024-02-13 00:00 market time = 2024-02-12T14:00Z
    const midnight = Date.UTC(2024, 1, 12, 14) / 1000 / 300;
    expect(blockOfInterval(midnight)).toBe(0);
    expect(blockOfInterval(midnight + 5)).toBe(0);
    expect(blockOfInterval(midnight + 6)).toBe(1);
    expect(blockOfInterval(midnight + 287)).toBe(47);
    expect(blockOfInterval(midnight + 288)).toBe(0);
    expect(bandOf(0n, 2_000_000n)).toBe(0);
    expect(bandOf(249_999n, 2_000_000n)).toBe(0);
    expect(bandOf(250_000n, 2_000_000n)).toBe(1);
    expect(bandOf(2_000_000n, 2_000_000n)).toBe(7);
    expect(bandOf(9_000_000n, 2_000_000n)).toBe(7);
  });
});

describe('profile buffers', () => {
  const words = (lo: number, hi: number) => Array.from({ length: 48 }, () => packBlock(uniformBlock(lo, hi)));

  it('switches to the buffer with the greatest effectiveFrom <= interval, and falls back when stale', () => {
    const p = new ProfileState();
    expect(p.resolve(100, 0n, 10n)).toBeNull();
    p.apply({ kind: 'publishTable', effectiveFrom: 100, validUntil: 200, unitWei: 10n, blocks: words(-5, 7) }, 100);
    expect(p.resolve(100, 0n, 10n)).toMatchObject({ chargeBelowWei: -50n, dischargeAboveWei: 70n });
    // published ahead: the inactive buffer, effective at 150
    p.apply({ kind: 'publishTable', effectiveFrom: 150, validUntil: 300, unitWei: 1n, blocks: words(1, 2) }, 120);
    expect(p.resolve(149, 0n, 10n)).toMatchObject({ chargeBelowWei: -50n });
    expect(p.resolve(150, 0n, 10n)).toMatchObject({ chargeBelowWei: 1n, dischargeAboveWei: 2n });
    expect(p.resolve(300, 0n, 10n)).not.toBeNull();
    expect(p.resolve(301, 0n, 10n)).toBeNull();
    // updateBlocks writes the active buffer and its validUntil
    const b = blockOfInterval(160);
    p.apply({ kind: 'updateBlocks', firstBlock: b, blocks: [packBlock(uniformBlock(3, 4))], validUntil: 400 }, 160);
    expect(p.resolve(160, 0n, 10n)).toMatchObject({ chargeBelowWei: 3n, dischargeAboveWei: 4n, block: b });
    expect(p.resolve(400, 0n, 10n)).not.toBeNull();
  });

  it('rejects writes the contract would reject', () => {
    const p = new ProfileState();
    expect(() => p.apply({ kind: 'updateBlocks', firstBlock: 0, blocks: [packBlock(uniformBlock(0, 1))], validUntil: 9 }, 0)).toThrow(TableWriteError);
    p.apply({ kind: 'publishTable', effectiveFrom: 0, validUntil: 10, unitWei: 1n, blocks: words(0, 1) }, 0);
    expect(() => p.apply({ kind: 'updateBlocks', firstBlock: 47, blocks: words(0, 1).slice(0, 2), validUntil: 9 }, 0)).toThrow(TableWriteError);
    expect(() => p.apply({ kind: 'updateBlocks', firstBlock: 0, blocks: [], validUntil: 9 }, 0)).toThrow(TableWriteError);
    expect(() => p.apply({ kind: 'publishTable', effectiveFrom: 5, validUntil: 4, unitWei: 1n, blocks: words(0, 1) }, 0)).toThrow(TableWriteError);
  });
});
