import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface WithdrawDividendsParameters extends WriteParameters {
  /** Recipient (default: the account). */
  to?: Address;
}

/**
 * Withdraws the account's dividends and capital returns (works while paused).
 * @throws {NothingToWithdrawError}, {ZeroAddressError}
 */
export async function withdrawDividends(
  client: VppClient,
  params: WithdrawDividendsParameters = {},
): Promise<WriteResult> {
  if (params.to === undefined) {
    return write(client, { contract: 'vppFund', functionName: 'withdrawDividends', account: params.account });
  }
  const to = assertAddress('to', params.to);
  return write(client, { contract: 'vppFund', functionName: 'withdrawDividendsTo', args: [to], account: params.account });
}
