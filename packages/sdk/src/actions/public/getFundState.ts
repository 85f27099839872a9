import { vppFund_totalSupply, vppFund_totalInvested, vppFund_totalCapitalReturned, vppFund_totalSpentOnBatteries, vppFund_tradingProfit, vppFund_totalDividendsDeclared, vppFund_totalDividendsWithdrawn, vppFund_totalOwed, vppFund_freeBalance, vppFund_distributableEarnings, vppFund_netAssetValue, vppFund_dividendCount, vppFund_magnifiedDividendPerShare } from '../../abi.generated.js';
import { getBalance } from 'viem/actions';
import { getVppAddress, type VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { readAll, rpcAction } from '../../internal/contract.js';

export interface GetFundStateParameters extends ReadParameters {
}

/** The fund's figures at one block. Amounts in wei, shares with 18 decimals. */
export interface FundState {
  /** The block every figure was read at. */
  blockNumber: bigint;
  /** Shares outstanding. */
  totalSupply: bigint;
  totalInvested: bigint;
  totalCapitalReturned: bigint;
  totalSpentOnBatteries: bigint;
  /** Cumulative net trading cash flow (signed). */
  tradingProfit: bigint;
  /** Dividends declared from earnings (capital returns excluded). */
  totalDividendsDeclared: bigint;
  totalDividendsWithdrawn: bigint;
  /** Ether owed: unclaimed dividends / capital returns and unpaid vendors. */
  totalOwed: bigint;
  /** Ether held minus ether owed. */
  freeBalance: bigint;
  /** Base of `declareDividend`: min(retained earnings, free balance). */
  distributableEarnings: bigint;
  /** Contributed capital + retained earnings (signed). */
  netAssetValue: bigint;
  /** NAV per share scaled by 1e18 (wei per whole share); 0 when no shares exist. */
  navPerShare: bigint;
  dividendCount: bigint;
  magnifiedDividendPerShare: bigint;
  /** Ether held by the fund contract. */
  etherBalance: bigint;
}

const fields = [
  vppFund_totalSupply,
  vppFund_totalInvested,
  vppFund_totalCapitalReturned,
  vppFund_totalSpentOnBatteries,
  vppFund_tradingProfit,
  vppFund_totalDividendsDeclared,
  vppFund_totalDividendsWithdrawn,
  vppFund_totalOwed,
  vppFund_freeBalance,
  vppFund_distributableEarnings,
  vppFund_netAssetValue,
  vppFund_dividendCount,
  vppFund_magnifiedDividendPerShare,
] as const;

/** Every figure of the fund, read in parallel at one block. */
export function getFundState(client: VppClient, params: GetFundStateParameters = {}): Promise<FundState> {
  return rpcAction(client, params, async () => {
    const { blockNumber, results } = await readAll<bigint[]>(
      client,
      fields.map((f) => ['vppFund', f] as const),
      params.blockNumber,
    );
    const etherBalance = await getBalance(client, { address: getVppAddress(client, 'vppFund'), blockNumber });
    const state = Object.fromEntries(fields.map((f, i) => [f.name, results[i]!])) as Record<(typeof fields)[number]['name'], bigint>;
    const navPerShare = state.totalSupply === 0n ? 0n : (state.netAssetValue * 10n ** 18n) / state.totalSupply;
    return { blockNumber, ...state, navPerShare, etherBalance };
  });
}
