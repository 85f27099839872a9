import {
  vppFund_currentEpoch,
  vppFund_dividendCount,
  vppFund_epochDuration,
  vppFund_escrowedDepositShares,
  vppFund_magnifiedDividendPerShare,
  vppFund_maxPurchaseWei,
  vppFund_navComponents,
  vppFund_nextEpochAt,
  vppFund_proposedPurchaseValue,
  vppFund_realisedProfit,
  vppFund_scheduledDistributions,
  vppFund_timelockDelay,
  vppFund_totalCapitalReturned,
  vppFund_totalDividendsDeclared,
  vppFund_totalDividendsWithdrawn,
  vppFund_totalDustSwept,
  vppFund_totalSupply,
} from '../../abi.generated.js';
import { getBalance } from 'viem/actions';
import { getVppAddress, type VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { navPerShareOf, type NavComponents } from './getNavComponents.js';

export type GetFundStateParameters = ReadParameters;

/** Every figure of the fund at one block. Amounts in wei, shares with 18 decimals. */
export interface FundState extends NavComponents {
  /** Shares held in escrow for settled deposits not yet claimed. */
  escrowedDepositShares: bigint;
  /** Realised trading profit so far (signed): cash received for energy sold less its cost. */
  realisedProfit: bigint;
  /** Dividends declared from earnings (capital returns excluded), and withdrawn, and rounding dust swept back. */
  totalDividendsDeclared: bigint;
  totalDividendsWithdrawn: bigint;
  totalCapitalReturned: bigint;
  totalDustSwept: bigint;
  dividendCount: bigint;
  magnifiedDividendPerShare: bigint;
  /** The open epoch, when it can be settled (unix seconds) and the epoch length (seconds). */
  currentEpoch: bigint;
  nextEpochAt: bigint;
  epochDuration: bigint;
  /** Distributions scheduled for the open epoch's settlement: a dividend in bps of the earnings cash, a capital return in wei. */
  scheduledDividendBps: number;
  scheduledCapitalReturn: bigint;
  /** Purchase controls: the timelock (seconds), the cap of live proposals (wei) and their current total. */
  timelockDelay: bigint;
  maxPurchaseWei: bigint;
  proposedPurchaseValue: bigint;
  /** Ether held by the fund contract (free cash + owed + pending deposits + reserved redemptions). */
  etherBalance: bigint;
}

const scalars = [
  vppFund_totalSupply,
  vppFund_escrowedDepositShares,
  vppFund_realisedProfit,
  vppFund_totalDividendsDeclared,
  vppFund_totalDividendsWithdrawn,
  vppFund_totalCapitalReturned,
  vppFund_totalDustSwept,
  vppFund_dividendCount,
  vppFund_magnifiedDividendPerShare,
  vppFund_currentEpoch,
  vppFund_nextEpochAt,
  vppFund_epochDuration,
  vppFund_timelockDelay,
  vppFund_maxPurchaseWei,
  vppFund_proposedPurchaseValue,
] as const;

/**
 * Every figure of the fund — NAV components, supply, distributions, epochs, purchase controls — read in parallel at
 * one block.
 *
 * @example
 * const fund = await getFundState(client);
 * console.log(fund.nav, fund.navPerShare, fund.currentEpoch, fund.earningsCash);
 */
export function getFundState(client: VppClient, params: GetFundStateParameters = {}): Promise<FundState> {
  return rpcAction(client, params, async () => {
    const { blockNumber, results } = await readAll<unknown[]>(
      client,
      [['vppFund', vppFund_navComponents], ['vppFund', vppFund_scheduledDistributions], ...scalars.map((f) => ['vppFund', f] as const)],
      params.blockNumber,
    );
    const [freeCash, earningsCash, capitalCash, storedEnergyValue, batteryBookValue, owed, nav] = results[0] as readonly bigint[];
    const [scheduledDividendBps, scheduledCapitalReturn] = results[1] as readonly [number, bigint];
    const s = Object.fromEntries(scalars.map((f, i) => [f.name, results[i + 2] as bigint])) as Record<(typeof scalars)[number]['name'], bigint>;
    const etherBalance = await getBalance(client, { address: getVppAddress(client, 'vppFund'), blockNumber });
    return {
      blockNumber,
      freeCash: freeCash!,
      earningsCash: earningsCash!,
      capitalCash: capitalCash!,
      storedEnergyValue: storedEnergyValue!,
      batteryBookValue: batteryBookValue!,
      owed: owed!,
      nav: nav!,
      ...s,
      navPerShare: navPerShareOf(nav!, s.totalSupply),
      scheduledDividendBps: Number(scheduledDividendBps),
      scheduledCapitalReturn,
      etherBalance,
    };
  });
}
