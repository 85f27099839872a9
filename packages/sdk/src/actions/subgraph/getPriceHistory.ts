import type { Address, Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { readAllPages } from '../../internal/paging.js';
import { pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { PriceRoundsQuery } from '../../subgraph/documents.js';
import type { VariablesOf } from '../../subgraph/graphql.js';

export interface PriceRound {
  roundId: bigint;
  /** wei/MWh (signed). */
  price: bigint;
  updatedAt: bigint;
  startedAt: bigint | null;
  reporter: Address | null;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
}

export interface GetPriceHistoryParameters extends RequestOptions {
  /** Unix seconds, inclusive (on `updatedAt`). */
  fromTimestamp?: bigint | number;
  toTimestamp?: bigint | number;
  /** Stop after this many rounds (default: all). */
  limit?: number;
  blockNumber?: bigint | number;
}

/**
 * The oracle's rounds in order, paged by `roundId_gt` at one block.
 *
 * @example
 * const { rounds } = await getPriceHistory(client, { fromTimestamp: dayStart });
 */
export function getPriceHistory(
  client: VppClient,
  params: GetPriceHistoryParameters = {},
): Promise<{ rounds: PriceRound[]; blockNumber: bigint }> {
  return subgraphAction(client, params, async (signal) => {
    const base: VariablesOf<typeof PriceRoundsQuery>['where'] = {};
    if (params.fromTimestamp !== undefined) base.updatedAt_gte = BigInt(params.fromTimestamp).toString();
    if (params.toTimestamp !== undefined) base.updatedAt_lte = BigInt(params.toTimestamp).toString();
    const { items, blockNumber } = await readAllPages(
      async ({ block, cursor, first }) => {
        const where = cursor === undefined ? base : { ...base, roundId_gt: cursor };
        const data = await subgraphRequest(client, PriceRoundsQuery, { where, first, block }, { signal });
        const items = data.priceRounds.map((r) => ({
          ...pick<PriceRound>(r, 'transactionHash', 'roundId price updatedAt startedAt blockNumber timestamp'),
          reporter: r.startedBy?.id ?? null,
        }));
        return { items, blockNumber: data._meta?.block.number ?? 0 };
      },
      (r) => r.roundId.toString(),
      { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber), limit: params.limit },
    );
    return { rounds: items, blockNumber: BigInt(blockNumber) };
  });
}
