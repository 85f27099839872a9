import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { SubgraphBehindError } from '../../errors.js';
import { big, bigOrNull, subgraphRequest } from '../../internal/subgraph.js';
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
export async function getFundStatistics(
  client: VppClient,
  params: { blockNumber?: bigint | number } = {},
): Promise<FundStatistics> {
  const block = params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) };
  const data = await subgraphRequest(client, FundStatisticsQuery, { block });
  const blockNumber = BigInt(data._meta?.block.number ?? 0);
  const f = data.fund;
  if (!f) throw new SubgraphBehindError(getSubgraphUrl(client), blockNumber + 1n, blockNumber);
  const p = data.plant;
  const totalSupply = big(f.totalSupply);
  const netAssetValue = big(f.netAssetValue);
  return {
    blockNumber,
    fundAddress: f.address ?? null,
    totalSupply,
    totalInvested: big(f.totalInvested),
    totalCapitalReturned: big(f.totalCapitalReturned),
    totalSpentOnBatteries: big(f.totalSpentOnBatteries),
    tradingProfit: big(f.tradingProfit),
    tradeRevenue: big(f.tradeRevenue),
    tradeCost: big(f.tradeCost),
    totalDividendsDeclared: big(f.totalDividendsDeclared),
    totalDividendsWithdrawn: big(f.totalDividendsWithdrawn),
    vendorPaymentsOwed: big(f.vendorPaymentsOwed),
    totalVendorPaymentsWithdrawn: big(f.totalVendorPaymentsWithdrawn),
    netAssetValue,
    navPerShare: totalSupply === 0n ? 0n : (netAssetValue * 10n ** 18n) / totalSupply,
    magnifiedDividendPerShare: big(f.magnifiedDividendPerShare),
    etherBalance: big(f.etherBalance),
    investorCount: big(f.investorCount),
    holderCount: big(f.holderCount),
    investmentCount: big(f.investmentCount),
    dividendCount: big(f.dividendCount),
    capitalReturnCount: big(f.capitalReturnCount),
    dividendClaimCount: big(f.dividendClaimCount),
    shareTransferCount: big(f.shareTransferCount),
    batteryPurchaseCount: big(f.batteryPurchaseCount),
    tradeCount: big(f.tradeCount),
    chargeCount: big(f.chargeCount),
    dischargeCount: big(f.dischargeCount),
    idleCount: big(f.idleCount),
    skipCount: big(f.skipCount),
    energyChargedWh: big(f.energyChargedWh),
    energyStoredWh: big(f.energyStoredWh),
    energyDischargedWh: big(f.energyDischargedWh),
    plant: p
      ? {
          owner: p.owner,
          pendingOwner: p.pendingOwner ?? null,
          paused: p.paused,
          adminCount: big(p.adminCount),
          batteryCount: big(p.batteryCount),
          fleetSize: big(p.fleetSize),
          activeBatteryCount: big(p.activeBatteryCount),
          decommissionedBatteryCount: big(p.decommissionedBatteryCount),
          purchasedBatteryCount: big(p.purchasedBatteryCount),
          latestPrice: bigOrNull(p.latestPrice),
          latestPriceUpdatedAt: bigOrNull(p.latestPriceUpdatedAt),
          priceRoundCount: big(p.priceRoundCount),
        }
      : null,
  };
}
