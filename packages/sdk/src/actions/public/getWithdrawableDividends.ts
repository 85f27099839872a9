import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { read } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';

export interface GetWithdrawableDividendsParameters {
  investor: Address;
  blockNumber?: bigint;
}

/** Dividends and capital returns the investor can withdraw now, wei. */
export async function getWithdrawableDividends(
  client: VppClient,
  params: GetWithdrawableDividendsParameters,
): Promise<bigint> {
  const investor = assertAddress('investor', params.investor, { allowZero: true });
  return read<bigint>(client, 'vppFund', 'withdrawableDividendOf', [investor], params.blockNumber);
}
