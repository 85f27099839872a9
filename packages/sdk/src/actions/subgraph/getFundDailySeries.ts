import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { readAllPages } from '../../internal/paging.js';
import { toFundDay } from '../../internal/mappers.js';
import { subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { FundDaysQuery } from '../../subgraph/documents.js';
import type { VariablesOf } from '../../subgraph/graphql.js';
import type { NavComponentFields } from '../public/getNavComponents.js';

/** The fund on one UTC day: its books (NAV components) at the end of the day (the day's last update) and the day's activity. */
export interface FundDay extends NavComponentFields {
  dayIndex: number;
  dayStartTimestamp: bigint;
  totalSupply: bigint;
  /** NAV per whole share (nav × 1e18 / totalSupply), wei; 0 without shares. */
  navPerShare: bigint;
  /** The fund's share price with the ERC-4626 virtual offsets (= convertToAssets(1e18)), wei. */
  sharePrice: bigint;
  realisedProfit: bigint;
  totalDividendsDeclared: bigint;
  totalCapitalReturned: bigint;
  totalDividendsWithdrawn: bigint;
  magnifiedDividendPerShare: bigint;
  etherBalance: bigint;
  holderCount: bigint;
  /** The open epoch at the end of the day. */
  currentEpoch: bigint;
  /** The day's deposit requests, cancels and deposits converted at settlements, wei. */
  depositRequestedDay: bigint;
  depositCanceledDay: bigint;
  depositedDay: bigint;
  /** The day's redemption requests (shares), ether reserved for filled redemptions and claimed, wei. */
  redeemRequestedDay: bigint;
  redeemPaidDay: bigint;
  redeemClaimedDay: bigint;
  epochsSettledDay: bigint;
  dividendsDeclaredDay: bigint;
  capitalReturnedDay: bigint;
  dividendsWithdrawnDay: bigint;
  realisedProfitDay: bigint;
  tradeValueDay: bigint;
  tradeRevenueDay: bigint;
  tradeCostDay: bigint;
  energyChargedWhDay: bigint;
  energyDischargedWhDay: bigint;
  tradeCountDay: bigint;
  /** Oracle prices of the day's trades, wei/MWh (null without trades). */
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
