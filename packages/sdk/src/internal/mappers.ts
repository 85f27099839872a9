/** Row mappers from the typed GraphQL results to the SDK's public types (bigint for on-chain quantities). */
import { InvalidParameterError } from '../errors/common.js';
import type { GetTradesParameters, Trade } from '../actions/subgraph/getTrades.js';
import type { BatteryChange, IndexedBattery } from '../actions/subgraph/getBatteries.js';
import type { FundDay } from '../actions/subgraph/getFundDailySeries.js';
import { BatteriesQuery, FundDaysQuery, TradesQuery } from '../subgraph/documents.js';
import type { ResultOf, VariablesOf } from '../subgraph/graphql.js';
import { tradeActions } from '../types.js';
import { serialText } from './battery.js';
import { MAX_PAGE } from './paging.js';
import { big, EVENT_BIGINTS, pick } from './subgraph.js';
import { toBatteryId } from './validate.js';

type TradeRow = NonNullable<ResultOf<typeof TradesQuery>['trades']>[number];

export function toTrade(t: TradeRow): Trade {
  return {
    ...pick<Trade>(t, 'id action transactionHash', `interval energyWh storedDeltaWh price value stateOfChargeWh roundId ${EVENT_BIGINTS}`),
    batteryId: big(t.battery.batteryId),
  };
}

export function tradesWhere(params: GetTradesParameters): VariablesOf<typeof TradesQuery>['where'] {
  const where: VariablesOf<typeof TradesQuery>['where'] = {};
  if (params.batteryId !== undefined) where.battery = toBatteryId('batteryId', params.batteryId).toString();
  if (params.action !== undefined) {
    if (!tradeActions.includes(params.action)) throw new InvalidParameterError('action', params.action, 'expected Idle, Charge or Discharge');
    where.action = params.action;
  }
  if (params.fromTimestamp !== undefined) where.timestamp_gte = BigInt(params.fromTimestamp).toString();
  if (params.toTimestamp !== undefined) where.timestamp_lte = BigInt(params.toTimestamp).toString();
  return where;
}

export function pageSize(first: number | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new InvalidParameterError('first', first, 'expected 1..1000');
  return n;
}

type BatteryRow = ResultOf<typeof BatteriesQuery>['batteries'][number];

export function toBatteryChange(c: BatteryRow['changes'][number]): BatteryChange {
  return pick(
    c,
    'id kind by status roundTripEfficiencyBps active serial metadataURI transactionHash',
    `capacityWh maxChargeW maxDischargeW chargeBelowPrice dischargeAbovePrice stateOfChargeWh ${EVENT_BIGINTS}`,
  );
}

export function toIndexedBattery(b: BatteryRow): IndexedBattery {
  return {
    ...pick<IndexedBattery>(
      b,
      'status serial roundTripEfficiencyBps active metadataURI addedBy',
      'batteryId capacityWh maxChargeW maxDischargeW chargeBelowPrice dischargeAbovePrice stateOfChargeWh addedAt addedAtBlock decommissionedAt lastInterval energyChargedWh energyStoredWh energyDischargedWh revenue cost netRevenue tradeCount chargeCount dischargeCount idleCount skipCount',
    ),
    serialText: serialText(b.serial),
    purchase: b.purchase
      ? { vendor: b.purchase.vendor.id, price: big(b.purchase.price), by: b.purchase.by, transactionHash: b.purchase.transactionHash }
      : null,
    changes: b.changes.map(toBatteryChange),
  };
}

export const FUND_DAY_BIGINTS =
  'totalSupply totalInvested totalCapitalReturned totalSpentOnBatteries tradingProfit totalDividendsDeclared totalDividendsWithdrawn netAssetValue magnifiedDividendPerShare etherBalance holderCount investedDay tradeValueDay tradeRevenueDay tradeCostDay dividendsDeclaredDay capitalReturnedDay dividendsWithdrawnDay energyChargedWhDay energyDischargedWhDay tradeCountDay priceOpen priceHigh priceLow priceClose dayStartTimestamp';

export function toFundDay(d: ResultOf<typeof FundDaysQuery>['fundDaySnapshots'][number]): FundDay {
  const day = pick<FundDay>(d, 'dayIndex', FUND_DAY_BIGINTS);
  day.navPerShare = navPerShare(day.netAssetValue, day.totalSupply);
  return day;
}

/** NAV per whole share (x 1e18), 0 without shares. */
export const navPerShare = (nav: bigint, supply: bigint): bigint => (supply === 0n ? 0n : (nav * 10n ** 18n) / supply);

