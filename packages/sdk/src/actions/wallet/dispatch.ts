import type { VppClient } from '../../config.js';
import { BatchTooLargeError, EmptyBatchError, InvalidParameterError } from '../../errors.js';
import { read, write } from '../../internal/contract.js';
import { toBatteryId } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface DispatchParameters extends WriteParameters {
  /** Batteries to dispatch this interval (distinct ids, at most `maxBatchSize`). */
  batteryIds: readonly (bigint | number)[];
}

/**
 * Dispatches batteries for the current interval at the oracle price (permissionless).
 * @throws {EmptyBatchError}, {BatchTooLargeError}, {AlreadyDispatchedError}, {BatteryNotDispatchableError}, {StalePriceError}, {PriceOutOfBoundsError}, {SystemPausedError}
 */
export async function dispatch(client: VppClient, params: DispatchParameters): Promise<WriteResult> {
  if (!Array.isArray(params.batteryIds)) throw new InvalidParameterError('batteryIds', params.batteryIds, 'expected an array');
  if (params.batteryIds.length === 0) throw new EmptyBatchError({ detectedBeforeSending: true });
  const ids = params.batteryIds.map((id, i) => toBatteryId(`batteryIds[${i}]`, id));
  if (new Set(ids).size !== ids.length) throw new InvalidParameterError('batteryIds', params.batteryIds, 'duplicate ids');
  const { maxBatchSize } = await read<{ maxBatchSize: number }>(client, 'vppTrader', 'tradingParams');
  if (ids.length > Number(maxBatchSize)) {
    throw new BatchTooLargeError({ detectedBeforeSending: true, args: [BigInt(ids.length), BigInt(maxBatchSize)] });
  }
  return write(client, { contract: 'vppTrader', functionName: 'dispatch', args: [ids], account: params.account });
}
