/**
 * The epoch fund through the SDK, against a real anvil with the real contracts: deposit and redeem requests,
 * cancels, epoch settlements, claims (deposit / mint / redeem / withdraw), operators, share transfers, scheduled
 * dividends and capital returns, the NAV components — every outcome decoded from the receipt and checked against
 * the chain, every error path thrown for real.
 */
import { encodeFunctionData, parseEther, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { energyInvestmentFundAbi } from '@vpp/contracts';
import {
  AccountNotFoundError,
  cancelDepositRequest,
  cancelDistributions,
  cancelRedeemRequest,
  convertToAssets,
  convertToShares,
  declareDividend,
  deposit,
  encodeRequestDeposit,
  EpochNotDueError,
  ERC20InsufficientBalanceError,
  ExceedsClaimableError,
  getDepositRequest,
  getDividendBalances,
  getEpoch,
  getEpochInfo,
  getFundState,
  getNavComponents,
  getRedeemRequest,
  getShareBalance,
  getWithdrawableDividends,
  InsufficientFreeBalanceError,
  InvalidBasisPointsError,
  InvalidParameterError,
  mint,
  NotAdminError,
  NotAuthorizedError,
  NothingToDistributeError,
  NothingToWithdrawError,
  pause,
  redeem,
  requestDeposit,
  requestRedeem,
  RequestNotCancelableError,
  returnCapital,
  setOperator,
  settleEpoch,
  SharesToFundError,
  simulateRequestDeposit,
  SystemPausedError,
  transferShares,
  unpause,
  withdraw,
  withdrawDividends,
  ZeroAddressError,
  ZeroAmountError,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { addBatteries, settle, tradeCycle } from './helpers/scenario.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
const w = (i: number) => stack.walletFor(i);
const addr = (i: number) => stack.accounts[i]!.address;
const balance = (i: number) => stack.publicClient.getBalance({ address: addr(i) });

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('before any deposit', () => {
  it('has empty books and an open first epoch', async () => {
    const s = await getFundState(stack.publicClient);
    expect(s.totalSupply).toBe(0n);
    expect(s.nav).toBe(0n);
    expect(s.navPerShare).toBe(0n);
    expect(s.currentEpoch).toBe(1n);
    expect(s.epochDuration).toBe(86_400n);
    const e = await getEpoch(stack.publicClient);
    expect(e.currentEpoch).toBe(1n);
    expect(e.nextEpochAt).toBe(s.nextEpochAt);
    expect(e.due).toBe(e.blockTimestamp >= e.nextEpochAt);
    expect(await convertToShares(stack.publicClient, { assets: parseEther('1') })).toBe(parseEther('1'));
  });

  it('refuses distributions without earnings or capital', async () => {
    await expectError(declareDividend(w(0), { basisPoints: 5_000 }), NothingToDistributeError);
    const e = await expectError(returnCapital(w(0), { amount: 1n }), InsufficientFreeBalanceError);
    expect(e.args).toEqual([1n, 0n]);
    await expectError(cancelDistributions(w(0)), NothingToDistributeError);
  });
});

describe('deposit requests', () => {
  it('encodes and simulates a request without sending it', async () => {
    const request = encodeRequestDeposit(w(1), { assets: parseEther('5') });
    expect(request.to).toBe(stack.deployment.contracts.energyInvestmentFund);
    expect(request.value).toBe(parseEther('5'));
    expect(request.data).toBe(
      encodeFunctionData({ abi: energyInvestmentFundAbi, functionName: 'requestDeposit', args: [parseEther('5'), addr(1), addr(1)] }),
    );
    // the owner is always the sender: without an account there is nobody to encode for
    expect(() => encodeRequestDeposit(stack.publicClient, { assets: 1n, controller: addr(1) })).toThrow(InvalidParameterError);
    const { result } = await simulateRequestDeposit(w(1), { assets: parseEther('5') });
    expect(result).toBe(1n);
  });

  it('validates before sending', async () => {
    await expectError(requestDeposit(w(1), { assets: 0n }), ZeroAmountError);
    await expectError(requestDeposit(w(1), { assets: -1n }), InvalidParameterError);
    await expectError(requestDeposit(w(1), { assets: 1 as unknown as bigint }), InvalidParameterError);
    await expectError(requestDeposit(w(1), { assets: 1n, controller: '0x12' as `0x${string}` }), InvalidParameterError);
    await expectError(requestDeposit(w(1), { assets: 1n, controller: zeroAddress }), ZeroAddressError);
    await expectError(requestDeposit(stack.publicClient, { assets: 1n }), AccountNotFoundError);
  });

  it('files requests into the open epoch, and cancels one', async () => {
    const before = await balance(1);
    const { outcome, gasUsed, effectiveGasPrice } = await (await requestDeposit(w(1), { assets: parseEther('5') })).wait();
    expect(outcome).toEqual({ requestId: 1n, controller: addr(1), owner: addr(1), sender: addr(1), assets: parseEther('5') });
    expect(await balance(1)).toBe(before - parseEther('5') - gasUsed * effectiveGasPrice);
    // account 2 files for controller 3
    await (await requestDeposit(w(2), { assets: parseEther('3'), controller: addr(3) })).wait();
    await (await requestDeposit(w(4), { assets: parseEther('2') })).wait();
    const r = await getDepositRequest(stack.publicClient, { controller: addr(3) });
    expect(r).toMatchObject({ currentEpoch: 1n, pendingAssets: parseEther('3'), claimableAssets: 0n, claimableShares: 0n });

    // account 4 changes its mind: the ether comes back to the receiver it names
    await expectError(cancelDepositRequest(w(5), { controller: addr(4) }), NotAuthorizedError);
    const to = await balance(6);
    const canceled = (await (await cancelDepositRequest(w(4), { receiver: addr(6) })).wait()).outcome;
    expect(canceled).toEqual({ controller: addr(4), requestId: 1n, receiver: addr(6), assets: parseEther('2') });
    expect(await balance(6)).toBe(to + parseEther('2'));
    const again = await expectError(cancelDepositRequest(w(4)), RequestNotCancelableError);
    expect(again.args).toEqual([addr(4)]);
  });

  it('settles the epoch once it is due, at its NAV', async () => {
    const e = await getEpoch(stack.publicClient);
    if (!e.due) {
      const early = await expectError(settleEpoch(w(9)), EpochNotDueError);
      expect(early.args).toEqual([e.nextEpochAt]);
    }
    const outcome = await settle(stack);
    expect(outcome).toMatchObject({
      epoch: 1n,
      nav: 0n,
      supply: 0n,
      depositAssets: parseEther('8'),
      depositShares: parseEther('8'),
      depositsRefused: 0n,
      redeemSharesFilled: 0n,
      redeemSharesQueued: 0n,
      distributions: [],
    });
    expect(outcome.navAfter?.nav).toBe(parseEther('8'));
    const info = await getEpochInfo(stack.publicClient, { epoch: 1n });
    expect(info).toMatchObject({ depositAssets: parseEther('8'), depositShares: parseEther('8'), depositsRefused: false });
    expect((await getEpoch(stack.publicClient)).currentEpoch).toBe(2n);
    const nav = await getNavComponents(stack.publicClient);
    expect(nav).toMatchObject({ freeCash: parseEther('8'), capitalCash: parseEther('8'), earningsCash: 0n, nav: parseEther('8') });
    // the shares wait in escrow: the supply counts them, the controllers' wallets do not
    expect(nav.totalSupply).toBe(parseEther('8'));
    expect(await getShareBalance(stack.publicClient, { investor: addr(1) })).toBe(0n);
  });

  it('claims the shares: by shares (mint), by ether (deposit), for a controller through an operator', async () => {
    const r1 = await getDepositRequest(stack.publicClient, { controller: addr(1) });
    expect(r1).toMatchObject({ pendingAssets: 0n, claimableAssets: parseEther('5'), claimableShares: parseEther('5') });
    await expectError(mint(w(1), { shares: parseEther('6') }), ExceedsClaimableError);
    const minted = (await (await mint(w(1), { shares: parseEther('2') })).wait()).outcome;
    expect(minted).toEqual({ receiver: addr(1), controller: addr(1), assets: parseEther('2'), shares: parseEther('2') });
    const rest = (await (await deposit(w(1), { assets: parseEther('3') })).wait()).outcome;
    expect(rest.shares).toBe(parseEther('3'));
    expect(await getShareBalance(stack.publicClient, { investor: addr(1) })).toBe(parseEther('5'));

    // controller 3's shares: account 2 may claim them only once it is an operator of 3
    await expectError(deposit(w(2), { assets: parseEther('3'), controller: addr(3) }), NotAuthorizedError);
    const op = (await (await setOperator(w(3), { operator: addr(2), approved: true })).wait()).outcome;
    expect(op).toEqual({ controller: addr(3), operator: addr(2), approved: true });
    await (await deposit(w(2), { assets: parseEther('3'), controller: addr(3), receiver: addr(3) })).wait();
    expect(await getShareBalance(stack.publicClient, { investor: addr(3) })).toBe(parseEther('3'));
    expect((await getDepositRequest(stack.publicClient, { controller: addr(3) })).claimableShares).toBe(0n);
  });
});

describe('shares', () => {
  it('transfers, but never to the fund itself', async () => {
    await (await transferShares(w(1), { to: addr(4), amount: parseEther('1') })).wait();
    expect(await getShareBalance(stack.publicClient, { investor: addr(4) })).toBe(parseEther('1'));
    const e = await expectError(transferShares(w(4), { to: addr(1), amount: parseEther('2') }), ERC20InsufficientBalanceError);
    expect(e.args).toEqual([addr(4), parseEther('1'), parseEther('2')]);
    const toFund = await expectError(
      transferShares(w(4), { to: stack.deployment.contracts.energyInvestmentFund, amount: 1n }),
      SharesToFundError,
    );
    expect(toFund.detectedBeforeSending).toBe(true);
    await expectError(transferShares(w(4), { to: zeroAddress, amount: 1n }), ZeroAddressError);
  });
});

describe('redemptions', () => {
  it('requests, cancels, requests again and is filled at the next settlement', async () => {
    await expectError(requestRedeem(w(4), { shares: parseEther('2') }), ERC20InsufficientBalanceError);
    const req = (await (await requestRedeem(w(4), { shares: parseEther('1') })).wait()).outcome;
    expect(req).toEqual({ requestId: 2n, controller: addr(4), owner: addr(4), sender: addr(4), shares: parseEther('1') });
    expect(await getShareBalance(stack.publicClient, { investor: addr(4) })).toBe(0n);
    expect((await getRedeemRequest(stack.publicClient, { controller: addr(4) })).pendingShares).toBe(parseEther('1'));
    const back = (await (await cancelRedeemRequest(w(4))).wait()).outcome;
    expect(back).toEqual({ controller: addr(4), requestId: 2n, receiver: addr(4), shares: parseEther('1') });
    expect(await getShareBalance(stack.publicClient, { investor: addr(4) })).toBe(parseEther('1'));
    await expectError(cancelRedeemRequest(w(4)), RequestNotCancelableError);

    await (await requestRedeem(w(4), { shares: parseEther('1') })).wait();
    await (await requestRedeem(w(1), { shares: parseEther('1') })).wait();
    const value = await convertToAssets(stack.publicClient, { shares: parseEther('1') });
    const outcome = await settle(stack);
    expect(outcome).toMatchObject({ epoch: 2n, redeemSharesFilled: parseEther('2'), redeemSharesQueued: 0n, depositAssets: 0n });
    // 1 ETH of NAV per share: every share is paid in full from free cash (ERC-4626 offsets round down by < 1 wei)
    expect(outcome.redeemAssetsPaid).toBe(2n * value);
    const r = await getRedeemRequest(stack.publicClient, { controller: addr(4) });
    expect(r).toMatchObject({ pendingShares: 0n, claimableShares: parseEther('1'), claimableAssets: value });
  });

  it('claims the ether: by ether (withdraw) and by shares (redeem), straight to the receiver', async () => {
    await expectError(withdraw(w(4), { assets: parseEther('2') }), ExceedsClaimableError);
    const to = await balance(7);
    const half = (await (await withdraw(w(4), { assets: parseEther('0.5'), receiver: addr(7) })).wait()).outcome;
    expect(half).toMatchObject({ receiver: addr(7), controller: addr(4), assets: parseEther('0.5') });
    expect(await balance(7)).toBe(to + parseEther('0.5'));
    const { claimableShares, claimableAssets } = await getRedeemRequest(stack.publicClient, { controller: addr(4) });
    const rest = (await (await redeem(w(4), { shares: claimableShares })).wait()).outcome;
    expect(rest.assets).toBe(claimableAssets);
    expect(await getRedeemRequest(stack.publicClient, { controller: addr(4) })).toMatchObject({ claimableShares: 0n, claimableAssets: 0n });
    await expectError(redeem(w(4), { shares: 1n }), ExceedsClaimableError);
  });
});

describe('distributions', () => {
  it('validates dividends', async () => {
    await expectError(declareDividend(w(0), { basisPoints: 0 }), InvalidBasisPointsError);
    const e = await expectError(declareDividend(w(0), { basisPoints: 10_001 }), InvalidBasisPointsError);
    expect(e.args).toEqual([10_001]);
    await expectError(declareDividend(w(0), { basisPoints: 1.5 }), InvalidParameterError);
    await expectError(declareDividend(w(5), { basisPoints: 100 }), NotAdminError);
  });

  it('schedules a dividend from trading earnings, cancels and re-schedules it, pays it at the settlement', async () => {
    const ids = await addBatteries(stack, 1);
    await tradeCycle(stack, ids); // charge at 0.001 ETH/MWh, discharge at 0.1 ETH/MWh
    const s = await getFundState(stack.publicClient);
    expect(s.earningsCash).toBeGreaterThan(0n);
    expect(s.realisedProfit).toBe(s.earningsCash);

    const scheduled = (await (await declareDividend(w(0), { basisPoints: 10_000 })).wait()).outcome;
    expect(scheduled).toEqual({ epoch: 3n, by: addr(0), basisPoints: 10_000 });
    expect((await getFundState(stack.publicClient)).scheduledDividendBps).toBe(10_000);
    expect((await (await cancelDistributions(w(0))).wait()).outcome).toEqual({ epoch: 3n, by: addr(0) });
    await (await declareDividend(w(0), { basisPoints: 5_000 })).wait();

    const outcome = await settle(stack);
    expect(outcome.epoch).toBe(3n);
    expect(outcome.distributions).toHaveLength(1);
    const [d] = outcome.distributions;
    expect(d).toMatchObject({ capitalReturn: false, basisPoints: 5_000, declaredBy: addr(0) });
    // half the earnings cash, less the rounding the accumulator reserves exactly (≤ 1 wei per share ratio)
    expect(s.earningsCash / 2n - d!.amount).toBeGreaterThanOrEqual(0n);
    expect(s.earningsCash / 2n - d!.amount).toBeLessThan(10n);
    // holders: account 1 has 3 shares, account 3 has 3 shares (of 6)
    const d1 = await getWithdrawableDividends(stack.publicClient, { investor: addr(1) });
    const d3 = await getWithdrawableDividends(stack.publicClient, { investor: addr(3) });
    expect(d1 - d3).toBeGreaterThanOrEqual(-1n);
    expect(d1 - d3).toBeLessThanOrEqual(1n);
    expect(d1 + d3).toBeLessThanOrEqual(d!.amount);
    expect(await getDividendBalances(stack.publicClient, { investor: addr(1) })).toMatchObject({ withdrawable: d1, escrowed: 0n, total: d1 });

    const before = await balance(8);
    const paid = (await (await withdrawDividends(w(1), { to: addr(8) })).wait()).outcome;
    expect(paid).toEqual({ holder: addr(1), to: addr(8), amount: d1 });
    expect(await balance(8)).toBe(before + d1);
    await expectError(withdrawDividends(w(1)), NothingToWithdrawError);
    await expectError(withdrawDividends(w(1), { to: zeroAddress }), ZeroAddressError);
  });

  it('withdraws while paused, refuses requests while paused', async () => {
    await (await pause(w(0))).wait();
    const paused = await expectError(requestDeposit(w(5), { assets: 1n }), SystemPausedError);
    expect(paused).toMatchObject({ errorName: 'SystemIsPaused', contract: 'vppFund', functionName: 'requestDeposit', detectedBeforeSending: false });
    await (await withdrawDividends(w(3))).wait();
    expect(await getWithdrawableDividends(stack.publicClient, { investor: addr(3) })).toBe(0n);
    await (await unpause(w(0))).wait();
  });

  it('returns capital at the settlement, and escrowed deposit shares earn it too', async () => {
    await expectError(returnCapital(w(0), { amount: 0n }), ZeroAmountError);
    const capital = (await getNavComponents(stack.publicClient)).capitalCash;
    const tooMuch = await expectError(returnCapital(w(0), { amount: capital + 1n }), InsufficientFreeBalanceError);
    expect(tooMuch.args).toEqual([capital + 1n, capital]);
    // account 5 deposits in epoch 4; its shares stay unclaimed (escrowed) through epoch 5's capital return
    await (await requestDeposit(w(5), { assets: parseEther('2') })).wait();
    await settle(stack);
    const scheduled = (await (await returnCapital(w(0), { amount: parseEther('1') })).wait()).outcome;
    expect(scheduled).toEqual({ epoch: 5n, by: addr(0), amount: parseEther('1') });
    const outcome = await settle(stack);
    expect(outcome.distributions).toMatchObject([{ capitalReturn: true, basisPoints: 0 }]);
    expect(outcome.distributions[0]!.amount).toBeLessThanOrEqual(parseEther('1'));
    expect(outcome.distributions[0]!.amount).toBeGreaterThan(parseEther('1') - 10n);
    const escrowed = await getDividendBalances(stack.publicClient, { investor: addr(5) });
    expect(escrowed.withdrawable).toBe(0n);
    expect(escrowed.escrowed).toBeGreaterThan(0n);
    // claiming the shares credits what they earned
    const { claimableShares } = await getDepositRequest(stack.publicClient, { controller: addr(5) });
    await (await mint(w(5), { shares: claimableShares })).wait();
    expect(await getDividendBalances(stack.publicClient, { investor: addr(5) })).toMatchObject({ withdrawable: escrowed.escrowed, escrowed: 0n });
    expect((await getFundState(stack.publicClient)).totalCapitalReturned).toBe(outcome.distributions[0]!.amount);
  });

  it('reads every figure at one block', async () => {
    const head = await stack.publicClient.getBlockNumber();
    await (await requestDeposit(w(6), { assets: parseEther('1') })).wait();
    const old = await getFundState(stack.publicClient, { blockNumber: head });
    const now = await getFundState(stack.publicClient);
    expect(old.blockNumber).toBe(head);
    expect(now.owed - old.owed).toBe(parseEther('1')); // a pending deposit is owed until it settles
    expect(now.etherBalance - old.etherBalance).toBe(parseEther('1'));
    expect(now.nav).toBe(old.nav);
  });
});
