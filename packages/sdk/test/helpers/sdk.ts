import { energyInvestmentFundAbi } from '@vpp/contracts';
/** The SDK (from the sources) plus a raw fund read for cross-checks. */
import type { Address } from 'viem';

import type { Stack } from './stack.js';

export * from '../../src/index.js';

/** A fund view of one address, straight from the contract (not through the SDK). */
export async function read(
  stack: Stack,
  functionName: 'balanceOf' | 'withdrawableDividendOf' | 'escrowedDividendOf' | 'claimableDepositShares' | 'maxDeposit' | 'maxRedeem' | 'maxWithdraw',
  account: Address,
  blockNumber?: bigint,
): Promise<bigint> {
  return stack.publicClient.readContract({
    address: stack.deployment.contracts.energyInvestmentFund,
    abi: energyInvestmentFundAbi,
    functionName,
    args: [account],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
}
