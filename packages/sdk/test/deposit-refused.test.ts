/**
 * A refused deposit, told apart from a pending one (getDepositRequest's pendingStatus / pendingEpoch), on the real
 * stack: the fund is driven to a share price below the floor by a loss settled as the trader would (anvil
 * impersonation), so the next epoch's settlement refuses its deposits.
 */
import { createWalletClient, http, parseEther } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { energyInvestmentFundAbi } from '@vpp/contracts';
import { cancelDepositRequest, getDepositRequest, getEpoch, mint, PreviousRequestOpenError, requestDeposit } from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { settle } from './helpers/scenario.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
const w = (i: number) => stack.walletFor(i);
const addr = (i: number) => stack.accounts[i]!.address;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** Settles a loss of all but 1 wei of the fund's free cash, as the trader does for a losing batch. */
async function loseAlmostEverything(): Promise<void> {
  const { energyInvestmentFund: fund, energyTrader: trader, gridMarket: market } = stack.deployment.contracts;
  const free = await stack.publicClient.readContract({ address: fund, abi: energyInvestmentFundAbi, functionName: 'freeBalance' });
  await stack.testClient.impersonateAccount({ address: trader });
  await stack.testClient.setBalance({ address: trader, value: parseEther('1') });
  const asTrader = createWalletClient({ chain: foundry, transport: http(stack.rpcUrl), account: trader });
  const loss = -(free - 1n);
  const hash = await asTrader.writeContract({ address: fund, abi: energyInvestmentFundAbi, functionName: 'settleBatch', args: [loss, 0n, loss, market] });
  expect((await stack.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success');
  await stack.testClient.stopImpersonatingAccount({ address: trader });
}

describe('getDepositRequest: pending, settled, refused', () => {
  it('says what the pending ether is', async () => {
    expect(await getDepositRequest(stack.publicClient, { controller: addr(1) })).toMatchObject({ pendingStatus: 'none', pendingEpoch: 0n, pendingAssets: 0n });

    await (await requestDeposit(w(1), { assets: parseEther('2') })).wait();
    const open = (await getEpoch(stack.publicClient)).currentEpoch;
    expect(await getDepositRequest(stack.publicClient, { controller: addr(1) })).toMatchObject({
      pendingStatus: 'pending',
      pendingEpoch: open,
      pendingAssets: parseEther('2'),
    });

    await settle(stack);
    const settled = await getDepositRequest(stack.publicClient, { controller: addr(1) });
    expect(settled).toMatchObject({ pendingStatus: 'none', pendingEpoch: 0n, pendingAssets: 0n, claimableAssets: parseEther('2') });
    await (await mint(w(1), { shares: settled.claimableShares })).wait();

    await loseAlmostEverything();
    await (await requestDeposit(w(2), { assets: parseEther('5') })).wait();
    const refusedEpoch = (await getEpoch(stack.publicClient)).currentEpoch;
    await settle(stack);
    const refused = await getDepositRequest(stack.publicClient, { controller: addr(2) });
    expect(refused).toMatchObject({ pendingStatus: 'refused', pendingEpoch: refusedEpoch, pendingAssets: parseEther('5'), claimableAssets: 0n });
    expect(refused.currentEpoch).toBeGreaterThan(refusedEpoch);

    // A refused request blocks new ones until it is canceled; canceling returns the ether.
    await expectError(requestDeposit(w(2), { assets: parseEther('1') }), PreviousRequestOpenError);
    await (await cancelDepositRequest(w(2))).wait();
    expect(await getDepositRequest(stack.publicClient, { controller: addr(2) })).toMatchObject({ pendingStatus: 'none', pendingAssets: 0n });
  });
});
