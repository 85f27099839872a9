import { vppPlant_BatteryAdded, vppPlant_addBattery } from '../../abi.generated.js';
import type { Address, Hex } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { toBatteryConfigStruct } from '../../internal/validate.js';
import type { BatteryConfigInput } from '../../types.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface AddBatteryParameters extends WriteParameters {
  config: BatteryConfigInput;
}

/** What `addBattery` did, decoded from its events. */
export interface AddBatteryOutcome {
  /** The new battery's id. */
  batteryId: bigint;
  serial: Hex;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<AddBatteryParameters, AddBatteryOutcome>({
  call: (p) => call('vppPlant', vppPlant_addBattery, [toBatteryConfigStruct(p.config)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_BatteryAdded);
    return { batteryId: e.batteryId, serial: e.serial, by: e.by };
  },
});

/**
 * Adds a battery the protocol already owns (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await addBattery(client, { config: { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' } });
 * const { outcome } = await wait();
 * @throws {ZeroCapacityError}, {InvalidEfficiencyError}, {InvalidPriceThresholdsError}, {InvalidParameterError}, {NotAdminError}, {SystemPausedError}
 */
export function addBattery(client: VppClient, params: AddBatteryParameters): Promise<WriteResult<AddBatteryOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link addBattery} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeAddBattery(client, { config: { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' } });
 * await walletClient.sendTransaction(request);
 */
export function encodeAddBattery(client: VppClient, params: AddBatteryParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link addBattery} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateAddBattery(client, { config: { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' } });
 */
export function simulateAddBattery(client: VppClient, params: AddBatteryParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
