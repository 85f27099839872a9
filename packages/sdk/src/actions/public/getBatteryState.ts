import { vppPlant_battery, vppTrader_lastDispatchedInterval } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { toBatteryConfig, toStatus, type RawBatteryConfig } from '../../internal/battery.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { toBatteryId } from '../../internal/validate.js';
import type { BatteryConfig, BatteryStatus, ReadParameters } from '../../types.js';

export interface GetBatteryStateParameters extends ReadParameters {
  batteryId: bigint | number;
}

/** A battery as the chain has it. */
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
}

interface RawBattery {
  config: RawBatteryConfig;
  status: number;
  stateOfChargeWh: bigint;
  addedAt: bigint;
}

/**
 * A battery's configuration, status and state of charge.
 * @throws {BatteryNotFoundError} for an id never issued.
 */
export function getBatteryState(client: VppClient, params: GetBatteryStateParameters): Promise<BatteryState> {
  return rpcAction(client, params, async () => {
    const batteryId = toBatteryId('batteryId', params.batteryId);
    const {
      results: [battery, lastDispatchedInterval],
    } = await readAll<[RawBattery, bigint]>(
      client,
      [
        ['vppPlant', vppPlant_battery, [batteryId]],
        ['vppTrader', vppTrader_lastDispatchedInterval, [batteryId]],
      ],
      params.blockNumber,
    );
    return toBatteryState(batteryId, battery, lastDispatchedInterval);
  });
}

export function toBatteryState(batteryId: bigint, raw: RawBattery, lastDispatchedInterval: bigint): BatteryState {
  return {
    batteryId,
    status: toStatus(raw.status),
    config: toBatteryConfig(raw.config),
    stateOfChargeWh: raw.stateOfChargeWh,
    addedAt: raw.addedAt,
    lastDispatchedInterval,
  };
}
