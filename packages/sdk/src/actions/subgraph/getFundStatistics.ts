import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { SubgraphBehindError } from '../../errors/common.js';
import { navPerShare } from '../../internal/mappers.js';
import { pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { getSubgraphUrl } from '../../config.js';
import { FundStatisticsQuery } from '../../subgraph/documents.js';
import type { NavComponentFields } from '../public/getNavComponents.js';

/**
 * The fund's books (NAV components) and running totals, as indexed (each mirrors the fund's view of the same name). Amounts in wei,
 * shares with 18 decimals, energy in Wh.
 */
export interface FundStatistics extends NavComponentFields {
  blockNumber: bigint;
  fundAddress: Address | null;
  /** Fund parameters (null if the subgraph could not read them). */
  epochDuration: bigint | null;
  timelockDelay: bigint | null;
  maxPurchaseWei: bigint | null;
  genesisTimestamp: bigint | null;
  /** The open epoch and when it can be settled. */
  currentEpoch: bigint;
  nextEpochAt: bigint | null;
  totalSupply: bigint;
  /** Settled deposit shares not claimed yet, and redemption shares not filled yet (both held by the fund). */
  escrowedDepositShares: bigint;
  redeemSharesPending: bigint;
  /** max(nav, 0). */
  totalAssets: bigint;
  /** NAV per whole share (x 1e18), 0 without shares. */
  navPerShare: bigint;
  /** convertToAssets(1e18): the share price with the ERC-4626 virtual offsets. */
  sharePrice: bigint;
  /** What `owed` is made of. */
  owedDividends: bigint;
  vendorPaymentsOwed: bigint;
  reservedRedeemAssets: bigint;
  pendingDepositAssets: bigint;
  refundableDepositAssets: bigint;
  etherBalance: bigint;
  realisedProfit: bigint;
  /** Net trading cash (signed), revenue (ether received) and cost (ether paid). */
  tradeCashFlow: bigint;
  tradeRevenue: bigint;
  tradeCost: bigint;
  totalDepositRequested: bigint;
  totalDepositCanceled: bigint;
  /** Deposit ether converted to shares at settlements, and the shares. */
  totalDeposited: bigint;
  totalDepositShares: bigint;
  totalRedeemRequested: bigint;
  totalRedeemCanceled: bigint;
  totalRedeemFilled: bigint;
  totalRedeemAssets: bigint;
  totalRedeemClaimed: bigint;
  totalDividendsDeclared: bigint;
  totalCapitalReturned: bigint;
  totalDividendsWithdrawn: bigint;
  totalDustSwept: bigint;
  totalVendorPaymentsWithdrawn: bigint;
  totalSpentOnBatteries: bigint;
  totalWrittenOff: bigint;
  magnifiedDividendPerShare: bigint;
  /** Distributions scheduled for the open epoch's settlement. */
  scheduledDividendBps: number;
  scheduledCapitalAmount: bigint;
  proposedPurchaseValue: bigint;
  investorCount: bigint;
  holderCount: bigint;
  depositRequestCount: bigint;
  redeemRequestCount: bigint;
  epochCount: bigint;
  dividendCount: bigint;
  capitalReturnCount: bigint;
  dividendClaimCount: bigint;
  shareTransferCount: bigint;
  purchaseProposalCount: bigint;
  batteryPurchaseCount: bigint;
  tradeCount: bigint;
  chargeCount: bigint;
  dischargeCount: bigint;
  idleCount: bigint;
  skipCount: bigint;
  energyChargedWh: bigint;
  energyStoredWh: bigint;
  energyDischargedWh: bigint;
  lastUpdatedBlock: bigint;
  lastUpdatedTimestamp: bigint;
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
    profileCount: bigint;
  } | null;
}

/**
 * The fund's indexed books and totals (plus the plant's counters), at one block.
 *
 * @example
 * const stats = await getFundStatistics(client);
 * console.log(stats.nav, stats.storedEnergyValue, stats.epochCount, stats.realisedProfit);
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
      'epochDuration timelockDelay maxPurchaseWei genesisTimestamp currentEpoch nextEpochAt totalSupply escrowedDepositShares redeemSharesPending freeCash earningsCash capitalCash storedEnergyValue batteryBookValue owed nav totalAssets sharePrice owedDividends vendorPaymentsOwed reservedRedeemAssets pendingDepositAssets refundableDepositAssets etherBalance realisedProfit tradeCashFlow tradeRevenue tradeCost totalDepositRequested totalDepositCanceled totalDeposited totalDepositShares totalRedeemRequested totalRedeemCanceled totalRedeemFilled totalRedeemAssets totalRedeemClaimed totalDividendsDeclared totalCapitalReturned totalDividendsWithdrawn totalDustSwept totalVendorPaymentsWithdrawn totalSpentOnBatteries totalWrittenOff magnifiedDividendPerShare scheduledCapitalAmount proposedPurchaseValue investorCount holderCount depositRequestCount redeemRequestCount epochCount dividendCount capitalReturnCount dividendClaimCount shareTransferCount purchaseProposalCount batteryPurchaseCount tradeCount chargeCount dischargeCount idleCount skipCount energyChargedWh energyStoredWh energyDischargedWh lastUpdatedBlock lastUpdatedTimestamp',
    );
    stats.blockNumber = blockNumber;
    stats.fundAddress = f.address ?? null;
    stats.scheduledDividendBps = f.scheduledDividendBps;
    stats.navPerShare = navPerShare(stats.nav, stats.totalSupply);
    const p = data.plant;
    stats.plant = p
      ? {
          ...pick<NonNullable<FundStatistics['plant']>>(
            p,
            'owner paused',
            'adminCount batteryCount fleetSize activeBatteryCount decommissionedBatteryCount purchasedBatteryCount latestPrice latestPriceUpdatedAt priceRoundCount profileCount',
          ),
          pendingOwner: p.pendingOwner ?? null,
        }
      : null;
    return stats;
  });
}
