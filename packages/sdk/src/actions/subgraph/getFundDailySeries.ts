import type { VppClient } from '../../config.js';
import { readAllPages } from '../../internal/paging.js';
import { big, bigOrNull, subgraphRequest } from '../../internal/subgraph.js';
import { FundDaysQuery } from '../../subgraph/documents.js';
import type { ResultOf, VariablesOf } from '../../subgraph/graphql.js';

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

export interface GetFundDailySeriesParameters {
  /** First day (floor(timestamp / 86400)), inclusive. */
  fromDay?: number;
  /** Last day, inclusive. */
  toDay?: number;
  blockNumber?: bigint | number;
}

export function toFundDay(d: ResultOf<typeof FundDaysQuery>['fundDaySnapshots'][number]): FundDay {
  const totalSupply = big(d.totalSupply);
  const netAssetValue = big(d.netAssetValue);
  return {
    dayIndex: d.dayIndex,
    dayStartTimestamp: big(d.dayStartTimestamp),
    totalSupply,
    totalInvested: big(d.totalInvested),
    totalCapitalReturned: big(d.totalCapitalReturned),
    totalSpentOnBatteries: big(d.totalSpentOnBatteries),
    tradingProfit: big(d.tradingProfit),
    totalDividendsDeclared: big(d.totalDividendsDeclared),
    totalDividendsWithdrawn: big(d.totalDividendsWithdrawn),
    netAssetValue,
    navPerShare: totalSupply === 0n ? 0n : (netAssetValue * 10n ** 18n) / totalSupply,
    magnifiedDividendPerShare: big(d.magnifiedDividendPerShare),
    etherBalance: big(d.etherBalance),
    holderCount: big(d.holderCount),
    investedDay: big(d.investedDay),
    tradeValueDay: big(d.tradeValueDay),
    tradeRevenueDay: big(d.tradeRevenueDay),
    tradeCostDay: big(d.tradeCostDay),
    dividendsDeclaredDay: big(d.dividendsDeclaredDay),
    capitalReturnedDay: big(d.capitalReturnedDay),
    dividendsWithdrawnDay: big(d.dividendsWithdrawnDay),
    energyChargedWhDay: big(d.energyChargedWhDay),
    energyDischargedWhDay: big(d.energyDischargedWhDay),
    tradeCountDay: big(d.tradeCountDay),
    priceOpen: bigOrNull(d.priceOpen),
    priceHigh: bigOrNull(d.priceHigh),
    priceLow: bigOrNull(d.priceLow),
    priceClose: bigOrNull(d.priceClose),
  };
}

/** The fund's daily series (UTC days in order), paged by `dayIndex_gt` at one block. */
export async function getFundDailySeries(
  client: VppClient,
  params: GetFundDailySeriesParameters = {},
): Promise<{ days: FundDay[]; blockNumber: bigint }> {
  const base: VariablesOf<typeof FundDaysQuery>['where'] = {};
  if (params.fromDay !== undefined) base.dayIndex_gte = params.fromDay;
  if (params.toDay !== undefined) base.dayIndex_lte = params.toDay;
  const { items, blockNumber } = await readAllPages(
    async ({ block, cursor, first }) => {
      const where = cursor === undefined ? base : { ...base, dayIndex_gt: Number(cursor) };
      const data = await subgraphRequest(client, FundDaysQuery, { where, first, block });
      return { items: data.fundDaySnapshots.map(toFundDay), blockNumber: data._meta?.block.number ?? 0 };
    },
    (d) => String(d.dayIndex),
    { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber) },
  );
  return { days: items, blockNumber: BigInt(blockNumber) };
}
