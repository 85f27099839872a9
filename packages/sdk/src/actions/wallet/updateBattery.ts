import { vppPlant_BatteryUpdated, vppPlant_updateBattery } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertUpdatableBattery } from '../../internal/fleet.js';
import { BatteryLimitRaisedError } from '../../errors/contract/BatteryLimitRaisedError.js';
import { toBatteryConfigStruct, toBatteryId } from '../../internal/validate.js';
import type { BatteryConfigInput } from '../../types.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface UpdateBatteryParameters extends WriteParameters {
  batteryId: bigint | number;
  config: BatteryConfigInput;
}

/** What `updateBattery` did, decoded from its events. */
export interface UpdateBatteryOutcome {
  batteryId: bigint;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<UpdateBatteryParameters, UpdateBatteryOutcome>({
  call: (p) => call('vppPlant', vppPlant_updateBattery, [toBatteryId('batteryId', p.batteryId), toBatteryConfigStruct(p.config)]),
  check: async (client, _p, c) => {
    const batteryId = c.args[0] as bigint;
    const current = await assertUpdatableBattery(client, batteryId);
    const next = c.args[1] as { capacityWh: bigint; maxChargeW: bigint; maxDischargeW: bigint; roundTripEfficiencyBps: number };
    // Physical limits may only be lowered (the contract's order: capacity, charge, discharge, efficiency).
    const limits = [
      [current.capacityWh, next.capacityWh],
      [current.maxChargeW, next.maxChargeW],
      [current.maxDischargeW, next.maxDischargeW],
      [BigInt(current.roundTripEfficiencyBps), BigInt(next.roundTripEfficiencyBps)],
    ] as const;
    const raised = limits.findIndex(([was, requested]) => requested > was);
    if (raised >= 0) {
      const [was, requested] = limits[raised]!;
      throw new BatteryLimitRaisedError({ args: [batteryId, raised, was, requested], detectedBeforeSending: true });
    }
  },
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_BatteryUpdated);
    return { batteryId: e.batteryId, by: e.by };
  },
});

/**
 * Replaces a battery's configuration (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const { hash, wait } = await updateBattery(client, { batteryId: 1n, config });
 * const { outcome } = await wait();
 * @throws {BatteryNotFoundError}, {BatteryDecommissionedError}, {BatteryLimitRaisedError} (physical limits may only be
 *   lowered; detected before sending), {CapacityBelowStateOfChargeError}, config errors, {NotAdminError}
 */
export function updateBattery(client: VppClient, params: UpdateBatteryParameters): Promise<WriteResult<UpdateBatteryOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link updateBattery} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const request = encodeUpdateBattery(client, { batteryId: 1n, config });
 * await walletClient.sendTransaction(request);
 */
export function encodeUpdateBattery(client: VppClient, params: UpdateBatteryParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link updateBattery} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const { request, result } = await simulateUpdateBattery(client, { batteryId: 1n, config });
 */
export function simulateUpdateBattery(client: VppClient, params: UpdateBatteryParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
