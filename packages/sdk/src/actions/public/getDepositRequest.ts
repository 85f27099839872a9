import {
  vppFund_claimableDepositRequest,
  vppFund_claimableDepositShares,
  vppFund_currentEpoch,
  vppFund_escrowedDividendOf,
  vppFund_pendingDepositOf,
} from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetDepositRequestParameters extends ReadParameters {
  /** The request's controller. */
  controller: Address;
}

/** A controller's deposit requests at one block (ERC-7540 views), wei and shares. */
export interface DepositRequestState {
  blockNumber: bigint;
  controller: Address;
  /** The open epoch. */
  currentEpoch: bigint;
  /**
   * Ether waiting for the open epoch's settlement, or refused by an earlier settlement (NAV ≤ 0 or a share price
   * below the floor; the settlement emits `DepositsRefused`): both can be taken back with `cancelDepositRequest`.
   */
  pendingAssets: bigint;
  /**
   * What the pending ether is: `'none'`; `'pending'`, waiting for the open epoch's settlement; or `'refused'` by
   * the settlement of `pendingEpoch` — it can only be canceled, and the controller cannot request again until it is.
   */
  pendingStatus: 'none' | 'pending' | 'refused';
  /** The epoch of the pending ether (its ERC-7540 request id); 0 when nothing is pending. */
  pendingEpoch: bigint;
  /** Ether of settled requests not yet claimed (= `maxDeposit`): claim it with `deposit`. */
  claimableAssets: bigint;
  /** The shares it bought (= `maxMint`): claim them with `mint`. */
  claimableShares: bigint;
  /** Dividends the settled, unclaimed shares have earned, wei: credited to the controller when it claims. */
  escrowedDividends: bigint;
}

/**
 * A controller's pending and claimable deposit requests, and the dividends its unclaimed shares earned.
 *
 * @example
 * const { pendingStatus, pendingAssets, claimableShares } = await getDepositRequest(client, { controller: account.address });
 * if (claimableShares > 0n) await (await mint(wallet, { shares: claimableShares })).wait();
 * if (pendingStatus === 'refused') await (await cancelDepositRequest(wallet, { receiver: account.address })).wait(); // take it back
 */
export function getDepositRequest(client: VppClient, params: GetDepositRequestParameters): Promise<DepositRequestState> {
  return rpcAction(client, params, async () => {
    const controller = assertAddress('controller', params.controller, { allowZero: true });
    const {
      blockNumber,
      results: [currentEpoch, [pendingEpoch, pendingAssets, refused], claimableAssets, claimableShares, escrowedDividends],
    } = await readAll<[bigint, readonly [bigint, bigint, boolean], bigint, bigint, bigint]>(
      client,
      [
        ['vppFund', vppFund_currentEpoch],
        ['vppFund', vppFund_pendingDepositOf, [controller]],
        ['vppFund', vppFund_claimableDepositRequest, [0n, controller]],
        ['vppFund', vppFund_claimableDepositShares, [controller]],
        ['vppFund', vppFund_escrowedDividendOf, [controller]],
      ],
      params.blockNumber,
    );
    const pendingStatus = pendingAssets === 0n ? 'none' : refused ? 'refused' : 'pending';
    return { blockNumber, controller, currentEpoch, pendingAssets, pendingStatus, pendingEpoch, claimableAssets, claimableShares, escrowedDividends };
  });
}
