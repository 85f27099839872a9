import { vppTrader_tradingParams } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { read, rpcAction } from '../../internal/contract.js';
import type { TradingParams, ReadParameters } from '../../types.js';

/**
 * The trader's parameters (the interval length in force now).
 *
 * @example
 * const { intervalSeconds, maxBatchSize } = await getTradingParams(client);
 */
export function getTradingParams(
  client: VppClient,
  params: ReadParameters = {},
): Promise<TradingParams> {
  return rpcAction(client, params, async () => {
    const p = await read<{
      intervalSeconds: number;
      maxPriceAge: number;
      minValidPrice: bigint;
      maxValidPrice: bigint;
      maxBatchSize: number;
    }>(client, 'vppTrader', vppTrader_tradingParams, [], params.blockNumber);
    return {
      intervalSeconds: Number(p.intervalSeconds),
      maxPriceAge: Number(p.maxPriceAge),
      minValidPrice: p.minValidPrice,
      maxValidPrice: p.maxValidPrice,
      maxBatchSize: Number(p.maxBatchSize),
    };
  });
}
