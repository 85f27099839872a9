import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface InvestParameters extends WriteParameters {
  /** Ether to invest, wei (> 0). */
  amount: bigint;
}

/**
 * Invests `amount` wei in the fund; shares are minted at NAV per share to the account.
 *
 * @example
 * const { hash, wait } = await invest(client, { amount: parseEther('1') });
 * await wait({ indexed: true });
 * @throws {ZeroAmountError}, {SystemPausedError}, {SharesTooSmallError}
 */
export async function invest(client: VppClient, params: InvestParameters): Promise<WriteResult> {
  const amount = assertAmount('amount', params.amount);
  return write(client, { contract: 'vppFund', functionName: 'invest', value: amount, account: params.account });
}
