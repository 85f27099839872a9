import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertUpdatableBattery } from '../../internal/fleet.js';
import { toBatteryConfigStruct, toBatteryId } from '../../internal/validate.js';
import type { BatteryConfigInput, WriteParameters, WriteResult } from '../../types.js';

export interface UpdateBatteryParameters extends WriteParameters {
  batteryId: bigint | number;
  config: BatteryConfigInput;
}

/**
 * Replaces a battery's configuration (admins).
 * @throws {BatteryNotFoundError}, {BatteryDecommissionedError}, {CapacityBelowStateOfChargeError}, config errors, {NotAdminError}
 */
export async function updateBattery(client: VppClient, params: UpdateBatteryParameters): Promise<WriteResult> {
  const batteryId = toBatteryId('batteryId', params.batteryId);
  const config = toBatteryConfigStruct(params.config);
  await assertUpdatableBattery(client, batteryId);
  return write(client, {
    contract: 'vppPlant',
    functionName: 'updateBattery',
    args: [batteryId, config],
    account: params.account,
  });
}
