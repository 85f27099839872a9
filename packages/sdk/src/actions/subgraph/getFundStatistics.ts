import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { SubgraphBehindError } from '../../errors/common.js';
import { navPerShare } from '../../internal/mappers.js';
import { pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { getSubgraphUrl } from '../../config.js';
import { FundStatisticsQuery } from '../../subgraph/documents.js';

/** Running totals of the fund and the fleet, as indexed. Amounts in wei, energy in Wh. */
export interface FundStatistics {
  blockNumber: bigint;
  fundAddress: Address | null;
  totalSupply: bigint;
  totalInvested: bigint;
  totalCapitalReturned: bigint;
  totalSpentOnBatteries: bigint;
  tradingProfit: bigint;
  tradeRevenue: bigint;
  tradeCost: bigint;
  totalDividendsDeclared: bigint;
  totalDividendsWithdrawn: bigint;
  vendorPaymentsOwed: bigint;
  totalVendorPaymentsWithdrawn: bigint;
  netAssetValue: bigint;
  /** NAV per whole share (x 1e18), 0 without shares. */
  navPerShare: bigint;
  magnifiedDividendPerShare: bigint;
  etherBalance: bigint;
  /** Ether owed: dividends and capital returns declared and not withdrawn, plus unpaid vendors (= fund.totalOwed()). */
  totalOwed: bigint;
  /** Ether held minus ether owed, floored at 0 (= fund.freeBalance()). */
  freeBalance: bigint;
  investorCount: bigint;
  holderCount: bigint;
  investmentCount: bigint;
  dividendCount: bigint;
  capitalReturnCount: bigint;
  dividendClaimCount: bigint;
  shareTransferCount: bigint;
  batteryPurchaseCount: bigint;
  tradeCount: bigint;
  chargeCount: bigint;
  dischargeCount: bigint;
  idleCount: bigint;
  skipCount: bigint;
  energyChargedWh: bigint;
  energyStoredWh: bigint;
  energyDischargedWh: bigint;
  plant: {
    owner: Address;
    pendingOwner: Address | null;
    paused: boolean;
    adminCount: bigint;
    batteryCount: bigint;
    fleetSize: bigint;
    activeBatteryCount: bigint;
    decommissionedBatteryCount: bigint;
    purchasedBatteryCount: bigint;
    latestPrice: bigint | null;
    latestPriceUpdatedAt: bigint | null;
    priceRoundCount: bigint;
  } | null;
}

/**
 * The fund's indexed totals (plus the plant's counters).
 * @throws {SubgraphBehindError} when the subgraph has not indexed the deployment yet.
 */
export function getFundStatistics(
  client: VppClient,
  params: { blockNumber?: bigint | number } & RequestOptions = {},
): Promise<FundStatistics> {
  return subgraphAction(client, params, async (signal) => {
    const block = params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) };
    const data = await subgraphRequest(client, FundStatisticsQuery, { block }, { signal });
    const blockNumber = BigInt(data._meta?.block.number ?? 0);
    const f = data.fund;
    if (!f) throw new SubgraphBehindError(getSubgraphUrl(client), blockNumber + 1n, blockNumber);
    const stats = pick<FundStatistics>(
      f,
      '',
      'totalSupply totalInvested totalCapitalReturned totalSpentOnBatteries tradingProfit tradeRevenue tradeCost totalDividendsDeclared totalDividendsWithdrawn vendorPaymentsOwed totalVendorPaymentsWithdrawn netAssetValue magnifiedDividendPerShare etherBalance totalOwed freeBalance investorCount holderCount investmentCount dividendCount capitalReturnCount dividendClaimCount shareTransferCount batteryPurchaseCount tradeCount chargeCount dischargeCount idleCount skipCount energyChargedWh energyStoredWh energyDischargedWh',
    );
    stats.blockNumber = blockNumber;
    stats.fundAddress = f.address ?? null;
    stats.navPerShare = navPerShare(stats.netAssetValue, stats.totalSupply);
    const p = data.plant;
    stats.plant = p
      ? {
          ...pick<NonNullable<FundStatistics['plant']>>(
            p,
            'owner paused',
            'adminCount batteryCount fleetSize activeBatteryCount decommissionedBatteryCount purchasedBatteryCount latestPrice latestPriceUpdatedAt priceRoundCount',
          ),
          pendingOwner: p.pendingOwner ?? null,
        }
      : null;
    return stats;
  });
}
