import { vppFund_balanceOf } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { read, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';

export interface GetShareBalanceParameters extends ReadParameters {
  /** The share holder. */
  investor: Address;
}

/**
 * The investor's fund shares (ERC-20 balance, 18 decimals).
 *
 * @example
 * const shares = await getShareBalance(client, { investor: '0x…' });
 */
export function getShareBalance(client: VppClient, params: GetShareBalanceParameters): Promise<bigint> {
  return rpcAction(client, params, async () => {
    const investor = assertAddress('investor', params.investor, { allowZero: true });
    return read<bigint>(client, 'vppFund', vppFund_balanceOf, [investor], params.blockNumber);
  });
}
