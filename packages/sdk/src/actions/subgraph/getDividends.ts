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
  /** Share of distributable earnings (0 for capital returns). */
  basisPoints: number;
  /** Shares the amount was split over. */
  totalSupply: bigint;
  magnifiedDividendPerShare: bigint;
  /** amount * 1e18 / totalSupply: wei per whole share. */
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

/** Dividends and capital returns declared, in order, paged by `dividendId_gt` at one block. */
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
            `dividendId amount totalSupply magnifiedDividendPerShare ${EVENT_BIGINTS}`,
          );
          x.amountPerShare = x.totalSupply === 0n ? 0n : (x.amount * 10n ** 18n) / x.totalSupply;
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
