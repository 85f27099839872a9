import { vppFund_epochInfo } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { read, rpcAction } from '../../internal/contract.js';
import { MAX_UINT256, toInteger } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetEpochInfoParameters extends ReadParameters {
  epoch: bigint | number;
}

/** One epoch's settlement record (IEnergyInvestmentFund.Epoch); all zero for an epoch not settled yet. */
export interface EpochInfo {
  epoch: bigint;
  /** Deposits converted at the settlement: ether, wei, and the shares minted for them. */
  depositAssets: bigint;
  depositShares: bigint;
  /** Shares requested for redemption in this epoch, and how many are filled so far (later epochs fill queued ones). */
  redeemShares: bigint;
  redeemFilled: bigint;
  /** Ether reserved for this epoch's filled redemptions, wei. */
  redeemAssets: bigint;
  /** The epoch's deposits were refused (refundable with `cancelDepositRequest`). */
  depositsRefused: boolean;
  /** Deposit ether and shares not yet claimed by their controllers. */
  depositAssetsLeft: bigint;
  depositSharesLeft: bigint;
}

/**
 * One epoch's settlement record: deposits converted, redemptions filled, what is left to claim.
 *
 * @example
 * const info = await getEpochInfo(client, { epoch: 1n });
 * const price = info.depositShares === 0n ? 0n : (info.depositAssets * 10n ** 18n) / info.depositShares; // wei per share
 */
export function getEpochInfo(client: VppClient, params: GetEpochInfoParameters): Promise<EpochInfo> {
  return rpcAction(client, params, async () => {
    const epoch = toInteger('epoch', params.epoch, 0n, MAX_UINT256);
    const e = await read<Omit<EpochInfo, 'epoch'> & { mdps: bigint }>(client, 'vppFund', vppFund_epochInfo, [epoch], params.blockNumber);
    return {
      epoch,
      depositAssets: e.depositAssets,
      depositShares: e.depositShares,
      redeemShares: e.redeemShares,
      redeemFilled: e.redeemFilled,
      redeemAssets: e.redeemAssets,
      depositsRefused: e.depositsRefused,
      depositAssetsLeft: e.depositAssetsLeft,
      depositSharesLeft: e.depositSharesLeft,
    };
  });
}
