/**
 * The trader's strategy book through the SDK, against a real anvil with the real contracts: profiles, battery
 * assignment by kind, a water-value table published, read back and decoded, decisions taken from it (quote and
 * dispatch report the table as the thresholds' source), intraday block updates, a stale table falling back to the
 * static thresholds — and every refusal a typed error.
 */
import { parseEther, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBattery,
  BatteryNotAssignableError,
  BlockRangeInvalidError,
  createProfile,
  decodeStrategyBlock,
  dispatch,
  encodeStrategyBlock,
  getBatteryState,
  getStrategyProfile,
  getStrategyTable,
  IDLE_BAND,
  InvalidParameterError,
  InvalidProfileKindError,
  InvertedThresholdsError,
  NoActiveTableError,
  NotOwnerError,
  NotStrategistError,
  ProfileKindMismatchError,
  publishTable,
  quoteDispatch,
  setBatteryProfile,
  setStrategist,
  submitPrice,
  UnknownProfileError,
  updateBlocks,
  type StrategyBand,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { depositAndClaim } from './helpers/scenario.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
let batteryId: bigint;
const w = (i: number) => stack.walletFor(i);
const addr = (i: number) => stack.accounts[i]!.address;
const UNIT = parseEther('0.001'); // wei/MWh per table unit
/** Every block and band alike: charge at or below `lo` units, discharge at or above `hi` units. */
const table = (lo: number, hi: number): Hex[] =>
  Array.from({ length: 48 }, (_, i) => encodeStrategyBlock(Array.from({ length: 8 }, () => ({ chargeBelow: lo, dischargeAbove: hi })), i));

beforeAll(async () => {
  stack = await startStack();
  await depositAndClaim(stack, [[1, parseEther('10')]]);
  // 10 MWh at 5 MW: a 120-minute battery, 90 % round trip; static thresholds 0.02 / 0.05 ETH/MWh
  batteryId = (await (await addBattery(w(0), { config: batteryConfig() })).wait()).outcome.batteryId;
});
afterAll(async () => {
  await stack?.stop();
});

describe('the block codec', () => {
  it('round-trips every band and refuses inverted or out-of-range thresholds', () => {
    const bands: StrategyBand[] = [
      { chargeBelow: -32_768, dischargeAbove: 32_767 },
      { chargeBelow: -1, dischargeAbove: 0 },
      { chargeBelow: 5, dischargeAbove: 5 },
      IDLE_BAND,
      { chargeBelow: 100, dischargeAbove: 200 },
      { chargeBelow: -200, dischargeAbove: -100 },
      { chargeBelow: 0, dischargeAbove: 1 },
      { chargeBelow: 32_766, dischargeAbove: 32_767 },
    ];
    expect(decodeStrategyBlock(encodeStrategyBlock(bands))).toEqual(bands);
    const inverted = (() => {
      try {
        encodeStrategyBlock([...bands.slice(0, 7), { chargeBelow: 2, dischargeAbove: 1 }], 34);
      } catch (error) {
        return error;
      }
    })() as InvertedThresholdsError;
    expect(inverted).toBeInstanceOf(InvertedThresholdsError);
    expect(inverted.args).toEqual([34n, 7n]);
    expect(() => encodeStrategyBlock(bands.slice(1))).toThrow(InvalidParameterError);
    expect(() => encodeStrategyBlock([...bands.slice(1), { chargeBelow: 0, dischargeAbove: 40_000 }])).toThrow(InvalidParameterError);
  });
});

describe('profiles', () => {
  it('creates profiles (owner) and assigns batteries of the profile\'s kind (admins)', async () => {
    await expectError(createProfile(w(1), { strategist: addr(2), durationMinutes: 120, roundTripEfficiencyBps: 9_000 }), NotOwnerError);
    await expectError(createProfile(w(0), { strategist: addr(2), durationMinutes: 0, roundTripEfficiencyBps: 9_000 }), InvalidProfileKindError);
    const created = (await (await createProfile(w(0), { strategist: addr(2), durationMinutes: 120, roundTripEfficiencyBps: 9_000 })).wait()).outcome;
    expect(created).toEqual({ profileId: 1, strategist: addr(2), durationMinutes: 120, roundTripEfficiencyBps: 9_000 });
    await (await createProfile(w(0), { strategist: addr(2), durationMinutes: 60, roundTripEfficiencyBps: 9_000 })).wait();

    const mismatch = await expectError(setBatteryProfile(w(0), { batteryId, profileId: 2 }), ProfileKindMismatchError);
    expect(mismatch.args).toEqual([batteryId, 2, 120n, 9_000]);
    await expectError(setBatteryProfile(w(0), { batteryId: 99n, profileId: 1 }), BatteryNotAssignableError);
    const assigned = (await (await setBatteryProfile(w(0), { batteryId, profileId: 1 })).wait()).outcome;
    expect(assigned).toEqual({ batteryId, previousProfileId: 0, profileId: 1 });
    expect((await getBatteryState(stack.publicClient, { batteryId })).profileId).toBe(1);

    const profile = await getStrategyProfile(stack.publicClient, { profileId: 1 });
    expect(profile).toMatchObject({ profileId: 1, profileCount: 2, strategist: addr(2), durationMinutes: 120, active: null });
    expect(profile.buffers[0].unitWei).toBe(0n);
    await expectError(getStrategyProfile(stack.publicClient, { profileId: 99 }), UnknownProfileError);
  });
});

describe('tables', () => {
  it('publishes a table (strategist only) and reads it back', async () => {
    const { interval } = await getStrategyProfile(stack.publicClient, { profileId: 1 });
    const from = Number(interval);
    const params = { profileId: 1, effectiveFrom: from, validUntil: from + 1_000, unitWei: UNIT, blocks: table(10, 40) };
    await expectError(publishTable(w(0), params), NotStrategistError);
    await expectError(publishTable(w(2), { ...params, blocks: params.blocks.slice(1) }), InvalidParameterError);
    const published = (await (await publishTable(w(2), params)).wait()).outcome;
    expect(published).toMatchObject({ profileId: 1, buffer: 0, effectiveFrom: from, validUntil: from + 1_000, unitWei: UNIT });

    const profile = await getStrategyProfile(stack.publicClient, { profileId: 1 });
    expect(profile.active).toEqual({ buffer: 0, stale: false });
    expect(profile.buffers[0]).toEqual({ effectiveFrom: from, validUntil: from + 1_000, unitWei: UNIT });
    const read = await getStrategyTable(stack.publicClient, { profileId: 1, buffer: 0 });
    expect(read.blocks).toEqual(params.blocks);
    expect(read.bands[17]![3]).toEqual({ chargeBelow: 10, dischargeAbove: 40 });
    await expectError(getStrategyTable(stack.publicClient, { profileId: 1, buffer: 2 }), InvalidParameterError);
  });

  it('decides by the table: a price the static thresholds would charge at idles', async () => {
    await stack.local.toNextInterval();
    await (await submitPrice(w(0), { price: parseEther('0.015') })).wait(); // static: charge (≤ 0.02); table: idle
    const quote = await quoteDispatch(stack.publicClient, { batteryId });
    expect(quote).toMatchObject({ thresholds: 'TableBuffer0', chargeBelowPrice: 10n * UNIT, dischargeAbovePrice: 40n * UNIT, action: 'Idle' });
    const { outcome } = await (await dispatch(w(5), { batteryIds: [batteryId] })).wait();
    expect(outcome.trades).toMatchObject([{ batteryId, action: 'Idle', thresholds: 'TableBuffer0' }]);
  });

  it('updates blocks intraday: the same price now charges', async () => {
    await expectError(updateBlocks(w(2), { profileId: 1, firstBlock: 48, blocks: [], validUntil: 0 }), BlockRangeInvalidError);
    await expectError(updateBlocks(w(2), { profileId: 2, firstBlock: 0, blocks: [], validUntil: 0 }), NoActiveTableError);
    const { buffers } = await getStrategyProfile(stack.publicClient, { profileId: 1 });
    const updated = (await (await updateBlocks(w(2), { profileId: 1, firstBlock: 0, blocks: table(20, 40), validUntil: buffers[0].validUntil })).wait())
      .outcome;
    expect(updated).toMatchObject({ profileId: 1, buffer: 0, firstBlock: 0, count: 48, validUntil: buffers[0].validUntil });
    await stack.local.toNextInterval();
    await (await submitPrice(w(0), { price: parseEther('0.015') })).wait();
    const { outcome } = await (await dispatch(w(5), { batteryIds: [batteryId] })).wait();
    expect(outcome.trades).toMatchObject([{ batteryId, action: 'Charge', thresholds: 'TableBuffer0' }]);
  });

  it('hands the profile to another strategist; a stale table falls back to the static thresholds', async () => {
    const handed = (await (await setStrategist(w(0), { profileId: 1, strategist: addr(3) })).wait()).outcome;
    expect(handed).toEqual({ profileId: 1, previousStrategist: addr(2), strategist: addr(3) });
    const { buffers } = await getStrategyProfile(stack.publicClient, { profileId: 1 });
    await expectError(updateBlocks(w(2), { profileId: 1, firstBlock: 0, blocks: [], validUntil: buffers[0].effectiveFrom }), NotStrategistError);
    // validUntil in the past expires the table at once
    await (await updateBlocks(w(3), { profileId: 1, firstBlock: 0, blocks: [], validUntil: buffers[0].effectiveFrom })).wait();
    expect((await getStrategyProfile(stack.publicClient, { profileId: 1 })).active).toEqual({ buffer: 0, stale: true });
    await stack.local.toNextInterval();
    await (await submitPrice(w(0), { price: parseEther('0.06') })).wait();
    const quote = await quoteDispatch(stack.publicClient, { batteryId });
    expect(quote).toMatchObject({ thresholds: 'StaticFallback', chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), action: 'Discharge' });
  });
});
