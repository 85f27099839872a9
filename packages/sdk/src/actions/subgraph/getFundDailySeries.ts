import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { readAllPages } from '../../internal/paging.js';
import { toFundDay } from '../../internal/mappers.js';
import { subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { FundDaysQuery } from '../../subgraph/documents.js';
import type { VariablesOf } from '../../subgraph/graphql.js';

/** The fund on one UTC day: totals at the end of the day and the day's activity. */
export interface FundDay {
  dayIndex: number;
  dayStartTimestamp: bigint;
  totalSupply: bigint;
  totalInvested: bigint;
  totalCapitalReturned: bigint;
  totalSpentOnBatteries: bigint;
  tradingProfit: bigint;
  totalDividendsDeclared: bigint;
  totalDividendsWithdrawn: bigint;
  netAssetValue: bigint;
  /** NAV per whole share (x 1e18). */
  navPerShare: bigint;
  magnifiedDividendPerShare: bigint;
  etherBalance: bigint;
  holderCount: bigint;
  investedDay: bigint;
  tradeValueDay: bigint;
  tradeRevenueDay: bigint;
  tradeCostDay: bigint;
  dividendsDeclaredDay: bigint;
  capitalReturnedDay: bigint;
  dividendsWithdrawnDay: bigint;
  energyChargedWhDay: bigint;
  energyDischargedWhDay: bigint;
  tradeCountDay: bigint;
  priceOpen: bigint | null;
  priceHigh: bigint | null;
  priceLow: bigint | null;
  priceClose: bigint | null;
}

export interface GetFundDailySeriesParameters extends RequestOptions {
  /** First day (floor(timestamp / 86400)), inclusive. */
  fromDay?: number;
  /** Last day, inclusive. */
  toDay?: number;
  blockNumber?: bigint | number;
}

/**
 * The fund's daily series (UTC days in order), paged by `dayIndex_gt` at one block.
 *
 * @example
 * const { days } = await getFundDailySeries(client, { fromDay: 19_766 });
 */
export function getFundDailySeries(
  client: VppClient,
  params: GetFundDailySeriesParameters = {},
): Promise<{ days: FundDay[]; blockNumber: bigint }> {
  return subgraphAction(client, params, (signal) => readFundDays(client, params, signal));
}

/** The fund's day snapshots in order, every page pinned to one block. @internal */
export async function readFundDays(
  client: VppClient,
  params: GetFundDailySeriesParameters,
  signal: AbortSignal,
): Promise<{ days: FundDay[]; blockNumber: bigint }> {
  const base: VariablesOf<typeof FundDaysQuery>['where'] = {};
  if (params.fromDay !== undefined) base.dayIndex_gte = params.fromDay;
  if (params.toDay !== undefined) base.dayIndex_lte = params.toDay;
  const { items, blockNumber } = await readAllPages(
    async ({ block, cursor, first }) => {
      const where = cursor === undefined ? base : { ...base, dayIndex_gt: Number(cursor) };
      const data = await subgraphRequest(client, FundDaysQuery, { where, first, block }, { signal });
      return { items: data.fundDaySnapshots.map(toFundDay), blockNumber: data._meta?.block.number ?? 0 };
    },
    (d) => String(d.dayIndex),
    { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber) },
  );
  return { days: items, blockNumber: BigInt(blockNumber) };
}
