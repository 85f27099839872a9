import { vppTrader_BatteryProfileSet, vppTrader_setBatteryProfile } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { toBatteryId, toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetBatteryProfileParameters extends WriteParameters {
  batteryId: bigint | number;
  /** The profile (0: back to the battery's static thresholds). */
  profileId: number;
}

/** What `setBatteryProfile` did, decoded from its events. */
export interface SetBatteryProfileOutcome {
  batteryId: bigint;
  previousProfileId: number;
  profileId: number;
}

const spec = /* @__PURE__ */ defineWrite<SetBatteryProfileParameters, SetBatteryProfileOutcome>({
  call: (p) => call('vppTrader', vppTrader_setBatteryProfile, [toBatteryId('batteryId', p.batteryId), toUintNumber('profileId', p.profileId, 32)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_BatteryProfileSet);
    return { batteryId: e.batteryId, previousProfileId: e.previousProfileId, profileId: e.profileId };
  },
});

/**
 * Assigns a battery to a strategy profile, or back to its static thresholds with 0 (admins). The battery must exist, not
 * be decommissioned, and be of the profile's kind (duration and efficiency).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setBatteryProfile(client, { batteryId: 1n, profileId: 1 });
 * const { outcome } = await wait();
 * @throws {BatteryNotAssignableError}, {ProfileKindMismatchError}, {UnknownProfileError}, {NotAdminError}
 */
export function setBatteryProfile(client: VppClient, params: SetBatteryProfileParameters): Promise<WriteResult<SetBatteryProfileOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setBatteryProfile} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetBatteryProfile(client, { batteryId: 1n, profileId: 1 });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetBatteryProfile(client: VppClient, params: SetBatteryProfileParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setBatteryProfile} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetBatteryProfile(client, { batteryId: 1n, profileId: 1 });
 */
export function simulateSetBatteryProfile(client: VppClient, params: SetBatteryProfileParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
