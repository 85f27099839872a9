import { vppFund_batteryBookValue, vppPlant_battery, vppTrader_batteryState } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { toBatteryConfig, toStatus, type RawBattery } from '../../internal/battery.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { toBatteryId } from '../../internal/validate.js';
import { BatteryNotFoundError } from '../../errors/contract/BatteryNotFoundError.js';
import type { BatteryConfig, BatteryStatus, ReadParameters } from '../../types.js';

export interface GetBatteryStateParameters extends ReadParameters {
  batteryId: bigint | number;
}

/** A battery as the chain has it: its configuration (VirtualPowerPlant), dispatch state (trader) and book value (fund). */
export interface BatteryState {
  batteryId: bigint;
  status: BatteryStatus;
  config: BatteryConfig;
  /** Stored energy, Wh. */
  stateOfChargeWh: bigint;
  /** Unix seconds. */
  addedAt: bigint;
  /** Last interval the trader dispatched it (0n: never). */
  lastDispatchedInterval: bigint;
  /** Its strategy profile (0: static thresholds). */
  profileId: number;
  /** Cost of the stored energy (average-cost inventory), wei, signed (negative when bought at negative prices). */
  inventoryCost: bigint;
  /** Book value of a battery bought by the fund (cost less depreciation), wei; 0n for batteries added, not bought. */
  bookValue: bigint;
}

/** The packed dispatch state the trader keeps per battery (IEnergyTrader.BatteryState). @internal */
export interface RawDispatchState {
  stateOfChargeWh: bigint;
  intervalPlusOne: bigint | number;
  profileId: number;
  inventoryCost: bigint;
}

/** The reads of one battery, for {@link readAll}. @internal */
export const batteryReads = (id: bigint) =>
  [
    ['vppPlant', vppPlant_battery, [id]],
    ['vppTrader', vppTrader_batteryState, [id]],
    ['vppFund', vppFund_batteryBookValue, [id]],
  ] as const;

/**
 * A battery's configuration, status, state of charge, strategy profile, stored-energy cost and book value, read at
 * one block.
 *
 * @example
 * const battery = await getBatteryState(client, { batteryId: 1n });
 * console.log(battery.status, battery.stateOfChargeWh, battery.profileId);
 * @throws {BatteryNotFoundError} for an id never issued.
 */
export function getBatteryState(client: VppClient, params: GetBatteryStateParameters): Promise<BatteryState> {
  return rpcAction(client, params, async () => {
    const batteryId = toBatteryId('batteryId', params.batteryId);
    const { results } = await readAll<[RawBattery, RawDispatchState, bigint]>(client, batteryReads(batteryId), params.blockNumber);
    if (results[0].status === 0) throw new BatteryNotFoundError({ args: [batteryId] });
    return toBatteryState(batteryId, ...results);
  });
}

/** @internal */
export function toBatteryState(batteryId: bigint, raw: RawBattery, state: RawDispatchState, bookValue: bigint): BatteryState {
  const plusOne = BigInt(state.intervalPlusOne);
  return {
    batteryId,
    status: toStatus(raw.status),
    config: toBatteryConfig(raw),
    stateOfChargeWh: state.stateOfChargeWh,
    addedAt: BigInt(raw.addedAt),
    lastDispatchedInterval: plusOne > 0n ? plusOne - 1n : 0n,
    profileId: Number(state.profileId),
    inventoryCost: state.inventoryCost,
    bookValue,
  };
}
