import { vppFund_escrowedDividendOf, vppFund_withdrawableDividendOf } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetDividendBalancesParameters extends ReadParameters {
  /** The share holder (a deposit request's controller for the escrowed part). */
  investor: Address;
}

/** A holder's dividends and capital returns on chain, wei, read at one block. */
export interface DividendBalances {
  blockNumber: bigint;
  /** Withdrawable now (= fund.withdrawableDividendOf). */
  withdrawable: bigint;
  /** Earned by settled deposit shares not claimed yet (= fund.escrowedDividendOf): credited when they are claimed. */
  escrowed: bigint;
  /** withdrawable + escrowed: everything the holder is owed. */
  total: bigint;
}

/**
 * A holder's withdrawable dividends (capital returns included) and those its unclaimed deposit shares have earned.
 *
 * @example
 * const { withdrawable, escrowed, total } = await getDividendBalances(client, { investor: '0x…' });
 */
export function getDividendBalances(client: VppClient, params: GetDividendBalancesParameters): Promise<DividendBalances> {
  return rpcAction(client, params, async () => {
    const investor = assertAddress('investor', params.investor, { allowZero: true });
    const {
      blockNumber,
      results: [withdrawable, escrowed],
    } = await readAll<[bigint, bigint]>(
      client,
      [
        ['vppFund', vppFund_withdrawableDividendOf, [investor]],
        ['vppFund', vppFund_escrowedDividendOf, [investor]],
      ],
      params.blockNumber,
    );
    return { blockNumber, withdrawable, escrowed, total: withdrawable + escrowed };
  });
}
