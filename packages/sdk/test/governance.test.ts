/**
 * The timelocked paths through the SDK, against a real anvil with the real contracts: vendor allowances and
 * purchaser grants (effective after the fund's timelock, revoked at once), battery purchases proposed, executed
 * after their eta or canceled, vendor payments, and the trader's price-feed / grid-market swaps — every outcome
 * decoded, every refusal a typed error.
 */
import { parseEther, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelPendingChange,
  cancelPurchase,
  executeGridMarket,
  executePriceOracle,
  executePurchase,
  getBatteryState,
  getFundState,
  getPendingChanges,
  getPurchaseAccess,
  getPurchaseProposal,
  InvalidOracleDecimalsError,
  InvalidParameterError,
  NoPendingChangeError,
  NotAdminError,
  NotOwnerError,
  NotPurchaserError,
  NothingToWithdrawError,
  proposeGridMarket,
  proposePriceOracle,
  proposePurchase,
  ProposalMismatchError,
  PurchaseAboveCapError,
  setPurchaser,
  setVendorAllowed,
  TimelockNotElapsedError,
  UnknownProposalError,
  VendorNotAllowedError,
  withdrawVendorPayment,
  ZeroAddressError,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { depositAndClaim } from './helpers/scenario.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
let delay: bigint;
const w = (i: number) => stack.walletFor(i);
const addr = (i: number) => stack.accounts[i]!.address;
const now = async () => (await stack.publicClient.getBlock()).timestamp;
/** One block `seconds` after the latest. */
const travel = (seconds: bigint) => stack.local.increaseTime(Number(seconds));

const vendor = () => addr(7);
const purchaser = () => addr(3);
const purchase = () => ({ vendor: vendor(), price: parseEther('2'), lifeEpochs: 365, config: batteryConfig({ serial: 'BOUGHT-1' }) });

beforeAll(async () => {
  stack = await startStack();
  await depositAndClaim(stack, [[1, parseEther('10')]]);
  delay = (await getFundState(stack.publicClient)).timelockDelay;
});
afterAll(async () => {
  await stack?.stop();
});

describe('allowances and grants', () => {
  it('grants take effect after the timelock; only the owner grants', async () => {
    await expectError(setVendorAllowed(w(1), { vendor: vendor(), allowed: true }), NotOwnerError);
    await expectError(setVendorAllowed(w(0), { vendor: zeroAddress, allowed: true }), ZeroAddressError);
    await expectError(setVendorAllowed(w(0), { vendor: vendor(), allowed: 'yes' as unknown as boolean }), InvalidParameterError);
    const allowed = (await (await setVendorAllowed(w(0), { vendor: vendor(), allowed: true })).wait()).outcome;
    expect(allowed).toMatchObject({ vendor: vendor(), allowed: true, by: addr(0) });
    expect(allowed.effectiveAt).toBe((await now()) + delay);
    const granted = (await (await setPurchaser(w(0), { purchaser: purchaser(), allowed: true })).wait()).outcome;
    expect(granted.effectiveAt).toBe((await now()) + delay);

    const pending = await getPurchaseAccess(stack.publicClient, { account: vendor() });
    expect(pending).toMatchObject({ vendorAllowed: false, vendorAllowedAt: allowed.effectiveAt, vendorBalance: 0n });
    await expectError(proposePurchase(w(0), purchase()), VendorNotAllowedError);
    await expectError(proposePurchase(w(3), purchase()), NotPurchaserError);
    await travel(delay);
    expect((await getPurchaseAccess(stack.publicClient, { account: vendor() })).vendorAllowed).toBe(true);
    expect((await getPurchaseAccess(stack.publicClient, { account: purchaser() })).purchaser).toBe(true);
  });

  it('a revocation is immediate', async () => {
    await (await setPurchaser(w(0), { purchaser: addr(4), allowed: true })).wait();
    const revoked = (await (await setPurchaser(w(0), { purchaser: addr(4), allowed: false })).wait()).outcome;
    expect(revoked).toMatchObject({ purchaser: addr(4), allowed: false, effectiveAt: 0n });
    expect(await getPurchaseAccess(stack.publicClient, { account: addr(4) })).toMatchObject({ purchaser: false, purchaserAt: 0n });
    await expectError(setPurchaser(w(5), { purchaser: addr(4), allowed: false }), NotAdminError);
  });
});

describe('purchases', () => {
  let proposalId: bigint;

  it('proposes within the cap, executes after the eta with exactly the proposed terms', async () => {
    const cap = (await getFundState(stack.publicClient)).maxPurchaseWei;
    const above = await expectError(proposePurchase(w(3), { ...purchase(), price: cap + 1n }), PurchaseAboveCapError);
    expect(above.args).toEqual([cap + 1n, cap]);
    await expectError(proposePurchase(w(3), { ...purchase(), lifeEpochs: 0 }), InvalidParameterError);

    const proposed = (await (await proposePurchase(w(3), purchase())).wait()).outcome;
    expect(proposed).toMatchObject({ proposalId: 1n, vendor: vendor(), by: purchaser(), price: parseEther('2'), lifeEpochs: 365 });
    expect(proposed.eta).toBe((await now()) + delay);
    expect(proposed.configHash).toMatch(/^0x[0-9a-f]{64}$/);
    proposalId = proposed.proposalId;
    expect(await getPurchaseProposal(stack.publicClient, { proposalId })).toMatchObject({ live: true, eta: proposed.eta, executable: false });
    expect((await getFundState(stack.publicClient)).proposedPurchaseValue).toBe(parseEther('2'));

    const early = await expectError(executePurchase(w(3), { proposalId, ...purchase() }), TimelockNotElapsedError);
    expect(early.args).toEqual([proposed.eta]);
    await travel(delay);
    expect((await getPurchaseProposal(stack.publicClient, { proposalId })).executable).toBe(true);
    await expectError(executePurchase(w(3), { proposalId, ...purchase(), price: parseEther('3') }), ProposalMismatchError);
    await expectError(executePurchase(w(5), { proposalId, ...purchase() }), NotPurchaserError);

    const bought = (await (await executePurchase(w(3), { proposalId, ...purchase() })).wait()).outcome;
    expect(bought).toMatchObject({ vendor: vendor(), by: purchaser(), price: parseEther('2'), proposalId });
    const battery = await getBatteryState(stack.publicClient, { batteryId: bought.batteryId });
    expect(battery.status).toBe('Active');
    expect(battery.bookValue).toBe(parseEther('2'));
    const fund = await getFundState(stack.publicClient);
    expect(fund.batteryBookValue).toBe(parseEther('2'));
    expect(fund.proposedPurchaseValue).toBe(0n);
    expect(await getPurchaseProposal(stack.publicClient, { proposalId })).toMatchObject({ live: false, eta: 0n });
    await expectError(executePurchase(w(3), { proposalId, ...purchase() }), UnknownProposalError);
  });

  it('cancels a proposal (guardians and purchasers)', async () => {
    const { proposalId: second } = (await (await proposePurchase(w(0), purchase())).wait()).outcome;
    await expectError(cancelPurchase(w(5), { proposalId: second }), NotAdminError);
    expect((await (await cancelPurchase(w(3), { proposalId: second })).wait()).outcome).toEqual({ proposalId: second, by: purchaser() });
    await expectError(cancelPurchase(w(0), { proposalId: second }), UnknownProposalError);
    expect((await getFundState(stack.publicClient)).proposedPurchaseValue).toBe(0n);
  });

  it('pays the vendor by pull', async () => {
    await expectError(withdrawVendorPayment(w(8)), NothingToWithdrawError);
    expect((await getPurchaseAccess(stack.publicClient, { account: vendor() })).vendorBalance).toBe(parseEther('2'));
    const before = await stack.publicClient.getBalance({ address: addr(9) });
    await (await withdrawVendorPayment(w(7), { to: addr(9) })).wait();
    expect(await stack.publicClient.getBalance({ address: addr(9) })).toBe(before + parseEther('2'));
  });
});

describe('trader swaps', () => {
  it('proposes, cancels and executes a price-feed swap after the trader\'s timelock', async () => {
    const { priceOracle, gridMarket, timelockDelay } = await getPendingChanges(stack.publicClient);
    expect(priceOracle).toBe(stack.deployment.contracts.energyPriceOracle);
    await expectError(proposePriceOracle(w(1), { oracle: priceOracle }), NotOwnerError);
    // a contract without decimals() (the grid market) is refused as a feed
    const decimals = await expectError(proposePriceOracle(w(0), { oracle: gridMarket }), InvalidOracleDecimalsError);
    expect(decimals.args).toEqual([0]);
    await expectError(executePriceOracle(w(0)), NoPendingChangeError);

    const proposed = (await (await proposePriceOracle(w(0), { oracle: priceOracle })).wait()).outcome;
    expect(proposed).toEqual({ oracle: priceOracle, eta: (await now()) + timelockDelay, by: addr(0) });
    expect((await getPendingChanges(stack.publicClient)).pendingPriceOracle).toEqual({ target: priceOracle, eta: proposed.eta });
    await expectError(executePriceOracle(w(0)), TimelockNotElapsedError);
    await expectError(cancelPendingChange(w(5), { change: 'priceOracle' }), NotAdminError);
    await expectError(cancelPendingChange(w(0), { change: 'feed' as 'priceOracle' }), InvalidParameterError);
    expect((await (await cancelPendingChange(w(0), { change: 'priceOracle' })).wait()).outcome).toEqual({ change: 'priceOracle', by: addr(0) });
    await expectError(cancelPendingChange(w(0), { change: 'priceOracle' }), NoPendingChangeError);

    await (await proposePriceOracle(w(0), { oracle: priceOracle })).wait();
    await travel(timelockDelay);
    const executed = (await (await executePriceOracle(w(0))).wait()).outcome;
    expect(executed).toEqual({ previousOracle: priceOracle, newOracle: priceOracle, by: addr(0) });
    expect((await getPendingChanges(stack.publicClient)).pendingPriceOracle).toBeNull();
  });

  it('swaps the grid market the same way', async () => {
    const { gridMarket, timelockDelay } = await getPendingChanges(stack.publicClient);
    await expectError(proposeGridMarket(w(0), { market: zeroAddress }), ZeroAddressError);
    const proposed = (await (await proposeGridMarket(w(0), { market: gridMarket })).wait()).outcome;
    expect(proposed.market).toBe(gridMarket);
    expect((await getPendingChanges(stack.publicClient)).pendingGridMarket).toEqual({ target: gridMarket, eta: proposed.eta });
    await travel(timelockDelay);
    await expectError(executeGridMarket(w(1)), NotOwnerError);
    expect((await (await executeGridMarket(w(0))).wait()).outcome).toEqual({ previousMarket: gridMarket, newMarket: gridMarket, by: addr(0) });
  });
});
