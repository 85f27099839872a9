import { vppFund_isPurchaser, vppFund_isVendorAllowed, vppFund_purchaserAt, vppFund_vendorAllowedAt, vppFund_vendorBalanceOf } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetPurchaseAccessParameters extends ReadParameters {
  account: Address;
}

/** An account's standing in battery purchases at one block. */
export interface PurchaseAccess {
  blockNumber: bigint;
  account: Address;
  /** An allowed vendor now (its allowance has taken effect). */
  vendorAllowed: boolean;
  /** When the vendor allowance takes (took) effect, unix seconds; 0n if none. */
  vendorAllowedAt: bigint;
  /** Purchase payments the vendor can withdraw, wei. */
  vendorBalance: bigint;
  /** An effective purchaser now (the owner can always purchase). */
  purchaser: boolean;
  /** When the purchaser grant takes (took) effect, unix seconds; 0n if none. */
  purchaserAt: bigint;
}

/**
 * Whether an account is an allowed vendor or a purchaser (both granted by the owner behind the fund's timelock) and
 * the vendor payments it can withdraw.
 *
 * @example
 * const { vendorAllowed, vendorAllowedAt, purchaser } = await getPurchaseAccess(client, { account: vendor });
 */
export function getPurchaseAccess(client: VppClient, params: GetPurchaseAccessParameters): Promise<PurchaseAccess> {
  return rpcAction(client, params, async () => {
    const account = assertAddress('account', params.account, { allowZero: true });
    const {
      blockNumber,
      results: [vendorAllowed, vendorAllowedAt, vendorBalance, purchaser, purchaserAt],
    } = await readAll<[boolean, bigint, bigint, boolean, bigint]>(
      client,
      [
        ['vppFund', vppFund_isVendorAllowed, [account]],
        ['vppFund', vppFund_vendorAllowedAt, [account]],
        ['vppFund', vppFund_vendorBalanceOf, [account]],
        ['vppFund', vppFund_isPurchaser, [account]],
        ['vppFund', vppFund_purchaserAt, [account]],
      ],
      params.blockNumber,
    );
    return { blockNumber, account, vendorAllowed, vendorAllowedAt, vendorBalance, purchaser, purchaserAt };
  });
}
