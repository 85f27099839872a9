import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { resolveAccount, write } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface WithdrawVendorPaymentParameters extends WriteParameters {
  /** Recipient (default: the vendor account itself). */
  to?: Address;
}

/**
 * A vendor withdraws what battery purchases credited to it (works while paused).
 * @throws {NothingToWithdrawError}, {ZeroAddressError}
 */
export async function withdrawVendorPayment(
  client: VppClient,
  params: WithdrawVendorPaymentParameters = {},
): Promise<WriteResult> {
  const account = resolveAccount(client, params.account);
  const self = typeof account === 'string' ? account : account.address;
  const to = assertAddress('to', params.to ?? self);
  return write(client, { contract: 'vppFund', functionName: 'withdrawVendorPayment', args: [to], account });
}
