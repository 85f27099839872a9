import { vppTrader_latestPrice } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { read, rpcAction } from '../../internal/contract.js';

export interface LatestPrice {
  roundId: bigint;
  /** wei per MWh (signed). */
  price: bigint;
  /** Unix seconds. */
  updatedAt: bigint;
}

/**
 * The price the trader would trade on now (validated by the trader: a round published in the current interval).
 *
 * @example
 * const { price, updatedAt } = await getLatestPrice(client);
 * @throws {PriceNotForIntervalError} when the latest round was published before the current interval started.
 * @throws {StalePriceError} when the latest round is older than `maxPriceAge`.
 * @throws {PriceOutOfBoundsError} / {InvalidRoundError} for an invalid round.
 */
export function getLatestPrice(client: VppClient, params: ReadParameters = {}): Promise<LatestPrice> {
  return rpcAction(client, params, async () => {
    const [roundId, price, updatedAt] = await read<readonly [bigint, bigint, bigint]>(
      client,
      'vppTrader',
      vppTrader_latestPrice,
      [],
      params.blockNumber,
    );
    return { roundId, price, updatedAt };
  });
}
