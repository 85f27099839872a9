import type { Address, Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { readAllPages } from '../../internal/paging.js';
import { EVENT_BIGINTS, pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { DividendsQuery } from '../../subgraph/documents.js';
import type { VariablesOf } from '../../subgraph/graphql.js';

export interface Dividend {
  dividendId: bigint;
  declaredBy: Address;
  /** True for a return of capital. */
  capitalReturn: boolean;
  /** wei. */
  amount: bigint;
  /** Share of the earnings cash (0 for capital returns). */
  basisPoints: number;
  /** The epoch whose settlement paid it. */
  epoch: bigint;
  /** Shares the amount was split over (every share but queued redemptions, escrowed deposit shares included). */
  eligibleShares: bigint;
  magnifiedDividendPerShare: bigint;
  /** amount * 1e18 / eligibleShares: wei per whole share. */
  amountPerShare: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

export interface GetDividendsParameters extends RequestOptions {
  /** Only capital returns (true) or only dividends from earnings (false). */
  capitalReturn?: boolean;
  fromTimestamp?: bigint | number;
  toTimestamp?: bigint | number;
  limit?: number;
  blockNumber?: bigint | number;
}

/**
 * Dividends and capital returns paid (each at an epoch settlement), in order, paged by `dividendId_gt` at one block.
 *
 * @example
 * const { dividends } = await getDividends(client, { capitalReturn: false });
 */
export function getDividends(
  client: VppClient,
  params: GetDividendsParameters = {},
): Promise<{ dividends: Dividend[]; blockNumber: bigint }> {
  return subgraphAction(client, params, async (signal) => {
    const base: VariablesOf<typeof DividendsQuery>['where'] = {};
    if (params.capitalReturn !== undefined) base.capitalReturn = params.capitalReturn;
    if (params.fromTimestamp !== undefined) base.timestamp_gte = BigInt(params.fromTimestamp).toString();
    if (params.toTimestamp !== undefined) base.timestamp_lte = BigInt(params.toTimestamp).toString();
    const { items, blockNumber } = await readAllPages(
      async ({ block, cursor, first }) => {
        const where = cursor === undefined ? base : { ...base, dividendId_gt: cursor };
        const data = await subgraphRequest(client, DividendsQuery, { where, first, block }, { signal });
        const items = data.dividends.map((d) => {
          const x = pick<Dividend>(
            d,
            'declaredBy capitalReturn basisPoints transactionHash',
            `dividendId amount eligibleShares magnifiedDividendPerShare ${EVENT_BIGINTS}`,
          );
          x.epoch = BigInt(d.epoch.epoch);
          x.amountPerShare = x.eligibleShares === 0n ? 0n : (x.amount * 10n ** 18n) / x.eligibleShares;
          return x;
        });
        return { items, blockNumber: data._meta?.block.number ?? 0 };
      },
      (d) => d.dividendId.toString(),
      { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber), limit: params.limit },
    );
    return { dividends: items, blockNumber: BigInt(blockNumber) };
  });
}
