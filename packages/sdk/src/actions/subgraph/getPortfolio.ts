import type { Address, Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { byChainOrder, readAllPages } from '../../internal/paging.js';
import { big, EVENT_BIGINTS, pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { assertAddress } from '../../internal/validate.js';
import {
  DividendClaimsQuery,
  FundDaysQuery,
  InvestmentsQuery,
  InvestorDaysQuery,
  PortfolioQuery,
  ShareTransfersQuery,
} from '../../subgraph/documents.js';
import { toFundDay } from '../../internal/mappers.js';

export interface PortfolioInvestment {
  amount: bigint;
  sharesMinted: bigint;
  totalSupplyAfter: bigint;
  navAfter: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

export interface PortfolioTransfer {
  direction: 'in' | 'out';
  from: Address;
  to: Address;
  /** Shares. */
  value: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

export interface PortfolioClaim {
  to: Address;
  amount: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

/** The investor's position on one UTC day (carried forward on days without activity). */
export interface PortfolioDay {
  dayIndex: number;
  dayStartTimestamp: bigint;
  shares: bigint;
  /** Fund shares outstanding that day. */
  totalSupply: bigint;
  /** shares * NAV / totalSupply at the end of the day, wei. */
  value: bigint;
  totalInvested: bigint;
  dividendsEarned: bigint;
  dividendsClaimed: bigint;
  dividendsWithdrawable: bigint;
}

export interface Portfolio {
  /** Every figure was read at this (indexed) block. */
  blockNumber: bigint;
  investor: Address;
  /** Shares held. */
  shares: bigint;
  /** Fund shares outstanding. */
  totalSupply: bigint;
  /** shares / totalSupply in basis points (rounded down). */
  shareOfFundBps: bigint;
  /** shares / totalSupply as a fraction (for display). */
  shareOfFund: number;
  /** The shares' part of the fund's NAV, wei. */
  value: bigint;
  /** Ether invested. */
  totalInvested: bigint;
  sharesMinted: bigint;
  /** Dividends and capital returns earned so far (= fund.accumulativeDividendOf). */
  dividendsEarned: bigint;
  /** Withdrawn so far (= fund.withdrawnDividendOf). */
  dividendsClaimed: bigint;
  /** Withdrawable now (= fund.withdrawableDividendOf). */
  dividendsWithdrawable: bigint;
  firstInvestedAt: bigint | null;
  /** Value over time, one entry per UTC day since the investor's first activity. */
  history: PortfolioDay[];
  investments: PortfolioInvestment[];
  /** Share transfers in and out (mints are in `investments`). */
  transfers: PortfolioTransfer[];
  claims: PortfolioClaim[];
}

export interface GetPortfolioParameters extends RequestOptions {
  investor: Address;
  blockNumber?: bigint | number;
}

/**
 * An investor's portfolio from the subgraph: position and share of the fund, dividends, value over time and the
 * history of investments, transfers and dividend claims; every part read at one block. An address that never
 * held shares gets an empty portfolio.
 */
export function getPortfolio(client: VppClient, params: GetPortfolioParameters): Promise<Portfolio> {
  return subgraphAction(client, params, async (signal) => {
    const investor = assertAddress('investor', params.investor, { allowZero: true }).toLowerCase() as Address;
    const first = await subgraphRequest(client, PortfolioQuery, {
      id: investor,
      block: params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) },
    }, { signal });
    const blockNumber = first._meta?.block.number ?? Number(params.blockNumber ?? 0);
    const block = { number: blockNumber };
    const i = first.investor;
    const totalSupply = big(first.fund?.totalSupply ?? '0');
    const nav = big(first.fund?.netAssetValue ?? '0');
    const shares = big(i?.shares ?? '0');
    const empty = {
      ...pick<Omit<Portfolio, 'history' | 'investments' | 'transfers' | 'claims'>>(
        i ?? {},
        '',
        'totalInvested sharesMinted dividendsEarned dividendsClaimed dividendsWithdrawable firstInvestedAt',
      ),
      blockNumber: BigInt(blockNumber),
      investor,
      shares,
      totalSupply,
      shareOfFundBps: totalSupply === 0n ? 0n : (shares * 10_000n) / totalSupply,
      shareOfFund: totalSupply === 0n ? 0 : Number((shares * 10n ** 12n) / totalSupply) / 1e12,
      value: totalSupply === 0n ? 0n : (shares * nav) / totalSupply,
    };
    if (!i) {
      for (const k of ['totalInvested', 'sharesMinted', 'dividendsEarned', 'dividendsClaimed', 'dividendsWithdrawable'] as const) {
        empty[k] = 0n;
      }
    }
    if (!i) return { ...empty, history: [], investments: [], transfers: [], claims: [] };

    const opts = { blockNumber };
    // Every history list is paged the same way: a fixed filter plus the `id_gt` cursor, at the pinned block.
    const byId = <F extends object, T extends { id: string }>(
      filter: F,
      page: (where: F & { id_gt?: Hash }, first: number) => Promise<readonly T[]>,
    ) =>
      readAllPages(
        async ({ cursor, first: n }) => ({
          items: [...(await page(cursor === undefined ? filter : { ...filter, id_gt: cursor as Hash }, n))],
          blockNumber,
        }),
        (x) => x.id,
        opts,
      );
    const [investments, transfersOut, transfersIn, claims, days] = await Promise.all([
      byId({ investor }, async (where, n) => (await subgraphRequest(client, InvestmentsQuery, { where, first: n, block }, { signal })).investments),
      byId({ fromAddress: investor }, async (where, n) => (await subgraphRequest(client, ShareTransfersQuery, { where, first: n, block }, { signal })).shareTransfers),
      byId({ toAddress: investor }, async (where, n) => (await subgraphRequest(client, ShareTransfersQuery, { where, first: n, block }, { signal })).shareTransfers),
      byId({ holder: investor }, async (where, n) => (await subgraphRequest(client, DividendClaimsQuery, { where, first: n, block }, { signal })).dividendClaims),
      readAllPages(
        async ({ cursor, first: n }) => {
          const d = await subgraphRequest(client, InvestorDaysQuery, {
            where: cursor === undefined ? { investor } : { investor, dayIndex_gt: Number(cursor) },
            first: n,
            block,
          }, { signal });
          return { items: d.investorDaySnapshots, blockNumber };
        },
        (x) => String(x.dayIndex),
        opts,
      ),
    ]);

    // Value over time: the investor's end-of-day position carried forward over the fund's daily NAV.
    const history: PortfolioDay[] = [];
    const firstDay = days.items[0]?.dayIndex;
    if (firstDay !== undefined) {
      const fundDays = await readAllPages(
        async ({ cursor, first: n }) => {
          const d = await subgraphRequest(client, FundDaysQuery, {
            where: cursor === undefined ? { dayIndex_gte: firstDay } : { dayIndex_gte: firstDay, dayIndex_gt: Number(cursor) },
            first: n,
            block,
          }, { signal });
          return { items: d.fundDaySnapshots.map(toFundDay), blockNumber };
        },
        (x) => String(x.dayIndex),
        opts,
      );
      let k = 0;
      let current = days.items[0]!;
      for (const fd of fundDays.items) {
        while (k < days.items.length && days.items[k]!.dayIndex <= fd.dayIndex) current = days.items[k++]!;
        const s = big(current.shares);
        history.push({
          dayIndex: fd.dayIndex,
          dayStartTimestamp: fd.dayStartTimestamp,
          shares: s,
          totalSupply: fd.totalSupply,
          value: fd.totalSupply === 0n ? 0n : (s * fd.netAssetValue) / fd.totalSupply,
          totalInvested: big(current.totalInvested),
          dividendsEarned: big(current.dividendsEarned),
          dividendsClaimed: big(current.dividendsClaimed),
          dividendsWithdrawable: big(current.dividendsWithdrawable),
        });
      }
    }

    const transfers: PortfolioTransfer[] = [
      ...transfersOut.items.map((t) => ({ ...t, direction: 'out' })),
      ...transfersIn.items.map((t) => ({ ...t, direction: 'in' })),
    ]
      .filter((t) => !t.isMint)
      .map((t) => ({
        ...pick<PortfolioTransfer>(t, 'direction transactionHash', `value ${EVENT_BIGINTS}`),
        from: t.fromAddress,
        to: t.toAddress,
      }));

    return {
      ...empty,
      history,
      investments: investments.items
        .map((x) => pick<PortfolioInvestment>(x, 'transactionHash', `amount sharesMinted totalSupplyAfter navAfter ${EVENT_BIGINTS}`))
        .sort(byChainOrder),
      transfers: transfers.sort(byChainOrder),
      claims: claims.items.map((c) => pick<PortfolioClaim>(c, 'to transactionHash', `amount ${EVENT_BIGINTS}`)).sort(byChainOrder),
    };
  });
}
