import type { Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { readAllPages } from '../../internal/paging.js';
import { big, pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { EpochsQuery } from '../../subgraph/documents.js';
import type { VariablesOf } from '../../subgraph/graphql.js';

/** One epoch of the fund as indexed: the requests filed in it and, once settled, its price and results. */
export interface IndexedEpoch {
  epoch: bigint;
  /** Not settled yet. */
  open: boolean;
  /** When it can be settled, unix seconds. */
  closesAt: bigint | null;
  /** Deposit ether requested in it (net of cancels) and redemption shares requested (net of cancels). */
  depositRequested: bigint;
  depositRequestCount: bigint;
  redeemRequested: bigint;
  redeemRequestCount: bigint;
  settledAt: bigint | null;
  settledAtBlock: bigint | null;
  settlementTransaction: Hash | null;
  /** NAV and supply it was priced at, and the price of a whole share (1e18 × (nav + 1) / (supply + 1)), wei. */
  nav: bigint | null;
  supply: bigint | null;
  sharePrice: bigint | null;
  /** Deposits converted (0 when refused) and the shares minted. */
  depositAssets: bigint;
  depositShares: bigint;
  depositsRefused: boolean;
  refusedAssets: bigint;
  /** Its redemptions filled so far (cumulative over settlements), their ether, and the shares still queued. */
  redeemFilled: bigint;
  redeemAssets: bigint;
  redeemQueued: bigint;
  /** What its settlement did across every queued epoch (EpochSettled). */
  settledRedeemSharesFilled: bigint | null;
  settledRedeemAssetsPaid: bigint | null;
  settledRedeemSharesQueued: bigint | null;
  dustSwept: bigint;
  /** NAV components after its settlement. */
  freeCashAfter: bigint | null;
  earningsCashAfter: bigint | null;
  storedEnergyValueAfter: bigint | null;
  batteryBookValueAfter: bigint | null;
  navAfter: bigint | null;
  supplyAfter: bigint | null;
  /** Distributions its settlement paid. */
  dividends: { dividendId: bigint; capitalReturn: boolean; amount: bigint; basisPoints: number }[];
}

export interface GetEpochsParameters extends RequestOptions {
  /** Only settled (false) or only the open epoch (true). */
  open?: boolean;
  /** First and last epoch, inclusive. */
  fromEpoch?: bigint | number;
  toEpoch?: bigint | number;
  limit?: number;
  blockNumber?: bigint | number;
}

const BIGINTS =
  'epoch closesAt depositRequested depositRequestCount redeemRequested redeemRequestCount settledAt settledAtBlock nav supply sharePrice depositAssets depositShares refusedAssets redeemFilled redeemAssets redeemQueued settledRedeemSharesFilled settledRedeemAssetsPaid settledRedeemSharesQueued dustSwept freeCashAfter earningsCashAfter storedEnergyValueAfter batteryBookValueAfter navAfter supplyAfter';

/**
 * The fund's epochs in order — requests filed, the NAV and share price each settlement used, deposits converted,
 * redemptions filled and queued, distributions paid, NAV components after — paged by epoch at one block.
 *
 * @example
 * const { epochs } = await getEpochs(client, { open: false });
 * for (const e of epochs) console.log(e.epoch, formatEther(e.sharePrice ?? 0n), e.depositAssets, e.redeemAssets);
 */
export function getEpochs(client: VppClient, params: GetEpochsParameters = {}): Promise<{ epochs: IndexedEpoch[]; blockNumber: bigint }> {
  return subgraphAction(client, params, async (signal) => {
    const base: VariablesOf<typeof EpochsQuery>['where'] = {};
    if (params.open !== undefined) base.open = params.open;
    if (params.fromEpoch !== undefined) base.epoch_gte = BigInt(params.fromEpoch).toString();
    if (params.toEpoch !== undefined) base.epoch_lte = BigInt(params.toEpoch).toString();
    const { items, blockNumber } = await readAllPages(
      async ({ block, cursor, first }) => {
        const where = cursor === undefined ? base : { ...base, epoch_gt: cursor };
        const data = await subgraphRequest(client, EpochsQuery, { where, first, block }, { signal });
        const items = data.epoches.map(
          (e): IndexedEpoch => ({
            ...pick<IndexedEpoch>(e, 'open depositsRefused', BIGINTS),
            settlementTransaction: e.settlementTransaction ?? null,
            dividends: e.dividends.map((d) => ({
              dividendId: big(d.dividendId),
              capitalReturn: d.capitalReturn,
              amount: big(d.amount),
              basisPoints: d.basisPoints,
            })),
          }),
        );
        return { items, blockNumber: data._meta?.block.number ?? 0 };
      },
      (e) => e.epoch.toString(),
      { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber), limit: params.limit },
    );
    return { epochs: items, blockNumber: BigInt(blockNumber) };
  });
}
