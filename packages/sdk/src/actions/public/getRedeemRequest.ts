import { vppFund_claimableRedeemAssets, vppFund_claimableRedeemRequest, vppFund_currentEpoch, vppFund_pendingRedeemRequest } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetRedeemRequestParameters extends ReadParameters {
  /** The request's controller. */
  controller: Address;
}

/** A controller's redeem request at one block (ERC-7540 views). */
export interface RedeemRequestState {
  blockNumber: bigint;
  controller: Address;
  /** The open epoch. */
  currentEpoch: bigint;
  /** Escrowed shares not filled yet: waiting for a settlement, or queued for lack of free cash. */
  pendingShares: bigint;
  /** Filled shares not claimed yet (= `maxRedeem`): claim with `redeem`. */
  claimableShares: bigint;
  /** The ether they were filled at (= `maxWithdraw`), wei: claim with `withdraw`. */
  claimableAssets: bigint;
}

/**
 * A controller's pending (unfilled or queued) and claimable redemption.
 *
 * @example
 * const { pendingShares, claimableAssets } = await getRedeemRequest(client, { controller: account.address });
 * if (claimableAssets > 0n) await (await withdraw(wallet, { assets: claimableAssets })).wait();
 */
export function getRedeemRequest(client: VppClient, params: GetRedeemRequestParameters): Promise<RedeemRequestState> {
  return rpcAction(client, params, async () => {
    const controller = assertAddress('controller', params.controller, { allowZero: true });
    const {
      blockNumber,
      results: [currentEpoch, pendingShares, claimableShares, claimableAssets],
    } = await readAll<[bigint, bigint, bigint, bigint]>(
      client,
      [
        ['vppFund', vppFund_currentEpoch],
        ['vppFund', vppFund_pendingRedeemRequest, [0n, controller]],
        ['vppFund', vppFund_claimableRedeemRequest, [0n, controller]],
        ['vppFund', vppFund_claimableRedeemAssets, [controller]],
      ],
      params.blockNumber,
    );
    return { blockNumber, controller, currentEpoch, pendingShares, claimableShares, claimableAssets };
  });
}
