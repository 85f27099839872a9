import { vppPlant_dispatchState } from '../abi.generated.js';
import type { VppClient } from '../config.js';
import { BatteryDecommissionedError } from '../errors/contract/BatteryDecommissionedError.js';
import { BatteryNotEmptyError } from '../errors/contract/BatteryNotEmptyError.js';
import { BatteryNotFoundError } from '../errors/contract/BatteryNotFoundError.js';
import { read } from './contract.js';

/** Throws the contract's error when the battery does not exist or is decommissioned (read before sending). */
export interface UpdatableBatteryState {
  stateOfChargeWh: bigint;
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
}

export async function assertUpdatableBattery(client: VppClient, batteryId: bigint): Promise<UpdatableBatteryState> {
  const state = await read<UpdatableBatteryState & { status: number }>(client, 'vppPlant', vppPlant_dispatchState, [batteryId]);
  if (state.status === 0) throw new BatteryNotFoundError({ args: [batteryId], detectedBeforeSending: true });
  if (state.status === 3) throw new BatteryDecommissionedError({ args: [batteryId], detectedBeforeSending: true });
  return state;
}

/** {@link assertUpdatableBattery}, and the battery stores no energy (decommissioning would write it off). */
export async function assertEmptyBattery(client: VppClient, batteryId: bigint): Promise<void> {
  const { stateOfChargeWh } = await assertUpdatableBattery(client, batteryId);
  if (stateOfChargeWh > 0n) throw new BatteryNotEmptyError({ args: [batteryId, stateOfChargeWh], detectedBeforeSending: true });
}
