/**
 * The fund: investing, shares, dividends, capital returns, battery purchases and vendor payments against a real
 * anvil with the real contracts; every error path thrown for real.
 */
import { parseEther, parseEventLogs, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { energyInvestmentFundAbi } from '@vpp/contracts';
import {
  AccountNotFoundError,
  declareDividend,
  dispatch,

  ERC20InsufficientBalanceError,
  getFundState,
  getShareBalance,
  getWithdrawableDividends,
  InsufficientFreeBalanceError,
  invest,
  InvalidBasisPointsError,
  InvalidParameterError,
  NoSharesOutstandingError,
  NotAdminError,
  NothingToDistributeError,
  NothingToWithdrawError,
  pause,
  previewInvest,
  purchaseBattery,
  returnCapital,
  submitPrice,
  transferShares,
  unpause,
  withdrawDividends,
  withdrawVendorPayment,
  ZeroAddressError,
  ZeroAmountError,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
const w = (i: number) => stack.walletFor(i);
const addr = (i: number) => stack.accounts[i]!.address;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('before any investment', () => {
  it('has an empty fund', async () => {
    const s = await getFundState(stack.publicClient);
    expect(s.totalSupply).toBe(0n);
    expect(s.netAssetValue).toBe(0n);
    expect(s.navPerShare).toBe(0n);
    expect(s.blockNumber).toBeGreaterThan(0n);
  });

  it('refuses dividends and capital returns without shares', async () => {
    await expectError(declareDividend(w(0), { basisPoints: 5_000 }), NoSharesOutstandingError);
    await expectError(returnCapital(w(0), { amount: 1n }), NoSharesOutstandingError);
  });
});

describe('investing and shares', () => {
  it('previews and invests', async () => {
    expect(await previewInvest(stack.publicClient, { amount: parseEther('5') })).toBe(parseEther('5'));
    const { hash, wait } = await invest(w(1), { amount: parseEther('5') });
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    const receipt = await wait();
    expect(receipt.status).toBe('success');
    const [log] = parseEventLogs({ abi: energyInvestmentFundAbi, logs: receipt.logs, eventName: 'Invested' });
    expect(log!.args.sharesMinted).toBe(parseEther('5'));
    expect(await getShareBalance(stack.publicClient, { investor: addr(1) })).toBe(parseEther('5'));
    await (await invest(w(2), { amount: parseEther('3') })).wait();
    const s = await getFundState(stack.publicClient);
    expect(s.totalSupply).toBe(parseEther('8'));
    expect(s.totalInvested).toBe(parseEther('8'));
    expect(s.freeBalance).toBe(parseEther('8'));
    expect(s.etherBalance).toBe(parseEther('8'));
    expect(s.navPerShare).toBe(parseEther('1'));
  });

  it('validates amounts', async () => {
    await expectError(invest(w(1), { amount: 0n }), ZeroAmountError);
    await expectError(invest(w(1), { amount: -1n }), InvalidParameterError);
    await expectError(invest(w(1), { amount: 1 as unknown as bigint }), InvalidParameterError);
    await expectError(previewInvest(stack.publicClient, { amount: 0n }), ZeroAmountError);
  });

  it('needs an account to write', async () => {
    await expectError(invest(stack.publicClient, { amount: 1n }), AccountNotFoundError);
    // an explicit account works on a client without one
    await (await invest(stack.publicClient, { amount: 1n, account: stack.accounts[3]! })).wait();
    expect(await getShareBalance(stack.publicClient, { investor: addr(3) })).toBe(1n);
  });

  it('transfers shares', async () => {
    await (await transferShares(w(1), { to: addr(4), amount: parseEther('1') })).wait();
    expect(await getShareBalance(stack.publicClient, { investor: addr(4) })).toBe(parseEther('1'));
    const e = await expectError(transferShares(w(4), { to: addr(1), amount: parseEther('2') }), ERC20InsufficientBalanceError);
    expect(e.args).toEqual([addr(4), parseEther('1'), parseEther('2')]);
    await expectError(transferShares(w(4), { to: zeroAddress, amount: 1n }), ZeroAddressError);
    await expectError(transferShares(w(4), { to: addr(1), amount: 0n }), ZeroAmountError);
  });
});

describe('batteries bought by the fund', () => {
  it('purchases a battery and pays the vendor (pull)', async () => {
    const vendor = addr(7);
    await expectError(purchaseBattery(w(5), { vendor, price: parseEther('1'), config: batteryConfig() }), NotAdminError);
    const tooMuch = await expectError(
      purchaseBattery(w(0), { vendor, price: parseEther('100'), config: batteryConfig() }),
      InsufficientFreeBalanceError,
    );
    expect(tooMuch.args[0]).toBe(parseEther('100'));
    expect(tooMuch.args[1]).toBe(parseEther('8') + 1n);
    await expectError(purchaseBattery(w(0), { vendor, price: 0n, config: batteryConfig() }), ZeroAmountError);
    await expectError(purchaseBattery(w(0), { vendor: zeroAddress, price: 1n, config: batteryConfig() }), ZeroAddressError);
    await (await purchaseBattery(w(0), { vendor, price: parseEther('2'), config: batteryConfig() })).wait();
    const s = await getFundState(stack.publicClient);
    expect(s.totalSpentOnBatteries).toBe(parseEther('2'));
    expect(s.totalOwed).toBe(parseEther('2'));

    await expectError(withdrawVendorPayment(w(8)), NothingToWithdrawError);
    await expectError(withdrawVendorPayment(w(7), { to: zeroAddress }), ZeroAddressError);
    const before = await stack.publicClient.getBalance({ address: addr(9) });
    await (await withdrawVendorPayment(w(7), { to: addr(9) })).wait();
    expect(await stack.publicClient.getBalance({ address: addr(9) })).toBe(before + parseEther('2'));
  });
});

describe('dividends', () => {
  it('has nothing to distribute before trading profit', async () => {
    await expectError(declareDividend(w(0), { basisPoints: 10_000 }), NothingToDistributeError);
    await expectError(declareDividend(w(0), { basisPoints: 0 }), InvalidBasisPointsError);
    const e = await expectError(declareDividend(w(0), { basisPoints: 10_001 }), InvalidBasisPointsError);
    expect(e.args).toEqual([10_001]);
    await expectError(declareDividend(w(0), { basisPoints: 1.5 }), InvalidParameterError);
    await expectError(declareDividend(w(5), { basisPoints: 100 }), NotAdminError);
  });

  it('declares a dividend from trading profit and pays it pro rata', async () => {
    // battery 1 (bought above): charge at a low price, discharge at a high one
    await (await submitPrice(w(0), { price: parseEther('0.001') })).wait();
    await (await dispatch(w(0), { batteryIds: [1n] })).wait();
    await stack.testClient.increaseTime({ seconds: 300 });
    await stack.testClient.mine({ blocks: 1 });
    await (await submitPrice(w(0), { price: parseEther('0.1') })).wait();
    await (await dispatch(w(0), { batteryIds: [1n] })).wait();
    const s = await getFundState(stack.publicClient);
    expect(s.tradingProfit).toBeGreaterThan(0n);
    expect(s.distributableEarnings).toBe(s.tradingProfit);

    await (await declareDividend(w(0), { basisPoints: 10_000 })).wait();
    const after = await getFundState(stack.publicClient);
    expect(after.totalDividendsDeclared).toBe(s.tradingProfit);
    const d1 = await getWithdrawableDividends(stack.publicClient, { investor: addr(1) });
    const d2 = await getWithdrawableDividends(stack.publicClient, { investor: addr(2) });
    // 4 : 3 shares (account 1 transferred 1 of its 5)
    expect(d1 * 3n - d2 * 4n).toBeLessThanOrEqual(4n);
    expect(d1 * 3n - d2 * 4n).toBeGreaterThanOrEqual(-4n);

    const before = await stack.publicClient.getBalance({ address: addr(6) });
    await (await withdrawDividends(w(1), { to: addr(6) })).wait();
    expect(await stack.publicClient.getBalance({ address: addr(6) })).toBe(before + d1);
    expect(await getWithdrawableDividends(stack.publicClient, { investor: addr(1) })).toBe(0n);
    await expectError(withdrawDividends(w(1)), NothingToWithdrawError);
    await expectError(withdrawDividends(w(1), { to: zeroAddress }), ZeroAddressError);
  });

  it('withdraws while paused', async () => {
    await (await pause(w(0))).wait();
    await (await withdrawDividends(w(2))).wait();
    expect(await getWithdrawableDividends(stack.publicClient, { investor: addr(2) })).toBe(0n);
    await (await unpause(w(0))).wait();
  });

  it('returns capital', async () => {
    await expectError(returnCapital(w(0), { amount: 0n }), ZeroAmountError);
    await expectError(returnCapital(w(0), { amount: parseEther('1000') }), InsufficientFreeBalanceError);
    await (await returnCapital(w(0), { amount: parseEther('1') })).wait();
    const s = await getFundState(stack.publicClient);
    expect(s.totalCapitalReturned).toBe(parseEther('1'));
    expect(await getWithdrawableDividends(stack.publicClient, { investor: addr(4) })).toBeGreaterThan(0n);
  });

  it('reads every figure at one block', async () => {
    const head = await stack.publicClient.getBlockNumber();
    await (await invest(w(5), { amount: parseEther('1') })).wait();
    const old = await getFundState(stack.publicClient, { blockNumber: head });
    const now = await getFundState(stack.publicClient);
    expect(old.blockNumber).toBe(head);
    expect(now.totalInvested - old.totalInvested).toBe(parseEther('1'));
  });
});
