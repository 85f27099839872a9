import { TableEncodingError, TableWriteError } from './errors.js';
import { MARKET_UTC_OFFSET_SECONDS } from './aemo.js';

/** Half-hour blocks of the market day. */
export const BLOCKS = 48;
/** State-of-charge bands. */
export const BANDS = 8;
export const BLOCK_SECONDS = 1800;
export const INT16_MIN = -32768;
export const INT16_MAX = 32767;
/** `chargeBelow` that never charges at any price the unit can express (below the NEM floor for unit = 1 AUD). */
export const NEVER_CHARGE = INT16_MIN;
/** `dischargeAbove` that never discharges (above the NEM cap for unit = 1 AUD). */
export const NEVER_DISCHARGE = INT16_MAX;

export type Bytes32 = `0x${string}`;

/**
 * One block's thresholds, in table units (`threshold wei/MWh = value × unitWei`), index = band (0..7).
 * Charge if price <= chargeBelow; else discharge if price >= dischargeAbove; else idle.
 */
export interface BlockThresholds {
  chargeBelow: readonly number[];
  dischargeAbove: readonly number[];
}

/** A full table: 48 blocks (market time, block 0 = 00:00–00:30) and the unit of its int16 values. */
export interface StrategyTable {
  unitWei: bigint;
  blocks: readonly BlockThresholds[];
}

/** Block of an interval: `((interval × intervalSeconds + 36000) mod 86400) / 1800`. */
export function blockOfInterval(interval: number, intervalSeconds = 300): number {
  const start = interval * intervalSeconds;
  return Math.floor((((start + MARKET_UTC_OFFSET_SECONDS) % 86_400) + 86_400) % 86_400 / BLOCK_SECONDS);
}

/** Band of a state of charge: `min(7, socWh × 8 / capacityWh)` in integers. */
export function bandOf(socWh: bigint, capacityWh: bigint): number {
  if (capacityWh <= 0n) throw new TableEncodingError('capacityWh must be positive');
  const b = (socWh * BigInt(BANDS)) / capacityWh;
  return b > 7n ? 7 : Number(b);
}

function checkInt16(v: number, what: string): number {
  if (!Number.isInteger(v) || v < INT16_MIN || v > INT16_MAX) {
    throw new TableEncodingError(`${what} = ${v} is not an int16 (-32768..32767)`);
  }
  return v;
}

/** Packs one block: band b at bits [32b, 32b+32): low 16 = chargeBelow, high 16 = dischargeAbove (two's complement). */
export function packBlock(block: BlockThresholds): Bytes32 {
  if (block.chargeBelow.length !== BANDS || block.dischargeAbove.length !== BANDS) {
    throw new TableEncodingError(`a block has ${BANDS} bands`);
  }
  let word = 0n;
  for (let b = 0; b < BANDS; b++) {
    const lo = checkInt16(block.chargeBelow[b]!, `chargeBelow[${b}]`) & 0xffff;
    const hi = checkInt16(block.dischargeAbove[b]!, `dischargeAbove[${b}]`) & 0xffff;
    word |= BigInt((lo | (hi << 16)) >>> 0) << BigInt(32 * b);
  }
  return `0x${word.toString(16).padStart(64, '0')}`;
}

const toInt16 = (u: number): number => (u & 0x8000 ? u - 0x10000 : u);

/** Unpacks a bytes32 block. */
export function unpackBlock(word: Bytes32 | bigint): BlockThresholds {
  let w: bigint;
  if (typeof word === 'bigint') w = word;
  else {
    if (!/^0x[0-9a-fA-F]{64}$/.test(word)) throw new TableEncodingError(`not a bytes32: ${word}`);
    w = BigInt(word);
  }
  if (w < 0n || w >= 1n << 256n) throw new TableEncodingError('block word out of range');
  const chargeBelow: number[] = [];
  const dischargeAbove: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    const slot = Number((w >> BigInt(32 * b)) & 0xffffffffn);
    chargeBelow.push(toInt16(slot & 0xffff));
    dischargeAbove.push(toInt16(slot >>> 16));
  }
  return { chargeBelow, dischargeAbove };
}

/** The 48 bytes32 words `publishTable` takes. */
export function packTable(table: StrategyTable): Bytes32[] {
  if (table.blocks.length !== BLOCKS) throw new TableEncodingError(`a table has ${BLOCKS} blocks, got ${table.blocks.length}`);
  checkUnitWei(table.unitWei);
  return table.blocks.map(packBlock);
}

export function unpackTable(words: readonly (Bytes32 | bigint)[], unitWei: bigint): StrategyTable {
  if (words.length !== BLOCKS) throw new TableEncodingError(`a table has ${BLOCKS} blocks, got ${words.length}`);
  checkUnitWei(unitWei);
  return { unitWei, blocks: words.map(unpackBlock) };
}

const UINT96_MAX = (1n << 96n) - 1n;
export function checkUnitWei(unitWei: bigint): void {
  if (unitWei <= 0n || unitWei > UINT96_MAX) throw new TableEncodingError(`unitWei must be a positive uint96, got ${unitWei}`);
}

/** A block where every band does the same: charge, discharge or idle whatever the price (within int16 × unit). */
export function uniformBlock(chargeBelow: number, dischargeAbove: number): BlockThresholds {
  return { chargeBelow: new Array(BANDS).fill(chargeBelow), dischargeAbove: new Array(BANDS).fill(dischargeAbove) };
}

/** Table units from a price in AUD/MWh when unitWei = the wei value of 1 AUD/MWh: charge thresholds round down. */
export function chargeUnits(aud: number): number {
  if (Number.isNaN(aud)) return NEVER_CHARGE;
  return Math.max(INT16_MIN, Math.min(INT16_MAX, Math.floor(aud)));
}
/** …and discharge thresholds round up, so rounding never makes a trade the model did not want. */
export function dischargeUnits(aud: number): number {
  if (Number.isNaN(aud)) return NEVER_DISCHARGE;
  return Math.max(INT16_MIN, Math.min(INT16_MAX, Math.ceil(aud)));
}

// ---------------------------------------------------------------------------------------------- profile state

/** One of a profile's two table buffers, as stored on chain. */
export interface TableBuffer {
  published: boolean;
  effectiveFrom: number;
  validUntil: number;
  unitWei: bigint;
  /** Packed words, block-indexed. */
  words: bigint[];
}

/** A write the strategist sends: `publishTable` or `updateBlocks`. */
export type TableWrite =
  | {
      kind: 'publishTable';
      effectiveFrom: number;
      validUntil: number;
      unitWei: bigint;
      blocks: readonly Bytes32[];
    }
  | { kind: 'updateBlocks'; firstBlock: number; blocks: readonly Bytes32[]; validUntil: number };

/** Thresholds in wei/MWh the chain uses for one battery-interval, or null = static thresholds. */
export interface ResolvedThresholds {
  chargeBelowWei: bigint;
  dischargeAboveWei: bigint;
  block: number;
  band: number;
  buffer: 0 | 1;
}

/**
 * A strategy profile's two buffers and the rules of the design note:
 * - the active buffer at interval i is the published one with the greatest `effectiveFrom <= i`;
 * - stale (→ the battery's static thresholds) when `i > validUntil` of the active buffer, or none is active;
 * - `publishTable` writes the buffer not active at the current interval (both inactive: the older effectiveFrom);
 * - `updateBlocks` overwrites blocks of the active buffer and sets its validUntil (reverts if none is active).
 */
export class ProfileState {
  readonly buffers: [TableBuffer, TableBuffer] = [emptyBuffer(), emptyBuffer()];

  /** Index of the active buffer at `interval`, or -1. */
  activeBuffer(interval: number): -1 | 0 | 1 {
    const [a, b] = this.buffers;
    const aOk = a.published && a.effectiveFrom <= interval;
    const bOk = b.published && b.effectiveFrom <= interval;
    if (aOk && bOk) return a.effectiveFrom >= b.effectiveFrom ? 0 : 1;
    return aOk ? 0 : bOk ? 1 : -1;
  }

  apply(write: TableWrite, currentInterval: number): void {
    if (write.kind === 'publishTable') {
      if (write.blocks.length !== BLOCKS) throw new TableWriteError(`publishTable takes ${BLOCKS} blocks`);
      checkUnitWei(write.unitWei);
      if (write.validUntil < write.effectiveFrom) throw new TableWriteError('validUntil before effectiveFrom');
      const active = this.activeBuffer(currentInterval);
      let target: 0 | 1;
      if (active === -1) {
        const [a, b] = this.buffers;
        target = !a.published ? 0 : !b.published ? 1 : a.effectiveFrom <= b.effectiveFrom ? 0 : 1;
      } else target = active === 0 ? 1 : 0;
      this.buffers[target] = {
        published: true,
        effectiveFrom: write.effectiveFrom,
        validUntil: write.validUntil,
        unitWei: write.unitWei,
        words: write.blocks.map(wordOf),
      };
      return;
    }
    const n = write.blocks.length;
    if (n === 0 || write.firstBlock < 0 || write.firstBlock + n > BLOCKS || !Number.isInteger(write.firstBlock)) {
      throw new TableWriteError(`updateBlocks(${write.firstBlock}, ${n} blocks) out of range`);
    }
    const active = this.activeBuffer(currentInterval);
    if (active === -1) throw new TableWriteError('updateBlocks needs an active table');
    const buf = this.buffers[active];
    for (let i = 0; i < n; i++) buf.words[write.firstBlock + i] = wordOf(write.blocks[i]!);
    buf.validUntil = write.validUntil;
  }

  /** The thresholds (wei/MWh) for a battery at `socWh` in `interval`, or null when stale / no table. */
  resolve(interval: number, socWh: bigint, capacityWh: bigint, intervalSeconds = 300): ResolvedThresholds | null {
    const active = this.activeBuffer(interval);
    if (active === -1) return null;
    const buf = this.buffers[active];
    if (interval > buf.validUntil) return null;
    const block = blockOfInterval(interval, intervalSeconds);
    const band = bandOf(socWh, capacityWh);
    const slot = Number((buf.words[block]! >> BigInt(32 * band)) & 0xffffffffn);
    return {
      chargeBelowWei: BigInt(toInt16(slot & 0xffff)) * buf.unitWei,
      dischargeAboveWei: BigInt(toInt16(slot >>> 16)) * buf.unitWei,
      block,
      band,
      buffer: active,
    };
  }
}

function emptyBuffer(): TableBuffer {
  return { published: false, effectiveFrom: 0, validUntil: 0, unitWei: 1n, words: new Array<bigint>(BLOCKS).fill(0n) };
}

function wordOf(hex: Bytes32): bigint {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new TableEncodingError(`not a bytes32: ${hex}`);
  return BigInt(hex);
}
