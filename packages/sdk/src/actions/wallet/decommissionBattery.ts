import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertUpdatableBattery } from '../../internal/fleet.js';
import { toBatteryId } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface DecommissionBatteryParameters extends WriteParameters {
  batteryId: bigint | number;
}

/**
 * Removes a battery from the fleet for good (admins).
 * @throws {BatteryNotFoundError}, {BatteryDecommissionedError}, {NotAdminError}, {SystemPausedError}
 */
export async function decommissionBattery(
  client: VppClient,
  params: DecommissionBatteryParameters,
): Promise<WriteResult> {
  const batteryId = toBatteryId('batteryId', params.batteryId);
  await assertUpdatableBattery(client, batteryId);
  return write(client, {
    contract: 'vppPlant',
    functionName: 'decommissionBattery',
    args: [batteryId],
    account: params.account,
  });
}
