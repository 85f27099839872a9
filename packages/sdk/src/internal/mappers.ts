/** Row mappers from the typed GraphQL results to the SDK's public types (bigint for on-chain quantities). */
import type { Address } from 'viem';
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

/** @internal */
export function toTrade(t: TradeRow): Trade {
  return {
    ...pick<Trade>(
      t,
      'id action transactionHash',
      `interval energyWh storedDeltaWh price value stateOfChargeWh roundId inventoryCostDelta realisedProfit ${EVENT_BIGINTS}`,
    ),
    thresholds: t.thresholdSource,
    batteryId: big(t.battery.batteryId),
  };
}

/** @internal */
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

/** @internal */
export function pageSize(first: number | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new InvalidParameterError('first', first, 'expected 1..1000');
  return n;
}

type BatteryRow = ResultOf<typeof BatteriesQuery>['batteries'][number];

/** @internal */
export function toBatteryChange(c: BatteryRow['changes'][number]): BatteryChange {
  return pick(
    c,
    'id kind by status roundTripEfficiencyBps active serial metadataURI transactionHash',
    `capacityWh maxChargeW maxDischargeW chargeBelowPrice dischargeAbovePrice stateOfChargeWh ${EVENT_BIGINTS}`,
  );
}

/** @internal */
export function toIndexedBattery(b: BatteryRow): IndexedBattery {
  return {
    ...pick<IndexedBattery>(
      b,
      'status serial roundTripEfficiencyBps active metadataURI addedBy',
      'batteryId capacityWh maxChargeW maxDischargeW chargeBelowPrice dischargeAbovePrice stateOfChargeWh inventoryCost bookValue realisedProfit addedAt addedAtBlock decommissionedAt lastInterval energyChargedWh energyStoredWh energyDischargedWh revenue cost netRevenue tradeCount chargeCount dischargeCount idleCount skipCount',
    ),
    writtenOff: b.writtenOff,
    profileId: b.profile ? Number(b.profile.profileId) : 0,
    serialText: serialText(b.serial),
    purchase: b.purchase
      ? {
          vendor: b.purchase.vendor.id,
          price: big(b.purchase.price),
          by: b.purchase.by,
          proposalId: big(b.purchase.proposal.proposalId),
          transactionHash: b.purchase.transactionHash,
        }
      : null,
    changes: b.changes.map(toBatteryChange),
  };
}

/** @internal */
export const FUND_DAY_BIGINTS =
  'totalSupply freeCash earningsCash capitalCash storedEnergyValue batteryBookValue owed nav sharePrice realisedProfit totalDividendsDeclared totalCapitalReturned totalDividendsWithdrawn magnifiedDividendPerShare etherBalance holderCount currentEpoch depositRequestedDay depositCanceledDay depositedDay redeemRequestedDay redeemPaidDay redeemClaimedDay epochsSettledDay dividendsDeclaredDay capitalReturnedDay dividendsWithdrawnDay realisedProfitDay tradeValueDay tradeRevenueDay tradeCostDay energyChargedWhDay energyDischargedWhDay tradeCountDay priceOpen priceHigh priceLow priceClose dayStartTimestamp';

/** @internal */
export function toFundDay(d: ResultOf<typeof FundDaysQuery>['fundDaySnapshots'][number]): FundDay {
  const day = pick<FundDay>(d, 'dayIndex', FUND_DAY_BIGINTS);
  day.navPerShare = navPerShare(day.nav, day.totalSupply);
  return day;
}

/** NAV per whole share (x 1e18), 0 without shares or with a NAV ≤ 0. */
/** @internal */
export const navPerShare = (nav: bigint, supply: bigint): bigint => (supply === 0n || nav <= 0n ? 0n : (nav * 10n ** 18n) / supply);


/** An account of the fund as indexed: holdings, requests, claims and dividends (amounts wei, shares 18 decimals). */
export interface InvestorPosition {
  address: Address;
  /** Shares in the wallet (ERC-20 balance). */
  shares: bigint;
  /** Deposit ether waiting for a settlement, or refused by one (refundable). */
  pendingDepositAssets: bigint;
  /** Settled deposit ether whose shares are not claimed yet, and those shares (held by the fund for the investor). */
  claimableDepositAssets: bigint;
  claimableDepositShares: bigint;
  /** Shares requested for redemption and not filled yet (escrowed: pending or queued). */
  pendingRedeemShares: bigint;
  /** Filled redemption shares not claimed yet, and their ether. */
  claimableRedeemShares: bigint;
  claimableRedeemAssets: bigint;
  /** shares + claimableDepositShares + pendingRedeemShares: every share that is the investor's, escrowed ones included. */
  ownedShares: bigint;
  /** ownedShares / totalSupply, basis points (rounded down) and as a fraction (for display). */
  shareOfFundBps: bigint;
  shareOfFund: number;
  /** ownedShares × NAV / totalSupply, wei (the filled-but-unclaimed ether is in `claimableRedeemAssets`). */
  value: bigint;
  /** Dividends and capital returns: earned (= claimed + withdrawable + escrowed), withdrawn, withdrawable now, and earned by unclaimed deposit shares. */
  dividendsEarned: bigint;
  dividendsClaimed: bigint;
  dividendsWithdrawable: bigint;
  dividendsEscrowed: bigint;
  /** Ether ever requested for deposits, canceled or refunded, and claimed into shares (with the shares). */
  totalDepositRequested: bigint;
  totalDepositCanceled: bigint;
  totalDepositClaimed: bigint;
  totalDepositSharesClaimed: bigint;
  /** totalDepositRequested − totalDepositCanceled: the ether the investor put in. */
  netDeposited: bigint;
  /** Shares ever requested for redemption, and ether claimed from redemptions. */
  totalRedeemRequested: bigint;
  totalRedeemClaimed: bigint;
  depositRequestCount: bigint;
  redeemRequestCount: bigint;
  firstDepositRequestAt: bigint | null;
  /** When the account first appeared (request, share receipt, …), unix seconds. */
  createdAt: bigint;
  lastUpdatedAt: bigint;
}

const POSITION_BIGINTS =
  'shares pendingDepositAssets claimableDepositAssets claimableDepositShares pendingRedeemShares claimableRedeemShares claimableRedeemAssets dividendsEarned dividendsClaimed dividendsWithdrawable dividendsEscrowed totalDepositRequested totalDepositCanceled totalDepositClaimed totalDepositSharesClaimed totalRedeemRequested totalRedeemClaimed depositRequestCount redeemRequestCount firstDepositRequestAt createdAt lastUpdatedAt';

/** An investor row (null: an account the subgraph never saw) as a position in a fund of `supply` shares and `nav` wei. */
/** @internal */
export function toPosition(address: Address, row: object | null | undefined, supply: bigint, nav: bigint): InvestorPosition {
  const p = row
    ? pick<InvestorPosition>(row, '', POSITION_BIGINTS)
    : (Object.fromEntries(POSITION_BIGINTS.split(' ').map((k) => [k, k === 'firstDepositRequestAt' ? null : 0n])) as unknown as InvestorPosition);
  p.address = address;
  p.ownedShares = p.shares + p.claimableDepositShares + p.pendingRedeemShares;
  p.netDeposited = p.totalDepositRequested - p.totalDepositCanceled;
  p.shareOfFundBps = supply === 0n ? 0n : (p.ownedShares * 10_000n) / supply;
  p.shareOfFund = supply === 0n ? 0 : Number((p.ownedShares * 10n ** 12n) / supply) / 1e12;
  p.value = supply === 0n || nav <= 0n ? 0n : (p.ownedShares * nav) / supply;
  return p;
}
