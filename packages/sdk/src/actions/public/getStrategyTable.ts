import { vppTrader_tableBlock, vppTrader_tableBuffer } from '../../abi.generated.js';
import type { Hex } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { InvalidParameterError } from '../../errors/common.js';
import { toUintNumber } from '../../internal/validate.js';
import { decodeStrategyBlock, STRATEGY_BLOCKS, type StrategyBand } from '../../strategyTable.js';
import type { ReadParameters } from '../../types.js';
import type { StrategyTableBuffer } from './getStrategyProfile.js';

export interface GetStrategyTableParameters extends ReadParameters {
  profileId: number;
  /** 0 or 1 (see `getStrategyProfile`'s `active.buffer`). */
  buffer: number;
}

/** One table buffer of a profile, with its 48 blocks, at one block. */
export interface StrategyTable extends StrategyTableBuffer {
  blockNumber: bigint;
  profileId: number;
  buffer: number;
  /** The 48 block words (block 0 = 00:00–00:30 market time, UTC+10). */
  blocks: Hex[];
  /** The same, decoded: per block, 8 state-of-charge bands of thresholds in table units (× unitWei = wei/MWh). */
  bands: StrategyBand[][];
}

/**
 * One of a profile's two water-value tables: its validity, unit and the thresholds of every half-hour block and
 * state-of-charge band.
 *
 * @example
 * const table = await getStrategyTable(client, { profileId: 1, buffer: 0 });
 * const { chargeBelow, dischargeAbove } = table.bands[34]![4]!; // 17:00–17:30, half full
 */
export function getStrategyTable(client: VppClient, params: GetStrategyTableParameters): Promise<StrategyTable> {
  return rpcAction(client, params, async () => {
    const profileId = toUintNumber('profileId', params.profileId, 32, 1n);
    const buffer = params.buffer;
    if (buffer !== 0 && buffer !== 1) throw new InvalidParameterError('buffer', buffer, 'expected 0 or 1');
    const { blockNumber, results } = await readAll<[{ effectiveFrom: number; validUntil: number; unitWei: bigint }, ...Hex[]]>(
      client,
      [
        ['vppTrader', vppTrader_tableBuffer, [profileId, buffer]],
        ...Array.from({ length: STRATEGY_BLOCKS }, (_, i) => ['vppTrader', vppTrader_tableBlock, [profileId, buffer, i]] as const),
      ],
      params.blockNumber,
    );
    const [meta, ...blocks] = results;
    return {
      blockNumber,
      profileId,
      buffer,
      effectiveFrom: Number(meta.effectiveFrom),
      validUntil: Number(meta.validUntil),
      unitWei: meta.unitWei,
      blocks,
      bands: blocks.map(decodeStrategyBlock),
    };
  });
}
