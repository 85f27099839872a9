import type { TadaDocumentNode } from 'gql.tada';
import type { Address, Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { byChainOrder, readAllPages } from '../../internal/paging.js';
import { big, EVENT_BIGINTS, pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { assertAddress } from '../../internal/validate.js';
import {
  DepositClaimsQuery,
  DepositRequestsQuery,
  DividendClaimsQuery,
  FundDaysQuery,
  InvestorDaysQuery,
  PortfolioQuery,
  RedeemClaimsQuery,
  RedeemRequestsQuery,
  ShareTransfersQuery,
} from '../../subgraph/documents.js';
import { toFundDay, toPosition, type InvestorPosition } from '../../internal/mappers.js';

/** A deposit request of one epoch (ERC-7540 requestId = epoch). */
export interface PortfolioDepositRequest {
  requestId: bigint;
  status: 'Pending' | 'Claimable' | 'Claimed' | 'Canceled' | 'Refused';
  /** Ether in the request (canceled ether moves to `canceledAssets`). */
  assets: bigint;
  /** Shares it converted to at its epoch's settlement (0 until settled). */
  shares: bigint;
  claimedAssets: bigint;
  claimedShares: bigint;
  canceledAssets: bigint;
  createdAt: bigint;
  updatedAt: bigint;
}

/** A redemption request of one epoch, filled pro rata at settlements (the rest queued). */
export interface PortfolioRedeemRequest {
  requestId: bigint;
  status: 'Pending' | 'Queued' | 'PartiallyFilled' | 'Filled' | 'Claimed' | 'Canceled';
  shares: bigint;
  filledShares: bigint;
  /** Ether the filled shares were paid at. */
  filledAssets: bigint;
  queuedShares: bigint;
  claimedShares: bigint;
  claimedAssets: bigint;
  canceledShares: bigint;
  createdAt: bigint;
  updatedAt: bigint;
}

/** A claim of settled deposit shares (`deposit` / `mint`) or of redemption ether (`redeem` / `withdraw`). */
export interface PortfolioRequestClaim {
  receiver: Address;
  assets: bigint;
  shares: bigint;
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
  /** Owned shares at the end of the day: wallet + unclaimed deposit shares + pending redemptions. */
  shares: bigint;
  /** Fund shares outstanding that day. */
  totalSupply: bigint;
  /** shares × NAV / totalSupply at the end of the day, wei. */
  value: bigint;
  pendingDepositAssets: bigint;
  claimableRedeemAssets: bigint;
  dividendsEarned: bigint;
  dividendsClaimed: bigint;
  dividendsWithdrawable: bigint;
  dividendsEscrowed: bigint;
}

export interface Portfolio extends InvestorPosition {
  /** Every figure was read at this (indexed) block. */
  blockNumber: bigint;
  investor: Address;
  /** Fund shares outstanding. */
  totalSupply: bigint;
  /** The fund's NAV, wei. */
  nav: bigint;
  /** Value over time, one entry per UTC day since the investor's first activity. */
  history: PortfolioDay[];
  depositRequests: PortfolioDepositRequest[];
  redeemRequests: PortfolioRedeemRequest[];
  /** Claims of settled deposit shares, and of redemption ether. */
  depositClaims: PortfolioRequestClaim[];
  redeemClaims: PortfolioRequestClaim[];
  /** Share transfers to and from other accounts (mints, burns and the fund's escrow moves excluded: see requests and claims). */
  transfers: PortfolioTransfer[];
  /** Dividend and capital-return withdrawals. */
  claims: PortfolioClaim[];
}

export interface GetPortfolioParameters extends RequestOptions {
  investor: Address;
  blockNumber?: bigint | number;
}

const CLAIM_FIELDS = `assets shares ${EVENT_BIGINTS}`;

/**
 * An investor's portfolio from the subgraph: shares (escrowed ones included) and share of the fund, value at NAV,
 * pending and claimable requests, dividends, value over time and the history of requests, claims, transfers and
 * dividend withdrawals; every part read at one block. An address the subgraph never saw gets an empty portfolio.
 *
 * @example
 * const p = await getPortfolio(client, { investor: account.address });
 * console.log(p.ownedShares, p.value, p.pendingDepositAssets, p.claimableRedeemAssets, p.dividendsWithdrawable);
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
    const nav = big(first.fund?.nav ?? '0');
    const fundAddress = (first.fund?.address ?? '').toLowerCase();
    const base = { ...toPosition(investor, i, totalSupply, nav), blockNumber: BigInt(blockNumber), investor, totalSupply, nav };
    const none = { history: [], depositRequests: [], redeemRequests: [], depositClaims: [], redeemClaims: [], transfers: [], claims: [] };
    if (!i) return { ...base, ...none };

    const opts = { blockNumber };
    // Every history list is paged the same way: a fixed filter plus the `id_gt` cursor, at the pinned block.
    const byId = <F extends object, T extends { id: string }>(
      filter: F,
      page: (where: F & { id_gt?: string }, first: number) => Promise<readonly T[]>,
    ) =>
      readAllPages(
        async ({ cursor, first: n }) => ({
          items: [...(await page(cursor === undefined ? filter : { ...filter, id_gt: cursor }, n))],
          blockNumber,
        }),
        (x) => x.id,
        opts,
      );
    // One page of a list query at the pinned block (the documents' variables are checked where they are declared).
    const q =
      <R>(document: TadaDocumentNode<R, never>) =>
      (where: object, n: number): Promise<R> =>
        subgraphRequest(client, document, { where, first: n, block } as never, { signal });
    const [deposits, redeems, depositClaims, redeemClaims, transfersOut, transfersIn, claims, days] = await Promise.all([
      byId({ controller: investor }, async (w, n) => (await q(DepositRequestsQuery)(w, n)).depositRequests),
      byId({ controller: investor }, async (w, n) => (await q(RedeemRequestsQuery)(w, n)).redeemRequests),
      byId({ controller: investor }, async (w, n) => (await q(DepositClaimsQuery)(w, n)).depositClaims),
      byId({ controller: investor }, async (w, n) => (await q(RedeemClaimsQuery)(w, n)).redeemClaims),
      byId({ fromAddress: investor }, async (w, n) => (await q(ShareTransfersQuery)(w, n)).shareTransfers),
      byId({ toAddress: investor }, async (w, n) => (await q(ShareTransfersQuery)(w, n)).shareTransfers),
      byId({ holder: investor }, async (w, n) => (await q(DividendClaimsQuery)(w, n)).dividendClaims),
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
        const owned = big(current.shares) + big(current.claimableDepositShares) + big(current.pendingRedeemShares);
        history.push({
          dayIndex: fd.dayIndex,
          dayStartTimestamp: fd.dayStartTimestamp,
          shares: owned,
          totalSupply: fd.totalSupply,
          value: fd.totalSupply === 0n || fd.nav <= 0n ? 0n : (owned * fd.nav) / fd.totalSupply,
          ...pick<Omit<PortfolioDay, 'dayIndex' | 'dayStartTimestamp' | 'shares' | 'totalSupply' | 'value'>>(
            current,
            '',
            'pendingDepositAssets claimableRedeemAssets dividendsEarned dividendsClaimed dividendsWithdrawable dividendsEscrowed',
          ),
        });
      }
    }

    // Transfers with other accounts: the fund's own escrow moves are the requests and claims above.
    const transfers: PortfolioTransfer[] = [
      ...transfersOut.items.map((t) => ({ ...t, direction: 'out' })),
      ...transfersIn.items.map((t) => ({ ...t, direction: 'in' })),
    ]
      .filter((t) => !t.isMint && t.fromAddress.toLowerCase() !== fundAddress && t.toAddress.toLowerCase() !== fundAddress)
      .map((t) => ({
        ...pick<PortfolioTransfer>(t, 'direction transactionHash', `value ${EVENT_BIGINTS}`),
        from: t.fromAddress,
        to: t.toAddress,
      }));
    const byRequest = (a: { requestId: bigint }, b: { requestId: bigint }) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0);

    return {
      ...base,
      history,
      depositRequests: deposits.items
        .map((r) => pick<PortfolioDepositRequest>(r, 'status', 'requestId assets shares claimedAssets claimedShares canceledAssets createdAt updatedAt'))
        .sort(byRequest),
      redeemRequests: redeems.items
        .map((r) =>
          pick<PortfolioRedeemRequest>(
            r,
            'status',
            'requestId shares filledShares filledAssets queuedShares claimedShares claimedAssets canceledShares createdAt updatedAt',
          ),
        )
        .sort(byRequest),
      depositClaims: depositClaims.items.map((c) => pick<PortfolioRequestClaim>(c, 'receiver transactionHash', CLAIM_FIELDS)).sort(byChainOrder),
      redeemClaims: redeemClaims.items.map((c) => pick<PortfolioRequestClaim>(c, 'receiver transactionHash', CLAIM_FIELDS)).sort(byChainOrder),
      transfers: transfers.sort(byChainOrder),
      claims: claims.items.map((c) => pick<PortfolioClaim>(c, 'to transactionHash', `amount ${EVENT_BIGINTS}`)).sort(byChainOrder),
    };
  });
}
