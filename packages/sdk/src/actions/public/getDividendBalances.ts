import { vppFund_accumulativeDividendOf, vppFund_withdrawableDividendOf, vppFund_withdrawnDividendOf } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetDividendBalancesParameters extends ReadParameters {
  /** The share holder. */
  investor: Address;
}

/** A holder's dividends and capital returns on chain, wei, read at one block. */
export interface DividendBalances {
  blockNumber: bigint;
  /** Earned so far (= fund.accumulativeDividendOf). */
  accumulated: bigint;
  /** Withdrawn so far (= fund.withdrawnDividendOf). */
  withdrawn: bigint;
  /** accumulated − withdrawn (= fund.withdrawableDividendOf). */
  withdrawable: bigint;
}

/**
 * A holder's accumulated, withdrawn and withdrawable dividends (capital returns included), from the fund contract.
 *
 * @example
 * const { accumulated, withdrawn, withdrawable } = await getDividendBalances(client, { investor: '0x…' });
 */
export function getDividendBalances(client: VppClient, params: GetDividendBalancesParameters): Promise<DividendBalances> {
  return rpcAction(client, params, async () => {
    const investor = assertAddress('investor', params.investor, { allowZero: true });
    const {
      blockNumber,
      results: [accumulated, withdrawn, withdrawable],
    } = await readAll<[bigint, bigint, bigint]>(
      client,
      [
        ['vppFund', vppFund_accumulativeDividendOf, [investor]],
        ['vppFund', vppFund_withdrawnDividendOf, [investor]],
        ['vppFund', vppFund_withdrawableDividendOf, [investor]],
      ],
      params.blockNumber,
    );
    return { blockNumber, accumulated, withdrawn, withdrawable };
  });
}
