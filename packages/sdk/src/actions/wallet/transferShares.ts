import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAddress, assertAmount } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface TransferSharesParameters extends WriteParameters {
  to: Address;
  /** Shares (18 decimals, > 0). */
  amount: bigint;
}

/**
 * Transfers fund shares (ERC-20). Dividends already earned stay with the sender.
 * @throws {ZeroAddressError}, {ZeroAmountError}, {ERC20InsufficientBalanceError}
 */
export async function transferShares(client: VppClient, params: TransferSharesParameters): Promise<WriteResult> {
  const to = assertAddress('to', params.to);
  const amount = assertAmount('amount', params.amount);
  return write(client, { contract: 'vppFund', functionName: 'transfer', args: [to, amount], account: params.account });
}
