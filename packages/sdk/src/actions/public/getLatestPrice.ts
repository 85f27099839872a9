import type { VppClient } from '../../config.js';
import { read } from '../../internal/contract.js';

export interface LatestPrice {
  roundId: bigint;
  /** wei per MWh (signed). */
  price: bigint;
  /** Unix seconds. */
  updatedAt: bigint;
}

/**
 * The price the trader would trade on now (validated by the trader).
 * @throws {StalePriceError} when the latest round is older than `maxPriceAge`.
 * @throws {PriceOutOfBoundsError} / {InvalidRoundError} for an invalid round.
 */
export async function getLatestPrice(client: VppClient, params: { blockNumber?: bigint } = {}): Promise<LatestPrice> {
  const [roundId, price, updatedAt] = await read<readonly [bigint, bigint, bigint]>(
    client,
    'vppTrader',
    'latestPrice',
    [],
    params.blockNumber,
  );
  return { roundId, price, updatedAt };
}
