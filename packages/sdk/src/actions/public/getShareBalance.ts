import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { read } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';

export interface GetShareBalanceParameters {
  /** The share holder. */
  investor: Address;
  /** Read at this block (default: latest). */
  blockNumber?: bigint;
}

/**
 * The investor's fund shares (ERC-20 balance, 18 decimals).
 *
 * @example
 * const shares = await getShareBalance(client, { investor: '0x…' });
 */
export async function getShareBalance(client: VppClient, params: GetShareBalanceParameters): Promise<bigint> {
  const investor = assertAddress('investor', params.investor, { allowZero: true });
  return read<bigint>(client, 'vppFund', 'balanceOf', [investor], params.blockNumber);
}
