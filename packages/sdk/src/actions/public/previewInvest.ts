import { vppFund_previewInvest } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { read, rpcAction } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';

/** Shares `amount` wei would mint now (at NAV per share, rounded down). */
export function previewInvest(
  client: VppClient,
  params: { amount: bigint } & ReadParameters,
): Promise<bigint> {
  return rpcAction(client, params, async () => {
    const amount = assertAmount('amount', params.amount);
    return read<bigint>(client, 'vppFund', vppFund_previewInvest, [amount], params.blockNumber);
  });
}
