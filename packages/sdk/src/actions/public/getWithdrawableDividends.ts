import { vppFund_withdrawableDividendOf } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { read, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';

export interface GetWithdrawableDividendsParameters extends ReadParameters {
  investor: Address;
}

/**
 * Dividends and capital returns the investor can withdraw now, wei (see `getDividendBalances` for those its
 * unclaimed deposit shares earned).
 *
 * @example
 * const owed = await getWithdrawableDividends(client, { investor: '0x…' });
 */
export function getWithdrawableDividends(
  client: VppClient,
  params: GetWithdrawableDividendsParameters,
): Promise<bigint> {
  return rpcAction(client, params, async () => {
    const investor = assertAddress('investor', params.investor, { allowZero: true });
    return read<bigint>(client, 'vppFund', vppFund_withdrawableDividendOf, [investor], params.blockNumber);
  });
}
