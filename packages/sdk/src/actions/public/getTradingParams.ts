import type { VppClient } from '../../config.js';
import { read } from '../../internal/contract.js';
import type { TradingParams } from '../../types.js';

/** The trader's parameters. */
export async function getTradingParams(
  client: VppClient,
  params: { blockNumber?: bigint } = {},
): Promise<TradingParams> {
  const p = await read<{
    intervalSeconds: number;
    maxPriceAge: number;
    minValidPrice: bigint;
    maxValidPrice: bigint;
    maxBatchSize: number;
  }>(client, 'vppTrader', 'tradingParams', [], params.blockNumber);
  return {
    intervalSeconds: Number(p.intervalSeconds),
    maxPriceAge: Number(p.maxPriceAge),
    minValidPrice: p.minValidPrice,
    maxValidPrice: p.maxValidPrice,
    maxBatchSize: Number(p.maxBatchSize),
  };
}
