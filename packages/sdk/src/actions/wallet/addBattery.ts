import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { toBatteryConfigStruct } from '../../internal/validate.js';
import type { BatteryConfigInput, WriteParameters, WriteResult } from '../../types.js';

export interface AddBatteryParameters extends WriteParameters {
  config: BatteryConfigInput;
}

/**
 * Adds a battery the protocol already owns (admins). The new id is in the receipt's `BatteryAdded` log.
 * @throws {ZeroCapacityError}, {InvalidEfficiencyError}, {InvalidPriceThresholdsError}, {InvalidParameterError}, {NotAdminError}, {SystemPausedError}
 */
export async function addBattery(client: VppClient, params: AddBatteryParameters): Promise<WriteResult> {
  const config = toBatteryConfigStruct(params.config);
  return write(client, { contract: 'vppPlant', functionName: 'addBattery', args: [config], account: params.account });
}
