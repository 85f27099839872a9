import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface DepositMarketLiquidityParameters extends WriteParameters {
  /** Ether for the grid market to settle trades with, wei (> 0). */
  amount: bigint;
}

/**
 * Adds operator liquidity to the reference grid market (local and test networks).
 * @throws {ZeroAmountError}
 */
export async function depositMarketLiquidity(
  client: VppClient,
  params: DepositMarketLiquidityParameters,
): Promise<WriteResult> {
  const amount = assertAmount('amount', params.amount);
  return write(client, { contract: 'vppGridMarket', functionName: 'deposit', value: amount, account: params.account });
}
