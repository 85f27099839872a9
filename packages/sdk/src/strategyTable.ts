/**
 * The strategy table's block encoding (IStrategyBook / StrategyTable): one bytes32 word per half-hour block of the
 * market day, 8 state-of-charge bands per word, each band a pair of int16 thresholds in table units (the table's
 * `unitWei` wei/MWh per unit). Band b occupies bits [32b, 32b+32): the low 16 bits are `chargeBelow`, the high 16
 * bits `dischargeAbove`, two's complement.
 * @module
 */
import { type Hex, numberToHex, hexToBigInt } from 'viem';
import { InvalidParameterError } from './errors/common.js';
import { InvertedThresholdsError } from './errors/contract/InvertedThresholdsError.js';

/** One band of a block: charge at or below `chargeBelow`, discharge at or above `dischargeAbove` (table units, int16). */
export interface StrategyBand {
  chargeBelow: number;
  dischargeAbove: number;
}

/** Half-hour blocks per market day. */
export const STRATEGY_BLOCKS = 48;
/** State-of-charge bands per block. */
export const STRATEGY_BANDS = 8;
/** A band that never trades: (-32768, 32767). */
export const IDLE_BAND: StrategyBand = Object.freeze({ chargeBelow: -32_768, dischargeAbove: 32_767 });

const int16 = (parameter: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -32_768 || v > 32_767) {
    throw new InvalidParameterError(parameter, v, 'expected an integer from -32768 to 32767 (int16 table units)');
  }
  return v;
};

/**
 * Encodes the 8 bands of one block into its bytes32 word (checked like the contract: `chargeBelow <= dischargeAbove`,
 * else {@link InvertedThresholdsError} with the block index given).
 *
 * @example
 * const word = encodeStrategyBlock(Array.from({ length: 8 }, (_, band) => ({ chargeBelow: 20 - band, dischargeAbove: 150 + 10 * band })));
 */
export function encodeStrategyBlock(bands: readonly StrategyBand[], blockIndex = 0): Hex {
  if (!Array.isArray(bands) || bands.length !== STRATEGY_BANDS) {
    throw new InvalidParameterError('bands', bands, `expected ${STRATEGY_BANDS} bands`);
  }
  let word = 0n;
  bands.forEach((band, b) => {
    const lo = int16(`bands[${b}].chargeBelow`, band?.chargeBelow);
    const hi = int16(`bands[${b}].dischargeAbove`, band?.dischargeAbove);
    if (lo > hi) throw new InvertedThresholdsError({ detectedBeforeSending: true, args: [BigInt(blockIndex), BigInt(b)] });
    word |= ((BigInt(lo) & 0xffffn) | ((BigInt(hi) & 0xffffn) << 16n)) << BigInt(32 * b);
  });
  return numberToHex(word, { size: 32 });
}

/**
 * Decodes a block word into its 8 bands (table units).
 *
 * @example
 * const bands = decodeStrategyBlock(word); // [{ chargeBelow, dischargeAbove }, …] × 8
 */
export function decodeStrategyBlock(word: Hex): StrategyBand[] {
  const v = hexToBigInt(word);
  const signed = (x: bigint) => Number(x >= 0x8000n ? x - 0x10000n : x);
  return Array.from({ length: STRATEGY_BANDS }, (_, b) => {
    const lane = (v >> BigInt(32 * b)) & 0xffffffffn;
    return { chargeBelow: signed(lane & 0xffffn), dischargeAbove: signed(lane >> 16n) };
  });
}

/** Validates block words (0x-prefixed 32-byte hex, chargeBelow ≤ dischargeAbove in every band). @internal */
export function assertBlockWords(parameter: string, words: unknown, count: { min: number; max: number }, firstBlock = 0): Hex[] {
  if (!Array.isArray(words) || words.length < count.min || words.length > count.max) {
    const n = count.min === count.max ? `${count.min}` : `${count.min} to ${count.max}`;
    throw new InvalidParameterError(parameter, words, `expected an array of ${n} bytes32 block words`);
  }
  return words.map((w, k) => {
    if (typeof w !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(w)) {
      throw new InvalidParameterError(`${parameter}[${k}]`, w, 'expected a bytes32 hex word (see encodeStrategyBlock)');
    }
    const blockIndex = (firstBlock + k) % STRATEGY_BLOCKS;
    decodeStrategyBlock(w as Hex).forEach((band, b) => {
      if (band.chargeBelow > band.dischargeAbove) {
        throw new InvertedThresholdsError({ detectedBeforeSending: true, args: [BigInt(blockIndex), BigInt(b)] });
      }
    });
    return w.toLowerCase() as Hex;
  });
}
