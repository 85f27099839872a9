import type { VppClient } from '../../config.js';
import { read } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';

/** Shares `amount` wei would mint now (at NAV per share, rounded down). */
export async function previewInvest(
  client: VppClient,
  params: { amount: bigint; blockNumber?: bigint },
): Promise<bigint> {
  const amount = assertAmount('amount', params.amount);
  return read<bigint>(client, 'vppFund', 'previewInvest', [amount], params.blockNumber);
}
