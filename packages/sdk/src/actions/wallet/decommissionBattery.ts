import { vppFund_BatteryWrittenOff, vppPlant_BatteryDecommissioned, vppPlant_decommissionBattery } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, eventsOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertEmptyBattery } from '../../internal/fleet.js';
import { toBatteryId } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface DecommissionBatteryParameters extends WriteParameters {
  batteryId: bigint | number;
}

/** What `decommissionBattery` did, decoded from its events. */
export interface DecommissionBatteryOutcome {
  batteryId: bigint;
  by: Address;
  /** Energy left in the battery when it was decommissioned, Wh (always 0: only an empty battery can be decommissioned). */
  stateOfChargeWh: bigint;
  /** Book value the fund wrote off (a battery it bought and had not fully depreciated), wei; 0n otherwise. */
  writtenOffBookValue: bigint;
}

const spec = /* @__PURE__ */ defineWrite<DecommissionBatteryParameters, DecommissionBatteryOutcome>({
  call: (p) => call('vppPlant', vppPlant_decommissionBattery, [toBatteryId('batteryId', p.batteryId)]),
  check: (client, _p, c) => assertEmptyBattery(client, c.args[0] as bigint),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_BatteryDecommissioned);
    const writtenOff = eventsOf(client, receipt, 'vppFund', vppFund_BatteryWrittenOff);
    return { batteryId: e.batteryId, by: e.by, stateOfChargeWh: e.stateOfChargeWhAtDecommission, writtenOffBookValue: writtenOff[0]?.remainingBookValue ?? 0n };
  },
});

/**
 * Removes a battery from the fleet for good (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await decommissionBattery(client, { batteryId: 1n });
 * const { outcome } = await wait();
 * @throws {BatteryNotEmptyError}, {BatteryNotFoundError}, {BatteryDecommissionedError}, {NotAdminError}, {SystemPausedError}
 */
export function decommissionBattery(client: VppClient, params: DecommissionBatteryParameters): Promise<WriteResult<DecommissionBatteryOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link decommissionBattery} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeDecommissionBattery(client, { batteryId: 1n });
 * await walletClient.sendTransaction(request);
 */
export function encodeDecommissionBattery(client: VppClient, params: DecommissionBatteryParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link decommissionBattery} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateDecommissionBattery(client, { batteryId: 1n });
 */
export function simulateDecommissionBattery(client: VppClient, params: DecommissionBatteryParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
