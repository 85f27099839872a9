/**
 * Roles, pause, the fleet, the oracle and trading, against a real anvil with the real contracts: every action's
 * happy path and every error path, each typed error thrown for real.
 */
import { parseEther, parseEventLogs, zeroAddress, type TransactionReceipt } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualPowerPlantAbi, gridMarketAbi } from '@vpp/contracts';
import {
  acceptOwnership,
  addAdmin,
  addBattery,
  AlreadyAdminError,
  BatchTooLargeError,
  BatteryDecommissionedError,
  BatteryLimitRaisedError,
  BatteryNotEmptyError,
  BatteryNotFoundError,
  CapacityBelowStateOfChargeError,
  decommissionBattery,
  depositMarketLiquidity,
  dispatch,
  EmptyBatchError,
  getBatteryState,
  getFleet,
  getLatestPrice,
  getRoles,
  getTradingParams,
  InvalidAddressError,
  InvalidEfficiencyError,
  InvalidParameterError,
  InvalidPriceThresholdsError,
  InvalidRoundError,
  InvalidTradingParamsError,
  NotAdminError,
  NotAnAdminError,
  NotReporterError,
  OwnableUnauthorizedAccountError,
  pause,
  performUpkeep,
  PriceOutOfBoundsError,
  quoteDispatch,
  removeAdmin,
  setReporter,
  setTradingParams,
  StalePriceError,
  submitPrice,
  SystemNotPausedError,
  SystemPausedError,
  transferOwnership,
  unpause,
  updateBattery,

  ZeroAddressError,
  ZeroAmountError,
  ZeroCapacityError,
  PriceNotForIntervalError,
  requestDeposit,

} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
let owner: ReturnType<Stack['walletFor']>;
let admin: ReturnType<Stack['walletFor']>;
let stranger: ReturnType<Stack['walletFor']>;

function batteryIdOf(receipt: TransactionReceipt): bigint {
  const [log] = parseEventLogs({ abi: virtualPowerPlantAbi, logs: receipt.logs, eventName: 'BatteryAdded' });
  return log!.args.batteryId;
}

/** One block at the start of the next dispatch interval. */
async function nextInterval() {
  await stack.local.toNextInterval();
}

/** Moves the clock without minding interval boundaries. */
async function wait(seconds: number) {
  await stack.testClient.increaseTime({ seconds });
  await stack.testClient.mine({ blocks: 1 });
}

beforeAll(async () => {
  stack = await startStack();
  owner = stack.walletFor(0);
  admin = stack.walletFor(1);
  stranger = stack.walletFor(2);
});
afterAll(async () => {
  await stack?.stop();
});

describe('roles and pause', () => {
  it('reads the roles', async () => {
    const roles = await getRoles(stack.publicClient);
    expect(roles.owner).toBe(stack.deployment.owner);
    expect(roles.pendingOwner).toBeNull();
    expect(roles.admins).toEqual([]);
    expect(roles.paused).toBe(false);
  });

  it('adds and removes admins, with typed errors', async () => {
    await (await addAdmin(owner, { admin: stack.accounts[1]!.address })).wait();
    expect((await getRoles(stack.publicClient)).admins).toEqual([stack.accounts[1]!.address]);
    await expectError(addAdmin(owner, { admin: stack.accounts[1]!.address }), AlreadyAdminError);
    await expectError(addAdmin(stranger, { admin: stack.accounts[3]!.address }), OwnableUnauthorizedAccountError);
    await expectError(addAdmin(owner, { admin: zeroAddress }), ZeroAddressError);
    await expectError(addAdmin(owner, { admin: '0x1234' as `0x${string}` }), InvalidAddressError);
    await expectError(removeAdmin(owner, { admin: stack.accounts[4]!.address }), NotAnAdminError);
    await (await addAdmin(owner, { admin: stack.accounts[4]!.address })).wait();
    await (await removeAdmin(owner, { admin: stack.accounts[4]!.address })).wait();
    expect((await getRoles(stack.publicClient)).admins).toEqual([stack.accounts[1]!.address]);
  });

  it('pauses and unpauses', async () => {
    await (await pause(admin)).wait();
    expect((await getRoles(stack.publicClient)).paused).toBe(true);
    await expectError(pause(admin), SystemPausedError);
    const paused = await expectError(requestDeposit(stranger, { assets: 1n }), SystemPausedError);
    expect(paused.errorName).toBe('SystemIsPaused');
    expect(paused.contract).toBe('vppFund');
    expect(paused.functionName).toBe('requestDeposit');
    expect(paused.detectedBeforeSending).toBe(false);
    await expectError(unpause(admin), OwnableUnauthorizedAccountError);
    await (await unpause(owner)).wait();
    await expectError(unpause(owner), SystemNotPausedError);
    await expectError(pause(stranger), NotAdminError);
  });

  it('transfers ownership in two steps', async () => {
    await (await transferOwnership(owner, { newOwner: stack.accounts[5]!.address })).wait();
    expect((await getRoles(stack.publicClient)).pendingOwner).toBe(stack.accounts[5]!.address);
    await expectError(acceptOwnership(stranger), OwnableUnauthorizedAccountError);
    await expectError(transferOwnership(owner, { newOwner: zeroAddress }), ZeroAddressError);
    const next = stack.walletFor(5);
    await (await acceptOwnership(next)).wait();
    expect((await getRoles(stack.publicClient)).owner).toBe(stack.accounts[5]!.address);
    // and back, so the rest of the file keeps account 0 as the owner
    await (await transferOwnership(next, { newOwner: stack.accounts[0]!.address })).wait();
    await (await acceptOwnership(owner)).wait();
    expect((await getRoles(stack.publicClient)).owner).toBe(stack.accounts[0]!.address);
  });
});

describe('fleet', () => {
  let id: bigint;

  it('adds a battery and reads it back', async () => {
    const receipt = await (await addBattery(admin, { config: batteryConfig() })).wait();
    id = batteryIdOf(receipt);
    expect(id).toBe(1n);
    expect(receipt.outcome).toMatchObject({ batteryId: 1n, by: stack.accounts[1]!.address });
    const b = await getBatteryState(stack.publicClient, { batteryId: id });
    expect(b.status).toBe('Active');
    expect(b.config).toEqual({
      capacityWh: 10_000_000n,
      maxChargeW: 5_000_000n,
      maxDischargeW: 5_000_000n,
      roundTripEfficiencyBps: 9_000,
      chargeBelowPrice: parseEther('0.02'),
      dischargeAbovePrice: parseEther('0.05'),
      active: true,
    });
    expect(b).toMatchObject({ stateOfChargeWh: 0n, lastDispatchedInterval: 0n, profileId: 0, inventoryCost: 0n, bookValue: 0n });
  });

  it('validates battery configurations before sending', async () => {
    await expectError(addBattery(admin, { config: batteryConfig({ capacityWh: 0n }) }), ZeroCapacityError);
    const eff = await expectError(
      addBattery(admin, { config: batteryConfig({ roundTripEfficiencyBps: 10_001 }) }),
      InvalidEfficiencyError,
    );
    expect(eff.detectedBeforeSending).toBe(true);
    expect(eff.args).toEqual([10_001]);
    await expectError(
      addBattery(admin, { config: batteryConfig({ chargeBelowPrice: 5n, dischargeAbovePrice: 5n }) }),
      InvalidPriceThresholdsError,
    );
    await expectError(addBattery(admin, { config: batteryConfig({ serial: 'x'.repeat(33) }) }), InvalidParameterError);
    await expectError(addBattery(admin, { config: batteryConfig({ capacityWh: -1n }) }), InvalidParameterError);
    await expectError(addBattery(stranger, { config: batteryConfig() }), NotAdminError);
  });

  it('accepts a 32-byte hex serial', async () => {
    const serial = `0x${'ab'.repeat(32)}` as const;
    const { outcome } = await (await addBattery(admin, { config: batteryConfig({ serial }) })).wait();
    const id2 = outcome.batteryId;
    expect(outcome.serial).toBe(serial);
    const decommissioned = (await (await decommissionBattery(admin, { batteryId: id2 })).wait()).outcome;
    expect(decommissioned).toMatchObject({ batteryId: id2, stateOfChargeWh: 0n, writtenOffBookValue: 0n });
  });

  it('updates and decommissions, checking the battery first', async () => {
    const updated = await (await updateBattery(admin, { batteryId: id, config: batteryConfig({ metadataURI: 'ipfs://v2', dischargeAbovePrice: parseEther('0.04') }) })).wait();
    expect(updated.outcome).toEqual({ batteryId: id, by: stack.accounts[1]!.address });
    expect((await getBatteryState(stack.publicClient, { batteryId: id })).config.dischargeAbovePrice).toBe(parseEther('0.04'));
    await (await updateBattery(admin, { batteryId: id, config: batteryConfig() })).wait();
    // physical limits may only be lowered: the first raised one, in the contract's order, before sending
    const raised = await expectError(
      updateBattery(admin, { batteryId: id, config: batteryConfig({ maxChargeW: 6_000_000n, roundTripEfficiencyBps: 9_500 }) }),
      BatteryLimitRaisedError,
    );
    expect(raised.args).toEqual([id, 1, 5_000_000n, 6_000_000n]);
    expect(raised.detectedBeforeSending).toBe(true);
    const nf = await expectError(updateBattery(admin, { batteryId: 999n, config: batteryConfig() }), BatteryNotFoundError);
    expect(nf.args).toEqual([999n]);
    await expectError(decommissionBattery(admin, { batteryId: 999 }), BatteryNotFoundError);
    // the contract's own revert, decoded
    const read = await expectError(getBatteryState(stack.publicClient, { batteryId: 999n }), BatteryNotFoundError);
    expect(read.detectedBeforeSending).toBe(false);
    await expectError(decommissionBattery(admin, { batteryId: 2n }), BatteryDecommissionedError);
    await expectError(updateBattery(admin, { batteryId: 2n, config: batteryConfig() }), BatteryDecommissionedError);
    await expectError(getBatteryState(stack.publicClient, { batteryId: 0n }), InvalidParameterError);
  });

  it('lists the fleet', async () => {
    const third = batteryIdOf(
      await (await addBattery(admin, { config: batteryConfig({ serial: 'SN-3', active: false }) })).wait(),
    );
    const fleet = await getFleet(stack.publicClient);
    expect(fleet.batteryCount).toBe(3n);
    expect(fleet.batteries.map((b) => b.batteryId)).toEqual([1n, third]);
    expect(fleet.batteries[1]!.status).toBe('Inactive');
  });
});

describe('oracle and trading', () => {
  it('reads and sets trading params', async () => {
    const params = await getTradingParams(stack.publicClient);
    expect(params.intervalSeconds).toBe(300);
    await expectError(setTradingParams(admin, { params: { ...params, maxBatchSize: 0 } }), InvalidTradingParamsError);
    await expectError(
      setTradingParams(admin, { params: { ...params, minValidPrice: 10n, maxValidPrice: 10n } }),
      InvalidTradingParamsError,
    );
    await expectError(setTradingParams(stranger, { params }), NotAdminError);
    await (await setTradingParams(admin, { params: { ...params, maxBatchSize: 2 } })).wait();
    expect((await getTradingParams(stack.publicClient)).maxBatchSize).toBe(2);
  });

  it('has no valid price before the first round', async () => {
    await expectError(getLatestPrice(stack.publicClient), InvalidRoundError);
    await expectError(quoteDispatch(stack.publicClient, { batteryId: 1n }), InvalidRoundError);
  });

  it('manages reporters and prices', async () => {
    await expectError(submitPrice(stranger, { price: 1n }), NotReporterError);
    await expectError(setReporter(admin, { reporter: stack.accounts[2]!.address, allowed: true }), OwnableUnauthorizedAccountError);
    await (await setReporter(owner, { reporter: stack.accounts[2]!.address, allowed: true })).wait();
    await (await submitPrice(stranger, { price: -parseEther('0.01') })).wait();
    const p = await getLatestPrice(stack.publicClient);
    expect(p.price).toBe(-parseEther('0.01'));
    expect(p.roundId).toBe(1n);
    await (await submitPrice(stranger, { price: 10n ** 30n })).wait();
    const out = await expectError(getLatestPrice(stack.publicClient), PriceOutOfBoundsError);
    expect(out.args[0]).toBe(10n ** 30n);
    await expectError(submitPrice(stranger, { price: 2n ** 256n }), InvalidParameterError);
  });

  it('quotes and dispatches: charge at a low price, then discharge at a high one', async () => {
    // the fund pays for charging from settled deposits
    await (await requestDeposit(stack.walletFor(6), { assets: parseEther('10') })).wait();
    await stack.local.settleEpoch();
    await nextInterval();
    await (await submitPrice(owner, { price: parseEther('0.01') })).wait();
    const quote = await quoteDispatch(stack.publicClient, { batteryId: 1n });
    expect(quote.action).toBe('Charge');
    expect(quote.energyWh).toBe((5_000_000n * 300n) / 3600n);
    expect(quote.value).toBeLessThan(0n);
    expect(quote.alreadyDispatched).toBe(false);
    await (await dispatch(stranger, { batteryIds: [1n] })).wait();
    const after = await getBatteryState(stack.publicClient, { batteryId: 1n });
    expect(after.stateOfChargeWh).toBe(quote.stateOfChargeAfterWh);
    expect(after.lastDispatchedInterval).toBe(quote.interval);
    expect((await quoteDispatch(stack.publicClient, { batteryId: 1n })).alreadyDispatched).toBe(true);
    // a battery already dispatched this interval, or not active, is skipped with its reason — the batch goes through
    const again = (await (await dispatch(stranger, { batteryIds: [1n, 3n] })).wait()).outcome;
    expect(again.trades).toEqual([]);
    expect(again.skipped).toEqual([
      { batteryId: 1n, interval: quote.interval, reason: 'AlreadyDispatched', value: 0n },
      { batteryId: 3n, interval: quote.interval, reason: 'NotActive', value: 0n },
    ]);
    await expectError(dispatch(stranger, { batteryIds: [] }), EmptyBatchError);
    await expectError(dispatch(stranger, { batteryIds: [1n, 3n, 4n] }), BatchTooLargeError);
    await expectError(dispatch(stranger, { batteryIds: [1n, 1n] }), InvalidParameterError);

    // capacity below the stored energy is the contract's CapacityBelowStateOfCharge
    await expectError(
      updateBattery(admin, { batteryId: 1n, config: batteryConfig({ capacityWh: 1n }) }),
      CapacityBelowStateOfChargeError,
    );
    // a charged battery cannot be decommissioned (its stored energy would be written off)
    const full = await expectError(decommissionBattery(admin, { batteryId: 1n }), BatteryNotEmptyError);
    expect(full.args).toEqual([1n, quote.stateOfChargeAfterWh]);
    expect(full.detectedBeforeSending).toBe(true);

    await nextInterval();
    await (await submitPrice(owner, { price: parseEther('0.06') })).wait();
    expect((await quoteDispatch(stack.publicClient, { batteryId: 1n })).action).toBe('Discharge');
    const upkeep = await performUpkeep(stranger);
    expect(upkeep).not.toBeNull();
    const sold = (await upkeep!.wait()).outcome;
    expect(sold.trades).toMatchObject([{ batteryId: 1n, action: 'Discharge', thresholds: 'Static' }]);
    expect(sold.netValue).toBeGreaterThan(0n);
    expect((await getBatteryState(stack.publicClient, { batteryId: 1n })).stateOfChargeWh).toBe(0n);
    // nothing left this interval
    expect(await performUpkeep(stranger)).toBeNull();
  });

  it('refuses a price of an earlier interval, and stale prices', async () => {
    await nextInterval();
    const old = await expectError(getLatestPrice(stack.publicClient), PriceNotForIntervalError);
    expect(old.args[1]).toBe((await stack.publicClient.getBlock()).timestamp);
    await expectError(dispatch(stranger, { batteryIds: [1n] }), PriceNotForIntervalError);
    await wait(601);
    const stale = await expectError(getLatestPrice(stack.publicClient), StalePriceError);
    expect(stale.args[2]).toBe(600n);
    await expectError(dispatch(stranger, { batteryIds: [1n] }), StalePriceError);
    expect(await performUpkeep(stranger)).toBeNull();
  });

  it('deposits grid-market liquidity', async () => {
    const before = await stack.publicClient.getBalance({ address: stack.deployment.contracts.gridMarket });
    const { wait } = await depositMarketLiquidity(stranger, { amount: parseEther('2') });
    const receipt = await wait();
    const [log] = parseEventLogs({ abi: gridMarketAbi, logs: receipt.logs, eventName: 'MarketFunded' });
    expect(log!.args.amount).toBe(parseEther('2'));
    expect(await stack.publicClient.getBalance({ address: stack.deployment.contracts.gridMarket })).toBe(
      before + parseEther('2'),
    );
    await expectError(depositMarketLiquidity(stranger, { amount: 0n }), ZeroAmountError);
  });
});
