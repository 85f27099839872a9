import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface ReturnCapitalParameters extends WriteParameters {
  /** Unspent capital to return to holders pro rata, wei (> 0). */
  amount: bigint;
}

/**
 * Returns capital to the holders (admins).
 * @throws {ZeroAmountError}, {NotAdminError}, {InsufficientFreeBalanceError}, {NoSharesOutstandingError}
 */
export async function returnCapital(client: VppClient, params: ReturnCapitalParameters): Promise<WriteResult> {
  const amount = assertAmount('amount', params.amount);
  return write(client, { contract: 'vppFund', functionName: 'returnCapital', args: [amount], account: params.account });
}
